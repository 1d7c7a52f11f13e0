// Checks child specs and supervisor options up front, so bad input fails before anything starts.
import type { ChildSpec, ChildType, Restart, Shutdown } from '../childSpec';
import { SupervisorError } from '../errors';
import type { Logger } from '../logger';
import { isSupervisorLogic } from '../asSupervisor';
import { formatValue } from '../formatValue';
import { MAX_TIMER_MS } from '../maxTimerMs';

const RESTARTS: readonly Restart[] = ['permanent', 'transient', 'temporary'];
const TYPES: readonly ChildType[] = ['worker', 'supervisor'];

/** A child spec with its defaults resolved. */
export interface ResolvedChildSpec {
  readonly spec: ChildSpec;
  readonly restart: Restart;
  readonly shutdown: Shutdown;
  readonly type: ChildType;
  readonly significant: boolean;
}

function invalidSpec(id: unknown, field: string, value: unknown, expected: string): SupervisorError {
  return new SupervisorError(
    'invalid_child_spec',
    `child ${typeof id === 'string' ? `'${id}'` : formatValue(id)}: ${field} must be ${expected}, got ${formatValue(value)}`,
  );
}

/** Resolves a spec's defaults, or returns the error that names the child, the field and the bad value. */
export function resolveChildSpec(spec: unknown, significantAllowed: boolean): ResolvedChildSpec | SupervisorError {
  if (typeof spec !== 'object' || spec === null) {
    return new SupervisorError('invalid_child_spec', `a child spec must be an object, got ${formatValue(spec)}`);
  }
  const s = spec as Partial<ChildSpec>;
  if (typeof s.id !== 'string' || s.id === '') return invalidSpec(s.id, 'id', s.id, 'a non-empty string');
  const logic = s.logic as { transition?: unknown } | undefined;
  if (typeof logic !== 'object' || logic === null || typeof logic.transition !== 'function') {
    return invalidSpec(s.id, 'logic', s.logic, 'xstate actor logic (a machine, fromPromise(...), ...)');
  }
  if (s.systemId !== undefined && (typeof s.systemId !== 'string' || s.systemId === '')) {
    return invalidSpec(s.id, 'systemId', s.systemId, 'a non-empty string');
  }
  // A field given as null is refused, not read as absent: only undefined takes the default.
  const restart = s.restart === undefined ? 'permanent' : s.restart;
  if (!RESTARTS.includes(restart)) return invalidSpec(s.id, 'restart', s.restart, `one of ${RESTARTS.join(', ')}`);
  const type = s.type === undefined ? (isSupervisorLogic(s.logic) ? 'supervisor' : 'worker') : s.type;
  if (!TYPES.includes(type)) return invalidSpec(s.id, 'type', s.type, `one of ${TYPES.join(', ')}`);
  const shutdown = s.shutdown === undefined ? (type === 'supervisor' ? 'infinity' : 5000) : s.shutdown;
  const shutdownOk =
    shutdown === 'brutal_kill' ||
    shutdown === 'infinity' ||
    (typeof shutdown === 'number' && Number.isFinite(shutdown) && shutdown >= 0 && shutdown <= MAX_TIMER_MS);
  if (!shutdownOk) {
    return invalidSpec(s.id, 'shutdown', s.shutdown, `a number of milliseconds from 0 to ${MAX_TIMER_MS}, 'brutal_kill' or 'infinity'`);
  }
  const significant = s.significant === undefined ? false : s.significant;
  if (typeof significant !== 'boolean') return invalidSpec(s.id, 'significant', s.significant, 'a boolean');
  if (significant && restart === 'permanent') {
    return invalidSpec(s.id, 'significant', significant, "false for a permanent child (OTP: only transient or temporary children can be significant)");
  }
  if (significant && !significantAllowed) {
    return invalidSpec(s.id, 'significant', significant, "false unless the supervisor's autoShutdown is 'any_significant' or 'all_significant'");
  }
  return { spec: s as ChildSpec, restart, shutdown, type, significant };
}

/** Throws the first problem of a list of specs, duplicate ids included. */
export function resolveChildSpecs(specs: unknown, significantAllowed: boolean): ResolvedChildSpec[] {
  if (!Array.isArray(specs)) throw invalidOption('children', specs, 'an array of child specs');
  const seen = new Set<string>();
  return specs.map((spec) => {
    const resolved = resolveChildSpec(spec, significantAllowed);
    if (resolved instanceof SupervisorError) throw resolved;
    if (seen.has(resolved.spec.id)) throw invalidSpec(resolved.spec.id, 'id', resolved.spec.id, 'unique among its siblings (duplicate id)');
    seen.add(resolved.spec.id);
    return resolved;
  });
}

export function invalidOption(field: string, value: unknown, expected: string): SupervisorError {
  return new SupervisorError('invalid_option', `option ${field} must be ${expected}, got ${formatValue(value)}`);
}

/** A count option: a whole number >= min, or Infinity where allowed. */
export function checkCount(field: string, value: unknown, fallback: number, min: number, infinityAllowed: boolean): number {
  if (value === undefined) return fallback;
  const ok =
    typeof value === 'number' && ((Number.isInteger(value) && value >= min) || (infinityAllowed && value === Infinity));
  if (!ok) throw invalidOption(field, value, `a whole number >= ${min}${infinityAllowed ? ' or Infinity' : ''}`);
  return value as number;
}

export function checkOneOf<T extends string>(field: string, value: unknown, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value as T)) throw invalidOption(field, value, `one of ${allowed.join(', ')}`);
  return value as T;
}

export function checkLogger(value: unknown): Logger | undefined {
  if (value === undefined) return undefined;
  const l = value as Partial<Logger> | null;
  const ok = typeof l === 'object' && l !== null && (['error', 'warn', 'info', 'debug'] as const).every((m) => typeof l[m] === 'function');
  if (!ok) throw invalidOption('logger', value, 'a winston-compatible logger with error, warn, info and debug methods');
  return l as Logger;
}

export function checkPlainObject(field: string, value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidOption(field, value, 'an object');
  return value as Record<string, unknown>;
}
