// Waits, with real timers, until a condition holds or a deadline passes: for work that crosses real I/O.
import { setTimeout as delay } from 'node:timers/promises';

/** Polls `predicate` every 5 ms; rejects with `what` if it is still false after `timeoutMs`. */
export async function waitFor(what: string, predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`waitFor: timed out waiting for ${what}`);
    await delay(5);
  }
}
