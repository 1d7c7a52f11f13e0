// A child's systemId is registered again each time it restarts, so system.get always finds the live one.
import { createSupervisor } from '../src';
import { startOnClock, worker } from './support/workers';

describe('systemId', () => {
  it('registers the restarted child under the same systemId', () => {
    const { actor: sup } = startOnClock(createSupervisor({ children: [{ id: 'db', logic: worker(), systemId: 'database' }] }));
    const first = sup.system.get('database');
    expect(first?.id).toBe('db');

    first!.send({ type: 'crash' });

    const second = sup.system.get('database');
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    expect(second!.getSnapshot().status).toBe('active');
  });
});
