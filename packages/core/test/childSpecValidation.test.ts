// S9: invalid child specs and options are rejected before anything starts, naming the child, field and value.
import { createActor } from 'xstate';
import { createDynamicSupervisor, createSupervisor, startChild, SupervisorError, type ChildSpec } from '../src';
import { Journal, journaled } from './support/workers';

describe('child spec validation', () => {
  const journal = new Journal();
  const ok = (id: string): ChildSpec => ({ id, logic: journaled(journal, id) });
  afterEach(() => expect(journal.entries).toEqual([]));

  it.each([
    ['a duplicate id', [ok('a'), ok('a')], "child 'a': id must be unique among its siblings (duplicate id), got 'a'"],
    ['a missing id', [{ logic: journaled(journal, 'x') }], 'child undefined: id must be a non-empty string, got undefined'],
    ['an unknown restart', [{ ...ok('a'), restart: 'sometimes' }], "child 'a': restart must be one of permanent, transient, temporary, got 'sometimes'"],
    ['a negative shutdown', [{ ...ok('a'), shutdown: -1 }], "child 'a': shutdown must be a number of milliseconds from 0 to 2147483647, 'brutal_kill' or 'infinity', got -1"],
    [
      'a shutdown longer than a timer can wait',
      [{ ...ok('a'), shutdown: 3e9 }],
      "child 'a': shutdown must be a number of milliseconds from 0 to 2147483647, 'brutal_kill' or 'infinity', got 3000000000",
    ],
    ['a null restart', [{ ...ok('a'), restart: null }], "child 'a': restart must be one of permanent, transient, temporary, got null"],
    ['a bad type', [{ ...ok('a'), type: 'manager' }], "child 'a': type must be one of worker, supervisor, got 'manager'"],
    ['logic that is not actor logic', [{ id: 'a', logic: () => 1 }], "child 'a': logic must be xstate actor logic (a machine, fromPromise(...), ...), got [Function: logic]"],
    [
      'a significant permanent child',
      [{ ...ok('a'), significant: true }],
      "child 'a': significant must be false for a permanent child (OTP: only transient or temporary children can be significant), got true",
    ],
    [
      'a significant child without autoShutdown',
      [{ ...ok('a'), significant: true, restart: 'transient' }],
      "child 'a': significant must be false unless the supervisor's autoShutdown is 'any_significant' or 'all_significant', got true",
    ],
  ])('rejects %s with invalid_child_spec', (_case, children, message) => {
    let thrown: unknown;
    try {
      createSupervisor({ children: children as ChildSpec[] });
    } catch (err) {
      thrown = err;
    }
    expect(SupervisorError.is(thrown, 'invalid_child_spec')).toBe(true);
    expect((thrown as Error).message).toBe(message);
  });

  it.each([
    ['strategy', { strategy: 'one_for_none', children: [] }, "option strategy must be one of one_for_one, one_for_all, rest_for_one, got 'one_for_none'"],
    ['maxRestarts', { maxRestarts: -1, children: [] }, 'option maxRestarts must be a whole number >= 0 or Infinity, got -1'],
    ['periodMs', { periodMs: 0, children: [] }, 'option periodMs must be a whole number >= 1, got 0'],
    ['autoShutdown', { autoShutdown: 'sometimes', children: [] }, "option autoShutdown must be one of never, any_significant, all_significant, got 'sometimes'"],
    ['logger', { logger: { error: 1 }, children: [] }, 'option logger must be a winston-compatible logger with error, warn, info and debug methods, got { error: 1 }'],
    ['children', { children: 'a,b' }, "option children must be an array of child specs, got 'a,b'"],
  ])('rejects a bad %s with invalid_option', (_field, options, message) => {
    expect(() => createSupervisor(options as never)).toThrow(new SupervisorError('invalid_option', message));
    expect(() => createSupervisor(options as never)).toThrow(message);
  });

  it('rejects a bad maxChildren of a dynamic supervisor', () => {
    expect(() => createDynamicSupervisor({ maxChildren: 0 })).toThrow('option maxChildren must be a whole number >= 1 or Infinity, got 0');
  });

  it('rejects an invalid spec given to startChild without starting anything', async () => {
    const sup = createActor(createDynamicSupervisor()).start();
    await expect(startChild(sup, { ...ok('a'), shutdown: 'never' as never })).rejects.toMatchObject({
      code: 'invalid_child_spec',
      message: "child 'a': shutdown must be a number of milliseconds from 0 to 2147483647, 'brutal_kill' or 'infinity', got 'never'",
    });
  });
});
