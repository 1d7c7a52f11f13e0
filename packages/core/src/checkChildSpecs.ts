// Checks child specs as a supervisor would, for code that builds on supervisors and takes specs of its own.
import type { ChildSpec } from './childSpec';
import { resolveChildSpecs } from './internal/validation';

/**
 * Throws SupervisorError `invalid_child_spec` (naming the child, the field and the value) for the first bad
 * spec, duplicate ids included, exactly as `createSupervisor` would, and starts nothing. `significantAllowed`
 * is true where an `autoShutdown` supervisor will run them.
 *
 * @example
 * ```ts
 * checkChildSpecs(options.children.map(({ flagKey, ...spec }) => spec)); // before building anything
 * ```
 */
export function checkChildSpecs(specs: readonly ChildSpec[], options: { significantAllowed?: boolean } = {}): void {
  resolveChildSpecs(specs, options.significantAllowed ?? false);
}
