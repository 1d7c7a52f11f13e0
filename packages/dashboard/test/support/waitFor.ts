// Waits for a condition with a bounded poll: the dashboard pushes on real timers and over real sockets.
import { setTimeout as delay } from 'node:timers/promises';

/** Polls `predicate` every 5 ms; rejects naming `what` if it still fails after `timeoutMs`. */
export async function waitFor(what: string, predicate: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`waitFor: timed out waiting for ${what}`);
    await delay(5);
  }
}
