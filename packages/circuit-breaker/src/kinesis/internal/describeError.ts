// How a consumer names the error it crashes with: `Name: message` of the error behind it.

/** `Name: message` of an error, for the message of the error a consumer crashes with. */
export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
