// Property: the sliding-window intensity agrees with counting restarts in the window by hand.
import fc from 'fast-check';
import { RestartIntensity } from '../src/internal/restartIntensity';

describe('restart intensity (property)', () => {
  it('allows a restart exactly when at most maxRestarts restarts fall within periodMs of it', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 40 }),
        (maxRestarts, periodMs, gaps) => {
          const intensity = new RestartIntensity(maxRestarts, periodMs);
          const times: number[] = [];
          let now = 0;
          for (const gap of gaps) {
            now += gap;
            times.push(now);
            const inWindow = times.filter((t) => now - t < periodMs).length;
            if (intensity.allow(now) !== inWindow <= maxRestarts) return false;
            // A supervisor that gave up restarts nothing more: the model stops at the first refusal.
            if (inWindow > maxRestarts) return true;
          }
          return true;
        },
      ),
    );
  });
});
