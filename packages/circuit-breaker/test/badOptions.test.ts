// Bad options and child specs are rejected before anything starts, with an error naming the field and the value.
import { createActor } from 'xstate';
import { MAX_TIMER_MS, SupervisorError } from '@xstate-otp/core';
import { CircuitBreakerError, createCircuitBreaker, memoryFlags, type CircuitBreakerOptions } from '@xstate-otp/circuit-breaker';
import { Journal, worker } from './support/children';

const journal = new Journal();
const flags = memoryFlags({ a: true });
const child = (extra: object = {}) => ({ id: 'orders', logic: worker(journal), flagKey: 'a', ...extra });

describe('createCircuitBreaker', () => {
  it.each<[string, unknown, string]>([
    ['no options', undefined, 'option options must be an object, got undefined'],
    ['a FlagSource without evaluate', { flags: {}, children: [] }, 'option flags must be a FlagSource with an evaluate(flagKey, context) function, got {}'],
    ['no flags', { children: [] }, 'option flags must be a FlagSource with an evaluate(flagKey, context) function, got undefined'],
    ['children that are not an array', { flags, children: 'orders' }, "option children must be an array of child specs, got 'orders'"],
    ['checkIntervalMs 0', { flags, children: [], checkIntervalMs: 0 }, 'option checkIntervalMs must be a positive number of milliseconds up to 2147483647, got 0'],
    ['checkIntervalMs -1000', { flags, children: [], checkIntervalMs: -1000 }, 'option checkIntervalMs must be a positive number of milliseconds up to 2147483647, got -1000'],
    ['checkIntervalMs as a string', { flags, children: [], checkIntervalMs: '1000' }, "option checkIntervalMs must be a positive number of milliseconds up to 2147483647, got '1000'"],
    ['checkTimeoutMs NaN', { flags, children: [], checkTimeoutMs: NaN }, 'option checkTimeoutMs must be a positive number of milliseconds up to 2147483647, got NaN'],
    // Node fires a timer longer than 2^31 - 1 ms after about 1 ms.
    ['checkIntervalMs 2^31', { flags, children: [], checkIntervalMs: 2 ** 31 }, 'option checkIntervalMs must be a positive number of milliseconds up to 2147483647, got 2147483648'],
    ['checkTimeoutMs MAX_SAFE_INTEGER', { flags, children: [], checkTimeoutMs: Number.MAX_SAFE_INTEGER }, 'option checkTimeoutMs must be a positive number of milliseconds up to 2147483647, got 9007199254740991'],
    ['checkTimeoutMs Infinity', { flags, children: [], checkTimeoutMs: Infinity }, 'option checkTimeoutMs must be a positive number of milliseconds up to 2147483647, got Infinity'],
    ['a logger without warn', { flags, children: [], logger: { error() {}, info() {}, debug() {} } }, 'option logger must be a winston-compatible logger with error, warn, info and debug methods, got { error: [Function: error], info: [Function: info], debug: [Function: debug] }'],
    ['a meter that is not one', { flags, children: [], meter: {} }, 'option meter must be an @opentelemetry/api Meter, got {}'],
  ])('rejects %s with invalid_option', (_, options, message) => {
    expect(() => createCircuitBreaker(options as CircuitBreakerOptions)).toThrow(new CircuitBreakerError('invalid_option', message));
  });

  it.each<[string, unknown[], string]>([
    ['a child without flagKey', [child({ flagKey: undefined })], "child 'orders': flagKey must be a non-empty string, got undefined"],
    ['an empty flagKey', [child({ flagKey: '' })], "child 'orders': flagKey must be a non-empty string, got ''"],
    ['duplicate ids', [child(), child({ flagKey: 'b' })], "child 'orders': id must be unique among the breaker children (duplicate id), got 'orders'"],
    ['a child without id', [child({ id: undefined })], 'child undefined: id must be a non-empty string, got undefined'],
    ['a flagContext without key', [child({ flagContext: { kind: 'service' } })], "child 'orders': flagContext must be an object with non-empty string kind and key, got { kind: 'service' }"],
    [
      'a permanent child',
      [child({ restart: 'permanent' })],
      "child 'orders': restart must be 'temporary' or absent: a crashed breaker child stays down until its flag is seen off (wrap it in createSupervisor to restart it), got 'permanent'",
    ],
  ])('rejects %s with invalid_child_spec', (_, children, message) => {
    const error = (() => {
      try {
        createCircuitBreaker({ flags, children } as CircuitBreakerOptions);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toEqual(new CircuitBreakerError('invalid_child_spec', message));
    expect(error).toHaveProperty('code', 'invalid_child_spec');
  });

  it('accepts checkIntervalMs and checkTimeoutMs of exactly MAX_TIMER_MS, and polls no sooner', async () => {
    jest.useFakeTimers();
    try {
      const checks: unknown[] = [];
      const breaker = createActor(createCircuitBreaker({ flags, children: [], checkIntervalMs: MAX_TIMER_MS, checkTimeoutMs: MAX_TIMER_MS }));
      breaker.on('circuitBreaker.check', (event) => checks.push(event));
      breaker.start();
      await jest.advanceTimersByTimeAsync(60_000);
      expect(checks).toHaveLength(1); // the first check only
      breaker.stop();
    } finally {
      jest.useRealTimers();
    }
  });

  it("leaves core's own spec fields to core, which names the child and the field", () => {
    // Core's wording is core's (and tested there): here, only that core is the one that answers.
    const error = (() => {
      try {
        createCircuitBreaker({ flags, children: [child({ shutdown: -1 })] });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(SupervisorError);
    expect(error).toMatchObject({ code: 'invalid_child_spec', message: expect.stringMatching(/^child 'orders': shutdown must be .+, got -1$/) });
  });

  it('starts nothing when it rejects: not even the valid children', () => {
    expect(() => createActor(createCircuitBreaker({ flags, children: [child(), child({ id: 'refunds', flagKey: 7 })] })).start()).toThrow(CircuitBreakerError);
    expect(journal.entries).toEqual([]);
  });
});
