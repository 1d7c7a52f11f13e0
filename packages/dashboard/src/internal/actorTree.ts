// The dashboard's model of an actor system, built from inspection events only. Recording an event is a few
// map look-ups and array pushes on the actors' own call stack; reading snapshots and turning them into text
// happens later, when a view is taken for a (throttled) push.
import type { AnyActorRef, EventObject, InspectionEvent, StateValue } from 'xstate';
import { breakerChildren } from '@xstate-otp/circuit-breaker';
import type { ActorKind, ActorSummaryView, ActorView, BreakerChildView, DashboardView, RecordedEventView, ShardView } from '../dashboardView';
import { errorText, preview } from './preview';
import { stateValueText } from './stateValueText';

export interface ActorTreeLimits {
  /** Received and emitted events kept per actor (each). */
  maxEventsPerActor: number;
  /** Finished actors (done, stopped, crashed) kept before the oldest are forgotten. */
  maxFinishedActors: number;
}

const ERROR_EVENT_PREFIX = 'xstate.error.actor.';
/** Core's mark on supervisor logic (`asSupervisor`): a global symbol, so reading it needs no dependency on core. */
const SUPERVISOR_LOGIC = Symbol.for('xstate-otp.supervisorLogic');
const CONTEXT_CHARS = 600;
const PAYLOAD_CHARS = 300;

interface Recorded {
  at: number;
  type: string;
  event: EventObject;
}

interface ShardTally {
  records: number;
  batches: number;
  checkpoint: unknown;
  lastBatchAt: number;
  millisBehindLatest: unknown;
}

interface InspectedSnapshot {
  status: ActorView['status'];
  value?: StateValue;
  context?: unknown;
  error?: unknown;
  machine?: { id?: unknown };
}

/** One actor id under one parent: every incarnation of it (a new actor with the same id replaces the old one). */
class Slot {
  readonly children = new Set<Slot>();
  /** Restarts by a supervisor; an ordinary machine invoking the same step again is not one. */
  restarts = 0;
  crashes = 0;
  lastError: unknown = undefined;
  /** The incarnation whose crash was counted last, so that one crash seen twice counts once. */
  crashedSession: string | undefined = undefined;
  finished = false;
  /** Dropped from the tree (past maxFinishedActors): late events and views must not bring it back. */
  forgotten = false;
  readonly events: Recorded[] = [];
  readonly emitted: Recorded[] = [];
  shard: ShardTally | undefined = undefined;
  /** The JSON of this actor's view in the last push, so that a push leaves out actors that look the same. */
  sent: string | undefined = undefined;

  constructor(
    readonly key: string,
    readonly path: string,
    readonly id: string,
    readonly parent: Slot | undefined,
    public ref: AnyActorRef,
    public startedAt: number,
    /** The parent's incarnation this one was created under: a finished child of an earlier one is left over. */
    public parentSession: string | undefined,
  ) {}
}

function keep(list: Recorded[], item: Recorded, max: number): void {
  list.push(item);
  if (list.length > max) list.shift();
}

function checkpointText(checkpoint: unknown): string | undefined {
  if (typeof checkpoint !== 'object' || checkpoint === null) return undefined;
  const { sequenceNumber, subSequenceNumber } = checkpoint as { sequenceNumber?: unknown; subSequenceNumber?: unknown };
  if (typeof sequenceNumber !== 'string') return undefined;
  return typeof subSequenceNumber === 'number' && subSequenceNumber > 0 ? `${sequenceNumber}/${subSequenceNumber}` : sequenceNumber;
}

/** A snapshot's status, or undefined when it cannot be read (an actor still computing its first snapshot). */
function statusOf(ref: AnyActorRef): string | undefined {
  try {
    return (ref.getSnapshot() as InspectedSnapshot | undefined)?.status;
  } catch {
    return undefined;
  }
}

/** A core supervisor (its context holds `supervision`) or any logic marked with core's `asSupervisor`. */
function isSupervisor(ref: AnyActorRef): boolean {
  const logic = (ref as { logic?: unknown }).logic;
  if (typeof logic === 'object' && logic !== null && (logic as Record<symbol, unknown>)[SUPERVISOR_LOGIC] === true) return true;
  let context: unknown;
  try {
    context = (ref.getSnapshot() as InspectedSnapshot | undefined)?.context;
  } catch {
    return false;
  }
  return typeof context === 'object' && context !== null && 'supervision' in context;
}

function eventViews(list: readonly Recorded[]): RecordedEventView[] {
  return list.map((r) => ({ at: r.at, type: r.type, payload: preview(r.event, PAYLOAD_CHARS, 'type') }));
}

export class ActorTree {
  /** Called when the first change after a view was taken is recorded: time to schedule a push. */
  onChange: (() => void) | undefined = undefined;
  private readonly sessions = new Map<string, Slot>();
  private readonly byPath = new Map<string, Slot>();
  private readonly byKey = new Map<string, Slot>();
  private readonly roots = new Set<Slot>();
  /** Finished slots, oldest first (a Set keeps insertion order, and re-adding moves one to the end). */
  private readonly finished = new Set<Slot>();
  private readonly dirty = new Set<Slot>();
  private removed: string[] = [];
  /** Circuit breakers, whose children's flags change with no event on the breaker's children. */
  private readonly breakers = new Set<Slot>();
  /** Slots replaced or finished since the last view: their children may be left over from an incarnation gone. */
  private readonly pruneParents = new Set<Slot>();
  /** Changes are collected for pushes only while a page is connected; a page that connects gets a full view. */
  private watched = false;
  private nextKey = 1;

  constructor(private readonly limits: ActorTreeLimits) {}

  /** The inspection callback's work: record, never serialise. */
  record(event: InspectionEvent): void {
    switch (event.type) {
      case '@xstate.actor':
        this.created(event.actorRef as AnyActorRef);
        return;
      case '@xstate.snapshot': {
        const slot = this.sessions.get(event.actorRef.sessionId);
        if (!slot) return;
        const snapshot = event.snapshot as InspectedSnapshot;
        if (snapshot.status === 'error') this.noteCrash(slot, event.actorRef.sessionId, snapshot.error);
        else if (snapshot.status !== 'active') this.finish(slot);
        this.touch(slot);
        return;
      }
      case '@xstate.event':
        this.received(event.actorRef.sessionId, event.sourceRef?.sessionId, event.event);
        return;
      case '@xstate.action':
        if (event.action.type === 'xstate.emit') this.emitted(event.actorRef.sessionId, event.action.params);
        return;
    }
  }

  /**
   * A root that crashes has no parent to tell: no inspection event says so. Looking at the roots'
   * snapshots (a handful of actors) is how such a crash reaches the page.
   */
  checkRoots(): void {
    for (const root of this.roots) {
      if (root.finished) continue;
      const snapshot = root.ref.getSnapshot() as InspectedSnapshot;
      if (snapshot.status === 'active') continue;
      if (snapshot.status === 'error') this.noteCrash(root, root.ref.sessionId, snapshot.error);
      this.finish(root);
      this.touch(root);
    }
  }

  /** Every actor kept, with its details, parents before their children: `view()` and `/state.json`. */
  fullView(): DashboardView {
    return { now: Date.now(), actors: this.slotsInOrder().map((slot) => this.detailed(slot)), removed: [] };
  }

  /**
   * Every actor kept, without details: a page's first frame. Pages already connected got the changes just
   * before (takeChanges), so every page now has these views: the next pushes compare with them.
   */
  streamView(): DashboardView<ActorSummaryView> {
    const actors = this.slotsInOrder().map((slot) => {
      const view = this.summary(slot);
      slot.sent = JSON.stringify(view);
      return view;
    });
    return { now: Date.now(), actors, removed: [] };
  }

  private slotsInOrder(): Slot[] {
    this.prune();
    const slots: Slot[] = [];
    const visit = (slot: Slot) => {
      slots.push(slot);
      slot.children.forEach(visit);
    };
    this.roots.forEach(visit);
    return slots;
  }

  /**
   * The actors whose view (without details) changed since the last push (breakers are checked every time:
   * their children's flags change with no event), and the keys of the ones dropped.
   */
  takeChanges(): DashboardView<ActorSummaryView> {
    this.prune();
    const changed = new Set(this.dirty);
    this.dirty.clear();
    if (changed.size > 0) this.breakers.forEach((breaker) => changed.add(breaker));
    const actors: ActorSummaryView[] = [];
    for (const slot of changed) {
      const view = this.summary(slot);
      const text = JSON.stringify(view);
      if (text === slot.sent) continue;
      slot.sent = text;
      actors.push(view);
    }
    const removed = this.removed;
    this.removed = [];
    return { now: Date.now(), actors, removed };
  }

  /** One actor with its details (context, received and emitted events), for the page's details pane. */
  details(key: string): ActorView | undefined {
    this.prune();
    const slot = this.byKey.get(key);
    return slot && this.detailed(slot);
  }

  /** Whether a page is connected. Unwatched, no changes are collected: the next page starts from a full view. */
  watch(watched: boolean): void {
    this.watched = watched;
    if (watched) return;
    this.dirty.clear();
    this.removed = [];
  }

  private created(ref: AnyActorRef): void {
    const parentRef = (ref as { _parent?: AnyActorRef })._parent;
    const parent = parentRef && this.sessions.get(parentRef.sessionId);
    // Keys of slots have no '/', so the path is unique whatever the ids hold.
    const path = `${parent ? parent.key : ''}/${ref.id}`;
    const now = Date.now();
    let slot = this.byPath.get(path);
    if (slot) {
      // A supervisor restarting a child that exited; an ordinary machine invoking a step again is no restart.
      if (parent && (slot.finished || statusOf(slot.ref) !== 'active') && isSupervisor(parent.ref)) slot.restarts += 1;
      if (this.sessions.get(slot.ref.sessionId) === slot) this.sessions.delete(slot.ref.sessionId);
      slot.ref = ref;
      slot.startedAt = now;
      slot.parentSession = parentRef?.sessionId;
      slot.finished = false;
      this.finished.delete(slot);
      this.pruneParents.add(slot);
    } else {
      slot = new Slot(`a${this.nextKey++}`, path, ref.id, parent, ref, now, parentRef?.sessionId);
      this.byPath.set(path, slot);
      this.byKey.set(slot.key, slot);
      (parent ? parent.children : this.roots).add(slot);
    }
    this.sessions.set(ref.sessionId, slot);
    this.touch(slot);
  }

  private received(targetSession: string, sourceSession: string | undefined, event: EventObject): void {
    const slot = this.sessions.get(targetSession);
    if (!slot) return;
    keep(slot.events, { at: Date.now(), type: event.type, event }, this.limits.maxEventsPerActor);
    this.touch(slot);
    if (sourceSession === undefined || !event.type.startsWith(ERROR_EVENT_PREFIX)) return;
    const source = this.sessions.get(sourceSession);
    if (source && this.noteCrash(source, sourceSession, (event as { error?: unknown }).error)) this.touch(source);
  }

  private emitted(session: string, params: unknown): void {
    const slot = this.sessions.get(session);
    const event = (params as { event?: EventObject } | undefined)?.event;
    if (!slot || typeof event?.type !== 'string') return;
    const at = Date.now();
    keep(slot.emitted, { at, type: event.type, event }, this.limits.maxEventsPerActor);
    if (event.type === 'shard.batch') this.tallyBatch(slot, event, at);
    this.touch(slot);
  }

  private tallyBatch(slot: Slot, event: EventObject, at: number): void {
    const { records, checkpoint, millisBehindLatest } = event as { records?: unknown; checkpoint?: unknown; millisBehindLatest?: unknown };
    const tally = (slot.shard ??= { records: 0, batches: 0, checkpoint: undefined, lastBatchAt: at, millisBehindLatest: undefined });
    if (typeof records === 'number') tally.records += records;
    tally.batches += 1;
    tally.checkpoint = checkpoint;
    tally.lastBatchAt = at;
    tally.millisBehindLatest = millisBehindLatest;
  }

  /** Counts the crash of one incarnation once, whether its parent's error event or its snapshot tells first. */
  private noteCrash(slot: Slot, session: string, error: unknown): boolean {
    if (slot.crashedSession === session || slot.forgotten) return false;
    slot.crashedSession = session;
    slot.crashes += 1;
    slot.lastError = error;
    this.finish(slot);
    return true;
  }

  private touch(slot: Slot): void {
    if (slot.forgotten || !this.watched) return;
    const first = this.dirty.size === 0 && this.removed.length === 0;
    this.dirty.add(slot);
    if (first) this.onChange?.();
  }

  private finish(slot: Slot): void {
    if (slot.finished) return;
    slot.finished = true;
    this.finished.add(slot);
    this.pruneParents.add(slot);
    if (slot.parent) this.pruneParents.add(slot.parent);
    if (this.finished.size <= this.limits.maxFinishedActors) return;
    const oldest = this.finished.values().next().value as Slot;
    this.finished.delete(oldest);
    // One that still has children stays, as their parent; it goes with the last of them.
    if (oldest.children.size === 0) this.forget(oldest);
  }

  /**
   * Drops finished children left over from a parent's earlier incarnation, or whose parent finished: the
   * page shows what runs now. A child that runs again keeps its slot (counts and last error); one still
   * running, or with a descendant still running, stays.
   */
  private prune(): void {
    for (const parent of this.pruneParents) {
      for (const child of parent.children) {
        const leftOver = parent.finished || child.parentSession !== parent.ref.sessionId;
        if (leftOver && this.allFinished(child)) this.forget(child);
      }
    }
    this.pruneParents.clear();
  }

  private allFinished(slot: Slot): boolean {
    if (!slot.finished) return false;
    for (const child of slot.children) if (!this.allFinished(child)) return false;
    return true;
  }

  private forget(slot: Slot): void {
    if (slot.forgotten) return;
    slot.forgotten = true;
    for (const child of slot.children) this.forget(child);
    this.byPath.delete(slot.path);
    this.byKey.delete(slot.key);
    this.pruneParents.delete(slot);
    if (this.sessions.get(slot.ref.sessionId) === slot) this.sessions.delete(slot.ref.sessionId);
    this.dirty.delete(slot);
    this.breakers.delete(slot);
    this.finished.delete(slot);
    if (this.watched) {
      const first = this.dirty.size === 0 && this.removed.length === 0;
      this.removed.push(slot.key);
      if (first) this.onChange?.();
    }
    const { parent } = slot;
    if (!parent) {
      this.roots.delete(slot);
      return;
    }
    parent.children.delete(slot);
    if (parent.finished && parent.children.size === 0 && !this.finished.has(parent)) this.forget(parent);
  }

  private detailed(slot: Slot): ActorView {
    const { context } = slot.ref.getSnapshot() as InspectedSnapshot;
    return {
      ...this.summary(slot),
      ...(context === undefined ? {} : { context: preview(context, CONTEXT_CHARS) }),
      events: eventViews(slot.events),
      emitted: eventViews(slot.emitted),
    };
  }

  private summary(slot: Slot): ActorSummaryView {
    const { ref } = slot;
    const snapshot = ref.getSnapshot() as InspectedSnapshot;
    if (snapshot.status === 'error') this.noteCrash(slot, ref.sessionId, snapshot.error);
    const context = snapshot.context;
    const machineId = typeof snapshot.machine?.id === 'string' ? snapshot.machine.id : undefined;
    let kind: ActorKind = snapshot.value === undefined ? 'actor' : 'machine';
    let children: BreakerChildView[] | undefined;
    if (typeof context === 'object' && context !== null) {
      if ('supervision' in context) kind = 'supervisor';
      // The breaker's monitor holds the same engine: only the breaker machine itself is the breaker.
      else if ('engine' in context && machineId === 'circuitBreaker' && (children = this.breakerChildrenOf(ref))) {
        kind = 'circuitBreaker';
        this.breakers.add(slot);
      }
    }
    const systemId = (ref as { systemId?: unknown }).systemId;
    return {
      key: slot.key,
      parent: slot.parent?.key ?? null,
      id: slot.id,
      sessionId: ref.sessionId,
      ...(typeof systemId === 'string' ? { systemId } : {}),
      kind,
      ...(machineId === undefined ? {} : { machineId }),
      status: snapshot.status,
      ...(snapshot.value === undefined ? {} : { value: stateValueText(snapshot.value) }),
      startedAt: slot.startedAt,
      restarts: slot.restarts,
      crashes: slot.crashes,
      ...(slot.crashes > 0 ? { lastError: errorText(slot.lastError) } : {}),
      ...(children ? { breakerChildren: children } : {}),
      ...(slot.shard || machineId === 'shardConsumer' ? { shard: this.shardView(slot, context) } : {}),
    };
  }

  private breakerChildrenOf(ref: AnyActorRef): BreakerChildView[] | undefined {
    let list: ReturnType<typeof breakerChildren>;
    try {
      list = breakerChildren(ref);
    } catch {
      // Some other machine of that id whose context has an `engine`: not a breaker.
      return undefined;
    }
    return list.map((child) => {
      const actorKey = child.ref && this.sessions.get(child.ref.sessionId)?.key;
      return {
        id: child.id,
        flagKey: child.flagKey,
        flag: child.enabled ?? null,
        status: child.status,
        crashes: child.crashes,
        ...(child.crashes > 0 ? { lastError: errorText(child.lastError) } : {}),
        ...(actorKey ? { actorKey } : {}),
      };
    });
  }

  private shardView(slot: Slot, context: unknown): ShardView {
    const tally = slot.shard;
    const checkpoint = checkpointText(tally?.checkpoint ?? (context as { checkpoint?: unknown } | undefined)?.checkpoint);
    return {
      records: tally?.records ?? 0,
      batches: tally?.batches ?? 0,
      ...(checkpoint === undefined ? {} : { lastCheckpoint: checkpoint }),
      ...(tally ? { lastBatchAt: tally.lastBatchAt } : {}),
      ...(typeof tally?.millisBehindLatest === 'number' ? { millisBehindLatest: tally.millisBehindLatest } : {}),
    };
  }
}
