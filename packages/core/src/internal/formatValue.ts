// Renders a bad value for an error message, so every message names the value it rejects.
import { inspect } from 'node:util';

export function formatValue(value: unknown): string {
  return inspect(value, { depth: 1, breakLength: Infinity, maxStringLength: 80 });
}
