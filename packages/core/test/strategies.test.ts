// S4: one_for_all and rest_for_one restart their siblings in OTP's order.
import { createSupervisor, whichChildren, type Strategy } from '../src';
import { childRef, Journal, journaled, settle, startOnClock, worker } from './support/workers';

function tree(strategy: Strategy, journal: Journal) {
  return createSupervisor({
    strategy,
    children: [
      { id: 'a', logic: journaled(journal, 'a') },
      { id: 'b', logic: worker(journal), input: { name: 'b' } },
      { id: 'c', logic: journaled(journal, 'c') },
      { id: 'd', logic: journaled(journal, 'd') },
    ],
  });
}

describe('strategies', () => {
  it('one_for_one restarts only the crashed child', () => {
    const journal = new Journal();
    const { actor: sup } = startOnClock(tree('one_for_one', journal));
    const before = whichChildren(sup).map((c) => c.ref);
    journal.clear();

    childRef(sup, 'b').send({ type: 'crash' });

    expect(journal.entries).toEqual(['start b']);
    const after = whichChildren(sup).map((c) => c.ref);
    expect([after[0] === before[0], after[1] === before[1], after[2] === before[2], after[3] === before[3]]).toEqual([true, false, true, true]);
  });

  it('one_for_all stops every other child in reverse order, then starts all in start order', () => {
    const journal = new Journal();
    const { actor: sup } = startOnClock(tree('one_for_all', journal));
    journal.clear();

    childRef(sup, 'b').send({ type: 'crash' });

    expect(journal.entries).toEqual(['stop d', 'stop c', 'stop a', 'start a', 'start b', 'start c', 'start d']);
    expect(whichChildren(sup).map((c) => c.status)).toEqual(['running', 'running', 'running', 'running']);
  });

  it('rest_for_one restarts the crashed child and those started after it, in order', () => {
    const journal = new Journal();
    const { actor: sup } = startOnClock(tree('rest_for_one', journal));
    const a = childRef(sup, 'a');
    journal.clear();

    childRef(sup, 'b').send({ type: 'crash' });

    expect(journal.entries).toEqual(['stop d', 'stop c', 'start b', 'start c', 'start d']);
    expect(childRef(sup, 'a')).toBe(a);
  });

  it('does not restart a temporary child stopped by a sibling restart (temporary_bystander)', () => {
    const journal = new Journal();
    const { actor: sup } = startOnClock(
      createSupervisor({
        strategy: 'one_for_all',
        children: [
          { id: 'a', logic: journaled(journal, 'a'), restart: 'temporary' },
          { id: 'b', logic: worker(journal), input: { name: 'b' } },
        ],
      }),
    );
    journal.clear();

    childRef(sup, 'b').send({ type: 'crash' });

    expect(journal.entries).toEqual(['stop a', 'start b']);
    expect(whichChildren(sup).map((c) => c.id)).toEqual(['b']);
  });

  it('waits for a sibling that drains on otp.shutdown before restarting the group', async () => {
    const journal = new Journal();
    const { actor: sup, clock } = startOnClock(
      createSupervisor({
        strategy: 'one_for_all',
        children: [
          { id: 'slow', logic: worker(journal, 500), input: { name: 'slow' }, shutdown: 1000 },
          { id: 'b', logic: worker(journal), input: { name: 'b' } },
        ],
      }),
    );
    journal.clear();

    childRef(sup, 'b').send({ type: 'crash' });
    expect(journal.entries).toEqual(['draining slow']);
    expect(whichChildren(sup).map((c) => c.status)).toEqual(['running', 'restarting']);

    clock.increment(500);
    await settle();
    expect(journal.entries).toEqual(['draining slow', 'exit slow', 'start slow', 'start b']);
    expect(whichChildren(sup).map((c) => c.status)).toEqual(['running', 'running']);
  });
});
