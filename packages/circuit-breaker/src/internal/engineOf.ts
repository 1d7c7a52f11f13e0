// Finds the engine of a circuit breaker actor, for the calls made on it.
import type { AnyActorRef } from 'xstate';
import { formatValue } from '@xstate-otp/core';
import { CircuitBreakerError } from '../errors';
import { BreakerEngine } from './breakerEngine';

export function engineOf(breaker: AnyActorRef): BreakerEngine {
  const context = (breaker?.getSnapshot?.() as { context?: { engine?: unknown } } | undefined)?.context;
  if (!(context?.engine instanceof BreakerEngine)) {
    throw new CircuitBreakerError('not_a_circuit_breaker', `expected a circuit breaker actor, got ${formatValue(breaker?.id ?? breaker)}`);
  }
  return context.engine;
}
