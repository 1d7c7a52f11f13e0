// Checks createCircuitBreaker's options and child specs up front, so bad input fails before anything starts.
import { metrics, type Meter } from '@opentelemetry/api';
import { checkChildSpecs, formatValue, MAX_TIMER_MS, type ChildSpec, type Logger } from '@xstate-otp/core';
import { CircuitBreakerError } from '../errors';
import type { FlagContext, FlagSource } from '../flagSource';
import { safeLogger } from './safeLogger';

/** A breaker child with its defaults resolved: the spec core runs (always temporary) and its flag. */
export interface ResolvedChild {
  readonly spec: ChildSpec;
  readonly flagKey: string;
  readonly context: FlagContext;
}

export interface ResolvedOptions {
  readonly flags: FlagSource;
  readonly children: readonly ResolvedChild[];
  readonly checkIntervalMs: number;
  readonly checkTimeoutMs: number;
  /** The user's logger behind {@link safeLogger}: logging never throws into the breaker. */
  readonly logger: Logger | undefined;
  readonly meter: Meter;
}

/** The instrumentation scope of the breaker's metrics when no meter is given. */
export const METER_NAME = '@xstate-otp/circuit-breaker';

function invalidOption(field: string, value: unknown, expected: string): CircuitBreakerError {
  return new CircuitBreakerError('invalid_option', `option ${field} must be ${expected}, got ${formatValue(value)}`);
}

function invalidChild(id: unknown, field: string, value: unknown, expected: string): CircuitBreakerError {
  const who = typeof id === 'string' ? `'${id}'` : formatValue(id);
  return new CircuitBreakerError('invalid_child_spec', `child ${who}: ${field} must be ${expected}, got ${formatValue(value)}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An option that becomes a timer: above MAX_TIMER_MS, Node would fire it after about 1 ms. */
function timerMs(field: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > MAX_TIMER_MS) {
    throw invalidOption(field, value, `a positive number of milliseconds up to ${MAX_TIMER_MS}`);
  }
  return value;
}

function checkFlags(value: unknown): FlagSource {
  const ok =
    isObject(value) &&
    typeof value.evaluate === 'function' &&
    (value.subscribe === undefined || typeof value.subscribe === 'function') &&
    (value.close === undefined || typeof value.close === 'function');
  if (!ok) throw invalidOption('flags', value, 'a FlagSource with an evaluate(flagKey, context) function');
  return value as unknown as FlagSource;
}

function checkLogger(value: unknown): Logger | undefined {
  if (value === undefined) return undefined;
  const ok = isObject(value) && (['error', 'warn', 'info', 'debug'] as const).every((level) => typeof value[level] === 'function');
  if (!ok) throw invalidOption('logger', value, 'a winston-compatible logger with error, warn, info and debug methods');
  return safeLogger(value as unknown as Logger);
}

function checkMeter(value: unknown): Meter {
  if (value === undefined) return metrics.getMeter(METER_NAME);
  const ok = isObject(value) && typeof value.createObservableGauge === 'function' && typeof value.createCounter === 'function';
  if (!ok) throw invalidOption('meter', value, 'an @opentelemetry/api Meter');
  return value as unknown as Meter;
}

/**
 * Resolves breaker children's flag fields; `taken` holds the ids already in use. The core fields
 * (logic, shutdown...) are left to {@link checkCoreSpecs}.
 */
export function resolveChild(spec: unknown, taken: { has(id: string): boolean }): ResolvedChild {
  if (!isObject(spec)) throw new CircuitBreakerError('invalid_child_spec', `a child spec must be an object, got ${formatValue(spec)}`);
  const { flagKey, flagContext, ...rest } = spec;
  const id = rest.id;
  if (typeof id !== 'string' || id === '') throw invalidChild(id, 'id', id, 'a non-empty string');
  if (taken.has(id)) throw invalidChild(id, 'id', id, 'unique among the breaker children (duplicate id)');
  if (typeof flagKey !== 'string' || flagKey === '') throw invalidChild(id, 'flagKey', flagKey, 'a non-empty string');
  if (flagContext !== undefined) {
    const ok = isObject(flagContext) && typeof flagContext.kind === 'string' && flagContext.kind !== '' && typeof flagContext.key === 'string' && flagContext.key !== '';
    if (!ok) throw invalidChild(id, 'flagContext', flagContext, 'an object with non-empty string kind and key');
  }
  if (rest.restart !== undefined && rest.restart !== 'temporary') {
    throw invalidChild(
      id,
      'restart',
      rest.restart,
      "'temporary' or absent: a crashed breaker child stays down until its flag is seen off (wrap it in createSupervisor to restart it)",
    );
  }
  return { spec: { ...rest, restart: 'temporary' } as ChildSpec, flagKey, context: (flagContext as FlagContext | undefined) ?? { kind: 'service', key: id } };
}

/** Has core check the specs as it does for any supervisor (SupervisorError `invalid_child_spec` naming the child and the field). */
export function checkCoreSpecs(children: readonly ResolvedChild[]): void {
  checkChildSpecs(children.map((child) => child.spec));
}

/** Resolves createCircuitBreaker's options, or throws the first problem, naming the field and the value. */
export function resolveOptions(options: unknown): ResolvedOptions {
  if (!isObject(options)) throw invalidOption('options', options, 'an object');
  const flags = checkFlags(options.flags);
  if (!Array.isArray(options.children)) throw invalidOption('children', options.children, 'an array of child specs');
  const taken = new Set<string>();
  const children = options.children.map((spec: unknown) => {
    const child = resolveChild(spec, taken);
    taken.add(child.spec.id);
    return child;
  });
  checkCoreSpecs(children);
  return {
    flags,
    children,
    checkIntervalMs: timerMs('checkIntervalMs', options.checkIntervalMs, 1000),
    checkTimeoutMs: timerMs('checkTimeoutMs', options.checkTimeoutMs, 5000),
    logger: checkLogger(options.logger),
    meter: checkMeter(options.meter),
  };
}
