// S10: monitor() reports each exit exactly once, and demonitor stops the reports.
import { createActor, fromPromise } from 'xstate';
import { createDynamicSupervisor, monitor, startChild, terminateChild, type ExitReason } from '../src';
import { worker } from './support/workers';

describe('monitor', () => {
  it.each([
    ['normal', 'finish', { kind: 'normal', output: 'finished' }],
    ['shutdown', 'quit', { kind: 'shutdown' }],
  ] as const)('reports a %s exit once', (_kind, command, expected) => {
    const ref = createActor(worker()).start();
    const downs: ExitReason[] = [];
    monitor(ref, (r) => downs.push(r));
    ref.send({ type: command });
    ref.send({ type: command });
    expect(downs).toEqual([expected]);
  });

  it('reports an error exit once', () => {
    const ref = createActor(worker()).start();
    const downs: ExitReason[] = [];
    monitor(ref, (r) => downs.push(r));
    ref.send({ type: 'crash' });
    expect(downs).toEqual([{ kind: 'error', error: new Error(`${ref.id} crashed`) }]);
  });

  it('reports a child terminated by its supervisor as shutdown', async () => {
    const sup = createActor(createDynamicSupervisor()).start();
    const ref = await startChild(sup, { id: 'w', logic: worker() });
    const downs: ExitReason[] = [];
    monitor(ref, (r) => downs.push(r));
    await terminateChild(sup, 'w');
    expect(downs).toEqual([{ kind: 'shutdown' }]);
  });

  it('reports a promise that resolved as a normal exit with its output', async () => {
    const ref = createActor(fromPromise(async () => 42)).start();
    const down = await new Promise<ExitReason>((resolve) => monitor(ref, resolve));
    expect(down).toEqual({ kind: 'normal', output: 42 });
  });

  it('reports an actor that already exited at once', () => {
    const ref = createActor(worker()).start();
    ref.send({ type: 'finish' });
    const downs: ExitReason[] = [];
    monitor(ref, (r) => downs.push(r));
    expect(downs).toEqual([{ kind: 'normal', output: 'finished' }]);
  });

  it('reports nothing after demonitor', () => {
    const ref = createActor(worker()).start();
    const downs: ExitReason[] = [];
    const demonitor = monitor(ref, (r) => downs.push(r));
    demonitor();
    ref.send({ type: 'finish' });
    expect(downs).toEqual([]);
  });
});
