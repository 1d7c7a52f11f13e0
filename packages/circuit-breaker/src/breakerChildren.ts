// Lists a circuit breaker's children with their flag, status and crash history.
import type { AnyActorRef } from 'xstate';
import { engineOf } from './internal/engineOf';

/**
 * A breaker child's status: `running` (started, or shutting down), `off` (its flag is off, unknown,
 * or not checked yet) or `crashed` (down until its flag is seen off).
 *
 * @example
 * ```ts
 * const down = breakerChildren(breaker).filter((c) => c.status === ('crashed' satisfies BreakerChildStatus));
 * ```
 */
export type BreakerChildStatus = 'running' | 'off' | 'crashed';

/**
 * What {@link breakerChildren} says of one child. `enabled` is the flag's value at the last check
 * (undefined before the first one, or when unknown / not a boolean); `crashes` counts every crash
 * since the breaker started, `lastError` is the latest; `ref` is the running actor.
 *
 * @example
 * ```ts
 * const info: BreakerChildInfo = breakerChildren(breaker)[0];
 * if (info.status === 'crashed') console.error(info.id, info.lastError);
 * ```
 */
export interface BreakerChildInfo {
  id: string;
  flagKey: string;
  enabled: boolean | undefined;
  status: BreakerChildStatus;
  crashes: number;
  lastError?: unknown;
  ref?: AnyActorRef;
}

/**
 * Lists a circuit breaker's children in the order they were given or added. Throws
 * {@link CircuitBreakerError} `not_a_circuit_breaker` for another actor.
 *
 * @example
 * ```ts
 * for (const { id, status, crashes } of breakerChildren(breaker)) console.log(id, status, crashes);
 * ```
 */
export function breakerChildren(breaker: AnyActorRef): BreakerChildInfo[] {
  return engineOf(breaker).list();
}
