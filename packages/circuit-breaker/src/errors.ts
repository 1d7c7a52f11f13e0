// Every error class of @xstate-otp/circuit-breaker, each with a stable `code` users can match on.
import { formatValue } from '@xstate-otp/core';

/**
 * Codes of {@link CircuitBreakerError}: all of them are programmer errors, thrown before anything starts.
 *
 * @example
 * ```ts
 * const isBadSpec = (error: CircuitBreakerError) => error.code === ('invalid_child_spec' satisfies CircuitBreakerErrorCode);
 * ```
 */
export type CircuitBreakerErrorCode = 'invalid_option' | 'invalid_child_spec' | 'not_a_circuit_breaker';

/**
 * Bad options or child specs given to `createCircuitBreaker` / `addChild`, or a call on an actor that
 * is not a running circuit breaker. The message names the field and the bad value.
 *
 * @example
 * ```ts
 * try {
 *   createCircuitBreaker({ flags, children, checkIntervalMs: 0 });
 * } catch (error) {
 *   if (error instanceof CircuitBreakerError && error.code === 'invalid_option') console.error(error.message);
 * }
 * ```
 */
export class CircuitBreakerError extends Error {
  override readonly name = 'CircuitBreakerError';
  readonly code: CircuitBreakerErrorCode;

  constructor(code: CircuitBreakerErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

/**
 * Codes of {@link FlagSourceError}.
 *
 * @example
 * ```ts
 * const isOutage = (error: FlagSourceError) => error.code === ('flag_source_unavailable' satisfies FlagSourceErrorCode);
 * ```
 */
export type FlagSourceErrorCode = 'flag_not_boolean' | 'flag_source_unavailable';

/**
 * How a {@link FlagSource} reports a flag it cannot turn into a boolean:
 * `'flag_not_boolean'` (the flag holds another value, kept in `value`: the breaker counts the child
 * as off and warns once, naming the flag and the value) or `'flag_source_unavailable'` (the vendor
 * could not answer: the breaker treats it as an outage and changes nothing).
 *
 * @example
 * ```ts
 * async evaluate(flagKey) {
 *   const value = await store.get(flagKey);
 *   if (typeof value !== 'boolean') throw FlagSourceError.notBoolean(flagKey, value);
 *   return value;
 * }
 * ```
 */
export class FlagSourceError extends Error {
  override readonly name = 'FlagSourceError';
  readonly code: FlagSourceErrorCode;
  readonly flagKey: string;
  /** The value the flag holds, for `'flag_not_boolean'`. */
  readonly value?: unknown;

  constructor(code: FlagSourceErrorCode, flagKey: string, message: string, options: { value?: unknown } = {}) {
    super(message);
    this.code = code;
    this.flagKey = flagKey;
    if ('value' in options) this.value = options.value;
  }

  /** The flag holds `value`, which is not a boolean. */
  static notBoolean(flagKey: string, value: unknown): FlagSourceError {
    return new FlagSourceError('flag_not_boolean', flagKey, `flag "${flagKey}" is not a boolean: ${formatValue(value)}`, {
      value,
    });
  }

  /** The vendor could not evaluate the flag (not initialised, malformed flag, provider error...). */
  static unavailable(flagKey: string, reason: string): FlagSourceError {
    return new FlagSourceError('flag_source_unavailable', flagKey, `flag "${flagKey}" could not be evaluated: ${reason}`);
  }
}
