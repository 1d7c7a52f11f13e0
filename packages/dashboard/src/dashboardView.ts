// What the dashboard knows of an actor system, as sent to the page (server-sent events) and served as /state.json.

/**
 * An actor's kind, as the page shows it: `supervisor` (an @xstate-otp/core supervisor or dynamic
 * supervisor), `circuitBreaker` (an @xstate-otp/circuit-breaker breaker), `machine` (any other state
 * machine) or `actor` (promise, callback, observable or transition logic).
 *
 * @example
 * ```ts
 * const supervisors = view.actors.filter((a) => a.kind === ('supervisor' satisfies ActorKind));
 * ```
 */
export type ActorKind = 'supervisor' | 'circuitBreaker' | 'machine' | 'actor';

/**
 * An event an actor received (`@xstate.event`) or emitted (the `emit` action), kept among the last
 * `maxEventsPerActor`. `payload` is a bounded one-line preview of the event without its `type`.
 *
 * @example
 * ```ts
 * const crashes = actor.events.filter((e: RecordedEventView) => e.type.startsWith('xstate.error.actor.'));
 * ```
 */
export interface RecordedEventView {
  /** When it was recorded, in ms since the epoch (server clock). */
  at: number;
  type: string;
  payload: string;
}

/**
 * One child of a circuit breaker, from `breakerChildren()`: its flag's value at the last check
 * (`null` before the first check, or when the flag is unknown or not a boolean), its status, crashes and
 * last error, and the dashboard key of its running actor.
 *
 * @example
 * ```ts
 * const down = breaker.breakerChildren?.filter((c: BreakerChildView) => c.status === 'crashed') ?? [];
 * ```
 */
export interface BreakerChildView {
  id: string;
  flagKey: string;
  flag: boolean | null;
  status: 'running' | 'off' | 'crashed';
  crashes: number;
  lastError?: string;
  actorKey?: string;
}

/**
 * What a shard consumer did, from the `shard.batch` events it emitted (summed over its restarts):
 * records handled, batches, the last checkpoint (`sequenceNumber` or `sequenceNumber/subSequenceNumber`;
 * before any batch, the checkpoint it started from), when the last batch was checkpointed, and how far
 * behind the stream's tip it was then.
 *
 * @example
 * ```ts
 * if (shard.lastBatchAt !== undefined && view.now - shard.lastBatchAt > 60_000) console.warn('shard idle for a minute');
 * ```
 */
export interface ShardView {
  records: number;
  batches: number;
  lastCheckpoint?: string;
  lastBatchAt?: number;
  millisBehindLatest?: number;
}

/**
 * One actor of the tree. A new actor with the same id under the same parent replaces the old one in the
 * same entry (same `key`): `restarts` counts the times a supervisor restarted it (the parent is a core
 * supervisor or logic marked with `asSupervisor`, and the one before had exited; an ordinary machine
 * invoking a step again is no restart), `crashes` the times it ended in error, `lastError` is the latest
 * error's text, also once it runs again. `value`, `status` and `context` are the current incarnation's;
 * `context` is a bounded preview in which class instances (a supervisor's engine) show only as `[ClassName]`.
 * The event stream pushes actors without these details: see {@link ActorSummaryView}.
 *
 * @example
 * ```ts
 * for (const a of view.actors) if (a.crashes > 0) console.log(a.id, a.restarts, a.lastError);
 * ```
 */
export interface ActorView {
  /** Stable for as long as the dashboard keeps this actor; `parent` is the parent's key. */
  key: string;
  parent: string | null;
  id: string;
  sessionId: string;
  systemId?: string;
  kind: ActorKind;
  /** The machine's own id (`createMachine({ id })`), for machines. */
  machineId?: string;
  status: 'active' | 'done' | 'error' | 'stopped';
  /** The state value of a machine, as one line (`processing.running`). */
  value?: string;
  context?: string;
  /** When the current incarnation was created, in ms since the epoch. */
  startedAt: number;
  restarts: number;
  crashes: number;
  lastError?: string;
  events: RecordedEventView[];
  emitted: RecordedEventView[];
  breakerChildren?: BreakerChildView[];
  shard?: ShardView;
}

/**
 * An actor as the event stream (`/events`) pushes it: its {@link ActorView} without the details (`context`,
 * `events`, `emitted`), which the page asks `/actor.json?key=<key>` for when its details pane is open. A
 * push so costs a few hundred bytes per actor that changed, whatever the actors received.
 *
 * @example
 * ```ts
 * const down = update.actors.filter((a: ActorSummaryView) => a.status === 'error');
 * ```
 */
export type ActorSummaryView = Omit<ActorView, 'context' | 'events' | 'emitted'>;

/**
 * A view of the actor system: every actor (the full view, and `/state.json`) or the ones that changed
 * since the last push (an update). `removed` lists the keys of finished actors the dashboard stopped
 * keeping: past `maxFinishedActors`, or left over from a parent's earlier incarnation or a parent that ended.
 *
 * @example
 * ```ts
 * const view: DashboardView = await (await fetch(`${dashboard.url}state.json`)).json();
 * console.log(view.actors.length, 'actors');
 * ```
 */
export interface DashboardView<TActor extends ActorSummaryView = ActorView> {
  /** The server's clock when the view was taken, in ms since the epoch. */
  now: number;
  /** {@link ActorView}s in `view()` and `/state.json`; {@link ActorSummaryView}s in the event stream. */
  actors: TActor[];
  removed: string[];
}
