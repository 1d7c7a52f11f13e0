// How a supervisor starts, restarts and stops one child: OTP's child specification.
import type { AnyActorLogic, InputFrom } from 'xstate';

/**
 * When a child that exited is restarted: `permanent` always, `transient` only after an error,
 * `temporary` never.
 *
 * @example
 * ```ts
 * const spec: ChildSpec = { id: 'job', logic, restart: 'transient' };
 * ```
 */
export type Restart = 'permanent' | 'transient' | 'temporary';

/**
 * How long a child gets to finish after {@link SHUTDOWN_EVENT}: milliseconds, `'brutal_kill'` (stopped at
 * once) or `'infinity'` (waited for; the default for supervisors).
 *
 * @example
 * ```ts
 * const spec: ChildSpec = { id: 'writer', logic, shutdown: 10_000 };
 * ```
 */
export type Shutdown = number | 'brutal_kill' | 'infinity';

/**
 * Whether a child is a worker or a supervisor (which only changes its default `shutdown`).
 *
 * @example
 * ```ts
 * const spec: ChildSpec = { id: 'pool', logic: createDynamicSupervisor(), type: 'supervisor' };
 * ```
 */
export type ChildType = 'worker' | 'supervisor';

/**
 * A child of a supervisor: what to run and how to treat its exits.
 *
 * Defaults: `restart` 'permanent'; `shutdown` 5000 ms for workers and 'infinity' for supervisors;
 * `type` 'supervisor' for logic made by this package's supervisor creators, else 'worker';
 * `significant` false.
 *
 * @example
 * ```ts
 * const spec: ChildSpec<typeof consumerMachine> = {
 *   id: 'consumer',
 *   logic: consumerMachine,
 *   input: { stream: 'orders' },
 *   systemId: 'orders-consumer',
 *   restart: 'permanent',
 *   shutdown: 5000,
 * };
 * ```
 */
export interface ChildSpec<TLogic extends AnyActorLogic = AnyActorLogic> {
  /** Unique among its siblings; the running actor's `id`. */
  id: string;
  /** Any xstate logic: a machine, fromPromise, fromCallback, a supervisor... */
  logic: TLogic;
  input?: InputFrom<TLogic>;
  /** Registers the running child in the actor system (`system.get(systemId)`), again after each restart. */
  systemId?: string;
  restart?: Restart;
  shutdown?: Shutdown;
  type?: ChildType;
  /** With the supervisor's `autoShutdown`, the exit of a significant child can stop the supervisor. */
  significant?: boolean;
}

/**
 * What {@link whichChildren} says of one child.
 *
 * @example
 * ```ts
 * const running: ChildInfo[] = whichChildren(sup).filter((c) => c.status === 'running');
 * ```
 */
export interface ChildInfo {
  id: string;
  ref?: import('xstate').AnyActorRef;
  type: ChildType;
  status: 'running' | 'restarting' | 'terminated';
}
