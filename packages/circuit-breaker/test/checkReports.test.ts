// C7: each check reports { running, off, crashed } as an emitted event and as OpenTelemetry metrics.
import { metrics } from '@opentelemetry/api';
import { memoryFlags } from '@xstate-otp/circuit-breaker';
import { startBreaker } from './support/breaker';
import { Journal, worker } from './support/children';
import { metricsRecorder } from './support/metrics';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

const children = (journal: Journal) => [
  { id: 'A', logic: worker(journal, 0), flagKey: 'a' },
  { id: 'B', logic: worker(journal, 0), flagKey: 'b' },
  { id: 'C', logic: worker(journal, 0), flagKey: 'c' },
];
const gauge = (running: number, off: number, crashed: number) => [
  { attributes: { status: 'running' }, value: running },
  { attributes: { status: 'off' }, value: off },
  { attributes: { status: 'crashed' }, value: crashed },
];

describe('check reports', () => {
  it('emit circuitBreaker.check after every check and keep the same counts in the gauge, and crashes by child in a counter', async () => {
    const recorder = metricsRecorder();
    const flags = memoryFlags({ a: true, b: false, c: true });
    const breaker = startBreaker({ flags, meter: recorder.provider.getMeter('orders'), children: children(new Journal()) });
    await jest.advanceTimersByTimeAsync(0);
    expect(breaker.checks).toEqual([{ running: 2, off: 1, crashed: 0 }]);
    expect((await recorder.read()).orders).toEqual({ 'circuit_breaker.children': gauge(2, 1, 0) });

    breaker.child('C').ref!.send({ type: 'crash' });
    await jest.advanceTimersByTimeAsync(1000);
    flags.set('c', false);
    await jest.advanceTimersByTimeAsync(0);
    flags.set('c', true);
    await jest.advanceTimersByTimeAsync(0);
    breaker.child('C').ref!.send({ type: 'crash' });
    await jest.advanceTimersByTimeAsync(1000);
    expect(breaker.checks).toEqual([
      { running: 2, off: 1, crashed: 0 }, // first check
      { running: 1, off: 1, crashed: 1 }, // poll after the crash
      { running: 1, off: 2, crashed: 0 }, // c off: crash cleared
      { running: 2, off: 1, crashed: 0 }, // c on: started again
      { running: 1, off: 1, crashed: 1 }, // poll after the second crash
    ]);
    expect((await recorder.read()).orders).toEqual({
      'circuit_breaker.children': gauge(1, 1, 1),
      'circuit_breaker.crashes': [{ attributes: { 'child.id': 'C' }, value: 2 }],
    });

    breaker.actor.stop();
    expect((await recorder.read()).orders).toBeUndefined(); // a stopped breaker reports nothing

    await recorder.shutdown();
  });

  it('report to the global meter provider, scope @xstate-otp/circuit-breaker, when no meter is given', async () => {
    const recorder = metricsRecorder();
    metrics.setGlobalMeterProvider(recorder.provider);
    const breaker = startBreaker({ flags: memoryFlags({ a: true }), children: children(new Journal()) });
    await jest.advanceTimersByTimeAsync(0);
    expect((await recorder.read())['@xstate-otp/circuit-breaker']['circuit_breaker.children']).toEqual(gauge(1, 2, 0));
    breaker.actor.stop();
    metrics.disable();
    await recorder.shutdown();
  });
});
