// Finds the Supervision engine of a supervisor actor, for the calls made on it.
import type { AnyActorRef } from 'xstate';
import { SupervisorError } from '../errors';
import { formatValue } from './formatValue';
import { Supervision } from './supervision';
import type { SupervisorEvent } from './supervisorMachine';

export function supervisionOf(sup: AnyActorRef): Supervision {
  const context = (sup?.getSnapshot?.() as { context?: { supervision?: unknown } } | undefined)?.context;
  if (!(context?.supervision instanceof Supervision)) {
    throw new SupervisorError('not_a_supervisor', `expected a supervisor actor, got ${formatValue(sup?.id ?? sup)}`);
  }
  return context.supervision;
}

type CallEvent = Extract<SupervisorEvent, { reply: unknown }>;
type CallRequest = CallEvent extends infer E ? (E extends CallEvent ? Omit<E, 'reply'> : never) : never;

/** Sends a call to a running supervisor and returns its answer, as GenServer.call would. */
export function callSupervisor<T>(sup: AnyActorRef, event: CallRequest): Promise<T> {
  try {
    const supervision = supervisionOf(sup);
    if (sup.getSnapshot().status !== 'active') {
      throw new SupervisorError('not_running', `supervisor '${supervision.name}' is not running`);
    }
  } catch (err) {
    return Promise.reject(err);
  }
  return new Promise<T>((resolve, reject) => sup.send({ ...event, reply: { resolve, reject } } as CallEvent));
}
