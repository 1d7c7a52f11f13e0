// Starts a circuit breaker for a test and records what it emits.
import { createActor } from 'xstate';
import {
  breakerChildren,
  createCircuitBreaker,
  type BreakerChildStatus,
  type CircuitBreakerCheckEvent,
  type CircuitBreakerCrashEvent,
  type CircuitBreakerOptions,
} from '@xstate-otp/circuit-breaker';

const started: Array<{ stop(): void }> = [];
// A test that fails half-way must not leave a breaker polling (an open handle): stop every one it started.
afterEach(() => started.splice(0).forEach((actor) => actor.stop()));

export function startBreaker(options: CircuitBreakerOptions) {
  const actor = createActor(createCircuitBreaker(options));
  started.push(actor);
  const checks: Array<Omit<CircuitBreakerCheckEvent, 'type'>> = [];
  const crashes: CircuitBreakerCrashEvent[] = [];
  actor.on('circuitBreaker.check', ({ running, off, crashed }) => checks.push({ running, off, crashed }));
  actor.on('circuitBreaker.crash', (event) => crashes.push(event));
  actor.start();
  return {
    actor,
    checks,
    crashes,
    /** Each child's status, by id. */
    statuses: (): Record<string, BreakerChildStatus> => Object.fromEntries(breakerChildren(actor).map((c) => [c.id, c.status])),
    child: (id: string) => breakerChildren(actor).find((c) => c.id === id)!,
  };
}
