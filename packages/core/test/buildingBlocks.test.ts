// The pieces for code built on supervisors: escalate, asSupervisor and checkChildSpecs.
import { createActor, createMachine, fromCallback, setup } from 'xstate';
import { asSupervisor, checkChildSpecs, createSupervisor, escalate, whichChildren } from '../src';
import { Journal, journaled } from './support/workers';

describe('escalate', () => {
  it('ends the machine in status error with its input, after stopping its other invoked actors', () => {
    const journal = new Journal();
    const failure = new Error('gave up');
    const machine = setup({ actors: { escalate, resource: journaled(journal, 'resource') } }).createMachine({
      initial: 'working',
      states: {
        working: { invoke: { src: 'resource' }, on: { fatal: 'crashed' } },
        crashed: { invoke: { src: 'escalate', input: () => failure } },
      },
    });
    const actor = createActor(machine);
    actor.subscribe({ error: () => undefined });
    actor.start();
    actor.send({ type: 'fatal' });
    expect(actor.getSnapshot().status).toBe('error');
    expect(actor.getSnapshot().error).toBe(failure);
    expect(journal.entries).toEqual(['start resource', 'stop resource']);
  });
});

describe('asSupervisor', () => {
  it("makes a child spec running the logic default to type 'supervisor' (and shutdown 'infinity')", () => {
    const tree = asSupervisor(createMachine({}));
    const plain = fromCallback(() => undefined);
    const sup = createActor(
      createSupervisor({
        children: [
          { id: 'tree', logic: tree },
          { id: 'plain', logic: plain },
        ],
      }),
    ).start();
    expect(whichChildren(sup).map((c) => [c.id, c.type])).toEqual([
      ['tree', 'supervisor'],
      ['plain', 'worker'],
    ]);
  });
});

describe('checkChildSpecs', () => {
  it('throws what createSupervisor would, and starts nothing', () => {
    const journal = new Journal();
    expect(() =>
      checkChildSpecs([
        { id: 'a', logic: journaled(journal, 'a') },
        { id: 'a', logic: journaled(journal, 'a') },
      ]),
    ).toThrow("child 'a': id must be unique among its siblings (duplicate id), got 'a'");
    expect(() => checkChildSpecs([{ id: 'a', logic: journaled(journal, 'a'), restart: 'transient', significant: true }], { significantAllowed: true })).not.toThrow();
    expect(journal.entries).toEqual([]);
  });
});
