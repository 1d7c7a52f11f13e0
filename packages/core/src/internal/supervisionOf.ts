// Finds the Supervision engine of a supervisor actor, for the calls made on it.
import type { AnyActorRef } from 'xstate';
import { SupervisorError } from '../errors';
import { formatValue } from '../formatValue';
import { Supervision } from './supervision';

export function supervisionOf(sup: AnyActorRef): Supervision {
  const context = (sup?.getSnapshot?.() as { context?: { supervision?: unknown } } | undefined)?.context;
  if (!(context?.supervision instanceof Supervision)) {
    throw new SupervisorError('not_a_supervisor', `expected a supervisor actor, got ${formatValue(sup?.id ?? sup)}`);
  }
  return context.supervision;
}

/**
 * Runs a call on a running supervisor's engine and returns its answer, as GenServer.call would: the engine
 * runs calls one at a time, after any restart or graceful stop in progress.
 */
export function callSupervisor<T>(
  sup: AnyActorRef,
  call: (supervision: Supervision) => T | Promise<T>,
  holdsQueue = true,
): Promise<T> {
  let supervision: Supervision;
  try {
    supervision = supervisionOf(sup);
    if (sup.getSnapshot().status !== 'active') {
      throw new SupervisorError('not_running', `supervisor '${supervision.name}' is not running`);
    }
  } catch (err) {
    return Promise.reject(err);
  }
  return new Promise<T>((resolve, reject) => supervision.call(() => call(supervision), { resolve, reject }, holdsQueue));
}
