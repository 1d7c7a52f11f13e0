// Supervisors are xstate actors: the inspection API sees them, their children and every restart.
import { createActor, type AnyActorRef, type InspectionEvent } from 'xstate';
import { createSupervisor } from '../src';
import { childRef, worker } from './support/workers';

describe('inspection', () => {
  it('shows each child, with the supervisor as parent, and a new actor for each restart', () => {
    const actors: Array<{ id: string; parent?: string }> = [];
    const sup = createActor(createSupervisor({ children: [{ id: 'w', logic: worker() }] }), {
      id: 'app',
      inspect: (e: InspectionEvent) => {
        if (e.type !== '@xstate.actor') return;
        const ref = e.actorRef as AnyActorRef & { _parent?: AnyActorRef };
        actors.push({ id: ref.id, parent: ref._parent?.id });
      },
    }).start();
    childRef(sup, 'w').send({ type: 'crash' });
    expect(actors).toEqual([
      { id: 'app', parent: undefined },
      { id: 'otp.stopHook', parent: 'app' },
      { id: 'w', parent: 'app' },
      { id: 'w', parent: 'app' },
    ]);
  });
});
