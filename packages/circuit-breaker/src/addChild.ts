// Adds a flagged child to a running circuit breaker.
import type { AnyActorRef } from 'xstate';
import type { CircuitBreakerChildSpec } from './createCircuitBreaker';
import { CircuitBreakerError } from './errors';
import { engineOf } from './internal/engineOf';
import { checkCoreSpecs, resolveChild } from './internal/resolveOptions';

/**
 * Adds a child to a running circuit breaker. It follows the same rules as the children given at
 * creation; the promise resolves once a check has looked at its flag (so the child runs if the flag
 * is on and the source answered). Rejects with {@link CircuitBreakerError} `invalid_child_spec`
 * (no flagKey, id taken...) or `not_a_circuit_breaker` (another actor, or a breaker that is stopped or
 * shutting down), before anything starts; and with `not_a_circuit_breaker` if the breaker starts shutting
 * down or stops before a check looked at the flag (the child is then not added).
 *
 * @example
 * ```ts
 * await addChild(breaker, { id: 'shard-0042', logic: shardConsumer, flagKey: 'consumer.orders' });
 * ```
 */
export function addChild(breaker: AnyActorRef, spec: CircuitBreakerChildSpec): Promise<void> {
  try {
    const engine = engineOf(breaker);
    if (breaker.getSnapshot().status !== 'active') {
      throw new CircuitBreakerError('not_a_circuit_breaker', `circuit breaker '${breaker.id}' is not running`);
    }
    // Its monitor stops first: no check would ever look at the new child's flag.
    if (engine.stopping) throw new CircuitBreakerError('not_a_circuit_breaker', `circuit breaker '${breaker.id}' is shutting down`);
    const child = resolveChild(spec, engine);
    checkCoreSpecs([child]);
    return engine.add(child);
  } catch (error) {
    return Promise.reject(error);
  }
}
