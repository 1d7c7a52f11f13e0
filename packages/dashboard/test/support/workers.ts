// Test actors: a worker machine that crashes with a given message, and helpers to find actors in a dashboard view.
import { createMachine, type AnyActorRef } from 'xstate';
import { whichChildren } from '@xstate-otp/core';
import type { ActorSummaryView, DashboardView } from '../../src';

/** `crash` throws `message` (default `<id> crashed`); `ping` is received and changes nothing; `finish` ends it. */
export const worker = createMachine({
  id: 'worker',
  types: {} as { events: { type: 'crash'; message?: string } | { type: 'ping'; n?: number } | { type: 'finish' } },
  initial: 'running',
  states: {
    running: {
      on: {
        crash: {
          actions: ({ event, self }) => {
            throw new Error(event.message ?? `${self.id} crashed`);
          },
        },
        ping: {},
        finish: 'finished',
      },
    },
    finished: { type: 'final' },
  },
});

/** The running actor of a supervisor's child. */
export function childRef(sup: AnyActorRef, id: string): AnyActorRef {
  const ref = whichChildren(sup).find((c) => c.id === id)?.ref;
  if (!ref) throw new Error(`no running child ${id}`);
  return ref;
}

/**
 * Each actor's path of ids from its root (`app/workers/w1`), in view order, without the helpers a
 * supervisor invokes for itself (ids in core's `otp.` namespace): those change with core, not with the app.
 */
export function paths(view: DashboardView<ActorSummaryView>): string[] {
  return view.actors.map((a) => pathOf(view, a)).filter((path) => !/(^|\/)otp\.[^/]*$/.test(path));
}

function pathOf(view: DashboardView<ActorSummaryView>, actor: ActorSummaryView): string {
  const parent = view.actors.find((a) => a.key === actor.parent);
  return parent ? `${pathOf(view, parent)}/${actor.id}` : actor.id;
}

/** The actor at a path of ids (`app/workers/w1`), in a full view or a pushed one; throws when there is none. */
export function actorAt<TActor extends ActorSummaryView>(view: DashboardView<TActor>, path: string): TActor {
  const found = view.actors.find((a) => pathOf(view, a) === path);
  if (!found) throw new Error(`no actor at ${path}; paths: ${paths(view).join(', ')}`);
  return found;
}
