// The flag-driven circuit breaker: a supervisor of a dynamic supervisor (the flagged children) and a monitor.
import type { Meter } from '@opentelemetry/api';
import { assign, emit, fromCallback, sendTo, setup, type AnyActorLogic, type AnyActorRef, type EventObject } from 'xstate';
import {
  asSupervisor,
  createDynamicSupervisor,
  createSupervisor,
  escalate,
  SHUTDOWN_EVENT,
  type ChildSpec,
  type Logger,
  type ShutdownEvent,
} from '@xstate-otp/core';
import type { CircuitBreakerEmitted } from './circuitBreakerEvents';
import type { FlagContext, FlagSource } from './flagSource';
import { BreakerEngine, CHILDREN_ID } from './internal/breakerEngine';
import { MONITOR_ID, monitorMachine } from './internal/monitorMachine';
import { resolveOptions, type ResolvedOptions } from './internal/resolveOptions';

/**
 * A child of a circuit breaker: a core {@link ChildSpec} plus the flag that turns it on and off.
 * Its `restart` is always `'temporary'` (a crash leaves it down); `shutdown` applies when its flag
 * turns off. `flagContext` defaults to `{ kind: 'service', key: id }`.
 *
 * @example
 * ```ts
 * const orders: CircuitBreakerChildSpec = {
 *   id: 'orders-consumer',
 *   logic: ordersConsumer,
 *   flagKey: 'consumer.orders',
 *   shutdown: 30_000,
 * };
 * ```
 */
export type CircuitBreakerChildSpec<TLogic extends AnyActorLogic = AnyActorLogic> = ChildSpec<TLogic> & {
  flagKey: string;
  flagContext?: FlagContext;
};

/**
 * Options of {@link createCircuitBreaker}. Defaults: checkIntervalMs 1000, checkTimeoutMs 5000,
 * no logger (silent), meter `metrics.getMeter('@xstate-otp/circuit-breaker')` (the global provider).
 *
 * @example
 * ```ts
 * const options: CircuitBreakerOptions = {
 *   flags: memoryFlags({ 'consumer.orders': true }),
 *   children: [{ id: 'orders', logic: ordersConsumer, flagKey: 'consumer.orders' }],
 *   checkIntervalMs: 500,
 *   meter: meterProvider.getMeter('orders-breaker'),
 * };
 * ```
 */
export interface CircuitBreakerOptions {
  flags: FlagSource;
  children: CircuitBreakerChildSpec[];
  /** The poll, which is the source of truth; change events only make it faster. At most `MAX_TIMER_MS`. */
  checkIntervalMs?: number;
  /** A check still waiting for the flag source after this long is an outage, and is abandoned. At most `MAX_TIMER_MS`. */
  checkTimeoutMs?: number;
  /** A logger whose calls throw never breaks the breaker: such lines are dropped. */
  logger?: Logger;
  /** Give each breaker its own meter (instrumentation scope) when a service runs several. */
  meter?: Meter;
}

/**
 * The events a circuit breaker handles: `otp.shutdown` (graceful stop) and its own internal ones.
 *
 * @example
 * ```ts
 * const stop: CircuitBreakerEvent = { type: SHUTDOWN_EVENT, reason: 'SIGTERM' };
 * breaker.send(stop);
 * ```
 */
export type CircuitBreakerEvent =
  | ShutdownEvent
  | { type: 'circuitBreaker.publish'; event: CircuitBreakerEmitted }
  | { type: `xstate.done.actor.${string}` }
  | { type: `xstate.error.actor.${string}`; error: unknown };

/** The id of the breaker's supervisor, in the breaker (and its name in core's supervisor reports). */
const SUPERVISOR_ID = 'circuitBreaker';

const lifetime = fromCallback<EventObject, BreakerEngine>(({ input: engine }) => {
  engine.open();
  return () => engine.close();
});

/**
 * The context of a circuit breaker machine: its engine (read it through {@link breakerChildren}).
 *
 * @example
 * ```ts
 * const { failure }: CircuitBreakerContext = breaker.getSnapshot().context; // why it gave up, once it has
 * ```
 */
export interface CircuitBreakerContext {
  engine: BreakerEngine;
  /** Why the supervisor underneath gave up, once it has. */
  failure: unknown;
}

function createBreakerMachine(options: ResolvedOptions) {
  // Built on supervisors: as a child spec it defaults to type 'supervisor' (shutdown 'infinity').
  return asSupervisor(setup({
    types: {} as { context: CircuitBreakerContext; events: CircuitBreakerEvent; emitted: CircuitBreakerEmitted },
    actors: { lifetime, escalate },
  }).createMachine({
    id: 'circuitBreaker',
    context: ({ self, spawn }) => {
      const engine = new BreakerEngine(options, (event) => {
        if (self.getSnapshot().status === 'active') self.send({ type: 'circuitBreaker.publish', event });
      });
      // one_for_all: the monitor's state only makes sense with its dynamic supervisor, and the other
      // way round. The children's records stay in the engine, which outlives such a restart.
      const supervisor = createSupervisor({
        strategy: 'one_for_all',
        logger: options.logger,
        children: [
          { id: CHILDREN_ID, logic: createDynamicSupervisor(), type: 'supervisor' },
          { id: MONITOR_ID, logic: monitorMachine, input: engine, shutdown: 'brutal_kill' },
        ],
      });
      // Typed setup only spawns declared logic by id; this logic is built per breaker (its monitor gets this engine).
      const spawnLogic = spawn as unknown as (logic: AnyActorLogic, options: { id: string }) => AnyActorRef;
      engine.tree = spawnLogic(supervisor, { id: SUPERVISOR_ID });
      return { engine, failure: undefined };
    },
    on: {
      'circuitBreaker.publish': { actions: emit(({ event }) => event.event) },
    },
    initial: 'alive',
    states: {
      alive: {
        // Runs for exactly as long as the breaker is alive: the gauge reports while it runs.
        invoke: { src: 'lifetime', input: ({ context }) => context.engine },
        on: {
          // The supervisor gave up (restart intensity): the breaker crashes too, so its parent decides.
          [`xstate.error.actor.${SUPERVISOR_ID}`]: { target: 'failed', actions: assign({ failure: ({ event }) => event.error }) },
        },
        initial: 'running',
        states: {
          running: {
            on: {
              [SHUTDOWN_EVENT]: {
                target: 'stopping',
                actions: [({ context }) => context.engine.shutdown(), sendTo(({ context }) => context.engine.tree!, ({ event }) => event)],
              },
            },
          },
          // The supervisor stops the monitor, then every child gracefully, in reverse start order.
          stopping: { on: { [`xstate.done.actor.${SUPERVISOR_ID}`]: '#circuitBreaker.stopped' } },
        },
      },
      failed: {
        invoke: { src: 'escalate', input: ({ context }: { context: CircuitBreakerContext }) => context.failure },
      },
      stopped: { type: 'final' },
    },
  }));
}

/**
 * The logic of a circuit breaker: pass it to `createActor`, or run it as a child of a supervisor (its
 * child spec defaults to `type: 'supervisor'`, shutdown 'infinity', so its children get their full `shutdown`).
 *
 * @example
 * ```ts
 * const logic: CircuitBreakerLogic = createCircuitBreaker({ flags, children });
 * createSupervisor({ children: [{ id: 'breaker', logic }] });
 * ```
 */
export type CircuitBreakerLogic = ReturnType<typeof createBreakerMachine>;

/**
 * Creates a circuit breaker: each child runs while its feature flag is on. On every check (each
 * `checkIntervalMs`, and at once for the keys a change event names):
 * - flag on, child not running and not crashed: it is started under the breaker's dynamic supervisor;
 * - flag off, child running: it is shut down gracefully (its `shutdown` applies);
 * - flag on, child crashed: it stays down; a crash is cleared only when the flag is seen off;
 * - a flag the source does not know, or a non-boolean value: off, with a warning naming flag and value;
 * - the source failing (rejects, slower than `checkTimeoutMs`, not initialised): nothing changes,
 *   one warning per outage, and an info line when it answers again. A check slower than
 *   `checkTimeoutMs` is abandoned (its late answers are ignored) and polling goes on.
 * - a child that ends on its own (reaches a final state, resolves) is off; it starts again at the
 *   next poll if its flag is on, never at once.
 *
 * A child's crash never reaches the breaker's parent: it is logged (error, with the stack), counted
 * (`circuit_breaker.crashes`) and emitted (`circuitBreaker.crash`). Each check emits
 * `circuitBreaker.check` and sets the `circuit_breaker.children` gauge. Stop it gracefully with
 * core's `stopSupervisor(breaker)` (or as a supervisor's child); `breaker.stop()` stops every child
 * at once. Bad options throw {@link CircuitBreakerError} (or core's SupervisorError for
 * a bad core field of a child spec) before anything starts.
 *
 * @example
 * ```ts
 * import { createActor } from 'xstate';
 * import { createCircuitBreaker, launchDarklyFlags } from '@xstate-otp/circuit-breaker';
 *
 * const breaker = createActor(
 *   createCircuitBreaker({
 *     flags: launchDarklyFlags(ldClient),
 *     children: [{ id: 'orders-consumer', logic: ordersConsumer, flagKey: 'consumer.orders', shutdown: 30_000 }],
 *     logger,
 *   }),
 * ).start();
 * breaker.on('circuitBreaker.crash', ({ id, error }) => pager.notify(id, error));
 * ```
 */
export function createCircuitBreaker(options: CircuitBreakerOptions): CircuitBreakerLogic {
  return createBreakerMachine(resolveOptions(options));
}
