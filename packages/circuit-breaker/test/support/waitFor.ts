// Waits, with real timers, until a condition holds or a deadline passes: for work that crosses real I/O.
import { setTimeout as delay } from 'node:timers/promises';

/** Polls `predicate` every 5 ms; rejects naming `what` if it is still false after `timeoutMs` (under jest's 5 s test timeout). */
export async function waitFor(what: string, predicate: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`waitFor: timed out waiting for ${what}`);
    await delay(5);
  }
}
