// memoryFlags: values set in code, unknown keys, and change notifications.
import { memoryFlags } from '@xstate-otp/circuit-breaker';

const context = { kind: 'service', key: 'orders' };

describe('memoryFlags', () => {
  it('evaluates the values it was given and set, and undefined for keys it never saw', async () => {
    const flags = memoryFlags({ a: true, b: false });
    flags.set('c', true);
    flags.set('a', false);
    expect(await Promise.all(['a', 'b', 'c', 'd'].map((key) => flags.evaluate(key, context)))).toEqual([false, false, true, undefined]);
  });

  it('tells subscribers which key was set until they unsubscribe', () => {
    const flags = memoryFlags();
    const seen: string[][] = [];
    const unsubscribe = flags.subscribe((keys) => seen.push(keys));
    flags.set('a', true);
    flags.set('a', true);
    unsubscribe();
    flags.set('b', true);
    expect(seen).toEqual([['a'], ['a']]);
  });
});
