// How a consumer machine crashes: it invokes this actor, which rejects with the error the machine ends with.
import { fromPromise } from 'xstate';

/**
 * An invoked actor's error that no transition handles puts its machine in status `error` after stopping the
 * machine's children (aborting their signals); a throwing action would leave them running.
 */
export const crashActor = fromPromise<never, { error: unknown }>(async ({ input }) => {
  throw input.error;
});

/** `Name: message` of an error, for the message of the error a consumer crashes with. */
export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
