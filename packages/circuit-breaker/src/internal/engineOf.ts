// Finds the engine of a circuit breaker actor, for the calls made on it.
import type { AnyActorRef } from 'xstate';
import { formatValue } from '@xstate-otp/core';
import { CircuitBreakerError } from '../errors';
import { BreakerEngine } from './breakerEngine';

export function engineOf(breaker: AnyActorRef): BreakerEngine {
  const snapshot = breaker?.getSnapshot?.() as { context?: { engine?: unknown }; machine?: { id: string } } | undefined;
  const context = snapshot?.context;
  // The breaker's monitor holds the same engine in its context: only the breaker itself answers.
  if (!(context?.engine instanceof BreakerEngine) || snapshot?.machine?.id !== 'circuitBreaker') {
    throw new CircuitBreakerError('not_a_circuit_breaker', `expected a circuit breaker actor, got ${formatValue(breaker?.id ?? breaker)}`);
  }
  return context.engine;
}
