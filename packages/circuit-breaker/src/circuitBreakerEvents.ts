// The events a circuit breaker emits (`breaker.on(type, handler)`), after each check and each crash.

/**
 * How many breaker children are in each state. A child that is shutting down still counts as running
 * until it has stopped.
 *
 * @example
 * ```ts
 * const counts: CircuitBreakerCounts = { running: 3, off: 1, crashed: 0 };
 * ```
 */
export interface CircuitBreakerCounts {
  running: number;
  off: number;
  crashed: number;
}

/**
 * Emitted after every check (each `checkIntervalMs`, and each change event), with the counts it left;
 * the same counts are the `circuit_breaker.children` gauge.
 *
 * @example
 * ```ts
 * breaker.on('circuitBreaker.check', ({ running, off, crashed }) => console.log({ running, off, crashed }));
 * ```
 */
export interface CircuitBreakerCheckEvent extends CircuitBreakerCounts {
  type: 'circuitBreaker.check';
}

/**
 * Emitted once per crash of a breaker child: its id, the error, and how many times it crashed so far.
 * The child stays down until its flag is seen off.
 *
 * @example
 * ```ts
 * breaker.on('circuitBreaker.crash', ({ id, error, crashes }) => alert(`${id} crashed (${crashes}x)`, error));
 * ```
 */
export interface CircuitBreakerCrashEvent {
  type: 'circuitBreaker.crash';
  id: string;
  error: unknown;
  crashes: number;
}

/**
 * Every event a circuit breaker emits.
 *
 * @example
 * ```ts
 * const seen: CircuitBreakerEmitted[] = [];
 * breaker.on('*', (event) => seen.push(event));
 * ```
 */
export type CircuitBreakerEmitted = CircuitBreakerCheckEvent | CircuitBreakerCrashEvent;
