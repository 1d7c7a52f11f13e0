// Fault injection around a real flag source: make it throw, reject or hang, then heal it.
import type { FlagSource } from '@xstate-otp/circuit-breaker';

export type Fault = 'throws' | 'rejects' | 'hangs';

export function faultyFlags(inner: FlagSource) {
  let fault: Fault | undefined;
  const hung: Array<() => void> = [];
  const source: FlagSource = {
    evaluate(flagKey, context) {
      switch (fault) {
        case 'throws':
          throw new Error('flag service down');
        case 'rejects':
          return Promise.reject(new Error('flag service down'));
        case 'hangs':
          return new Promise((resolve, reject) => hung.push(() => inner.evaluate(flagKey, context).then(resolve, reject)));
        default:
          return inner.evaluate(flagKey, context);
      }
    },
    subscribe: inner.subscribe,
  };
  return {
    source,
    fail(next: Fault) {
      fault = next;
    },
    /** Ends the fault; evaluations that hung answer now. */
    heal() {
      fault = undefined;
      hung.splice(0).forEach((answer) => answer());
    },
  };
}
