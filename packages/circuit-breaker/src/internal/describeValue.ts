// Renders a flag or option value for an error or log message.

/** JSON when possible, so strings keep their quotes and `undefined` stays visible. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
