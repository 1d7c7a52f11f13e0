// How the packages render a bad value in an error message, so every message names the value it rejects.
import { inspect } from 'node:util';

/**
 * Renders a value for an error or log message: short and unambiguous (strings keep their quotes, objects
 * stay on one line, long strings are cut). Every `invalid_option` / `invalid_child_spec` message uses it.
 *
 * @example
 * ```ts
 * throw new Error(`option maxRecords must be 1 to 10000, got ${formatValue(options.maxRecords)}`);
 * // option maxRecords must be 1 to 10000, got '500'
 * ```
 */
export function formatValue(value: unknown): string {
  return inspect(value, { depth: 1, breakLength: Infinity, maxStringLength: 80 });
}
