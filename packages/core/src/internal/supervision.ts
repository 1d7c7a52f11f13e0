// The supervision engine behind both supervisor machines: children in start order, restarts by strategy,
// restart intensity, ordered graceful shutdown and reports. One instance lives in each supervisor's context.
import { createActor, type AnyActorRef, type EventObject } from 'xstate';
import type { ChildInfo } from '../childSpec';
import { SupervisorError } from '../errors';
import { exitReasonOf, type ExitReason } from '../exitReason';
import { childLogger, type Logger } from '../logger';
import type { SupervisorReport } from '../report';
import { SHUTDOWN_EVENT } from '../shutdown';
import { clockOf, emitFrom, nowOf, stopActor } from './actorInternals';
import { RestartIntensity } from './restartIntensity';
import { resolveChildSpec, type ResolvedChildSpec } from './validation';
import type { AutoShutdown, Strategy } from '../createSupervisor';


export interface SupervisionConfig {
  readonly dynamic: boolean;
  readonly strategy: Strategy;
  readonly maxRestarts: number;
  readonly periodMs: number;
  readonly autoShutdown: AutoShutdown;
  readonly maxChildren: number;
  readonly logger: Logger | undefined;
  readonly children: readonly ResolvedChildSpec[];
}

/** How a call made through an event answers its caller. */
export interface Reply<T> {
  resolve(value: T): void;
  reject(reason: unknown): void;
}

/** A piece of work that either finished synchronously or finishes with the promise. */
type Step = void | Promise<void>;

type ChildStatus = 'running' | 'restarting' | 'terminating' | 'terminated';

/** Restarts of one child in a row without the event loop turning, before the next waits for a turn. */
const BURST_LIMIT = 100;

class ChildRecord {
  ref: AnyActorRef | undefined = undefined;
  status: ChildStatus = 'terminated';
  /** While status is 'terminating': settles when the child has stopped. */
  stopped: Promise<void> | undefined = undefined;
  constructor(readonly resolved: ResolvedChildSpec) {}
  get id(): string {
    return this.resolved.spec.id;
  }
}

/** Runs steps one after another, synchronously for as long as none of them has to wait. */
function sequence<T>(items: readonly T[], fn: (item: T) => Step, from = 0): Step {
  for (let i = from; i < items.length; i++) {
    const step = fn(items[i]);
    if (step) return step.then(() => sequence(items, fn, i + 1));
  }
}

function then(step: Step, next: () => Step): Step {
  return step ? step.then(next) : next();
}

function handlesShutdown(ref: AnyActorRef): boolean {
  const snapshot = ref.getSnapshot() as { can?: (event: EventObject) => boolean };
  try {
    return typeof snapshot.can === 'function' && snapshot.can({ type: SHUTDOWN_EVENT });
  } catch {
    // A guard of the child threw while we asked: it cannot be trusted to drain, so it is stopped at once.
    return false;
  }
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * The engine in a supervisor's context (`snapshot.context.supervision`). Exported as a type so that machines
 * holding a supervisor can be named in declarations; use the package's functions, not its methods.
 *
 * @example
 * ```ts
 * const { supervision }: { supervision: Supervision } = sup.getSnapshot().context;
 * ```
 */
export class Supervision {
  readonly name: string;
  /** Set when the supervisor ends in status error, with the error it ends with. */
  failure: unknown = undefined;
  private readonly records = new Map<string, ChildRecord>();
  private readonly intensity: RestartIntensity;
  private readonly log: Logger | undefined;
  /** Work that waits for the step in progress, as messages wait in a gen_server's mailbox. */
  private readonly pending: Array<() => Step> = [];
  private busy = false;
  /** Restarts of each child since the event loop last turned (see restart). */
  private readonly burst = new Map<ChildRecord, number>();
  private stopping = false;
  private shutdownStarted = false;

  constructor(
    private readonly self: AnyActorRef,
    private readonly config: SupervisionConfig,
  ) {
    this.name = (self as { systemId?: string }).systemId ?? self.id;
    this.intensity = new RestartIntensity(config.maxRestarts, config.periodMs);
    this.log = config.logger && childLogger(config.logger, { component: 'supervisor', supervisor: this.name });
  }

  /** Starts the static children in list order; the first that fails stops the others (start_error). */
  init(): void {
    for (const resolved of this.config.children) {
      const record = new ChildRecord(resolved);
      this.records.set(record.id, record);
      const error = this.spawn(record);
      if (error) {
        record.status = 'terminated';
        this.report('start_error', error.cause, record);
        this.fail(error);
        return;
      }
    }
  }

  /** A child sent `xstate.done.actor.<id>` or `xstate.error.actor.<id>`: the exit is trapped here. */
  childExited(id: string): void {
    const record = this.records.get(id);
    const ref = record?.ref;
    if (!record || !ref || record.status !== 'running') return;
    const reason = exitReasonOf(ref);
    // An event of an earlier incarnation of this id arrives after its replacement started: nothing to do.
    if (!reason) return;
    this.run(() => (record.ref === ref && record.status === 'running' ? this.onExit(record, reason) : undefined));
  }

  /**
   * Runs a call and answers it; calls wait for any restart or shutdown in progress. A call whose answer
   * waits on one child only (`holdsQueue` false: terminateChild) answers when that child has stopped but
   * lets later calls run meanwhile, so that one child's long drain does not hold up the start of another.
   */
  call<T>(op: () => T | Promise<T>, reply: Reply<T>, holdsQueue = true): void {
    this.run(() => {
      if (this.stopping) {
        reply.reject(new SupervisorError('not_running', `supervisor '${this.name}' is shutting down`));
        return;
      }
      let result: T | Promise<T>;
      try {
        result = op();
      } catch (err) {
        reply.reject(err);
        return;
      }
      if (!(result instanceof Promise)) {
        reply.resolve(result);
        return;
      }
      const answered = result.then(reply.resolve, reply.reject);
      return holdsQueue ? answered : undefined;
    });
  }

  startChild(spec: unknown): AnyActorRef {
    const resolved = resolveChildSpec(spec, this.config.autoShutdown !== 'never');
    if (resolved instanceof SupervisorError) throw resolved;
    const id = resolved.spec.id;
    const existing = this.records.get(id);
    if (existing) {
      throw existing.status === 'terminated'
        ? new SupervisorError('already_present', `child '${id}' is already present (terminated); restartChild or deleteChild it`)
        : new SupervisorError('already_started', `child '${id}' is already started`);
    }
    if (this.records.size >= this.config.maxChildren) {
      throw new SupervisorError('max_children', `supervisor '${this.name}' has maxChildren ${this.config.maxChildren} children`);
    }
    const record = new ChildRecord(resolved);
    this.records.set(id, record);
    const error = this.spawn(record);
    if (error) {
      this.records.delete(id);
      this.report('start_error', error.cause, record);
      throw error;
    }
    return record.ref!;
  }

  terminateChild(id: string): Step {
    const record = this.find(id);
    return then(this.terminate(record), () => {
      // Unless it was started again meanwhile (restartChild), forget what a static supervisor does not keep.
      const forget = this.config.dynamic || record.resolved.restart === 'temporary';
      if (forget && record.status === 'terminated' && this.records.get(id) === record) this.records.delete(id);
    });
  }

  restartChild(id: string): AnyActorRef {
    const record = this.findStatic(id, 'restartChild');
    this.requireTerminated(record);
    const error = this.spawn(record);
    if (error) {
      record.status = 'terminated';
      this.report('start_error', error.cause, record);
      throw error;
    }
    return record.ref!;
  }

  deleteChild(id: string): void {
    const record = this.findStatic(id, 'deleteChild');
    this.requireTerminated(record);
    this.records.delete(id);
  }

  whichChildren(): ChildInfo[] {
    return Array.from(this.records.values(), (r) => ({
      id: r.id,
      ref: r.ref,
      type: r.resolved.type,
      status: r.status === 'terminating' ? 'running' : r.status,
    }));
  }

  /** One child's status, for a check that must not list every child. */
  statusOf(id: string): ChildInfo['status'] | undefined {
    const status = this.records.get(id)?.status;
    return status === 'terminating' ? 'running' : status;
  }

  countChildren(): { specs: number; active: number; supervisors: number; workers: number } {
    let active = 0;
    let supervisors = 0;
    for (const r of this.records.values()) {
      if (r.status === 'running' || r.status === 'terminating') active++;
      if (r.resolved.type === 'supervisor') supervisors++;
    }
    return { specs: this.records.size, active, supervisors, workers: this.records.size - supervisors };
  }

  /** Stops every child in reverse start order, each per its shutdown, then ends the supervisor. */
  shutdown(reason: unknown): void {
    this.stopping = true;
    if (this.shutdownStarted) return;
    this.shutdownStarted = true;
    this.log?.info(`supervisor ${this.name}: shutting down`, { supervisor: this.name, reason: reason ?? this.failure ?? 'shutdown' });
    this.run(() =>
      then(sequence([...this.records.values()].reverse(), (r) => this.terminate(r)), () => {
        this.self.send({ type: 'supervisor.terminated' });
      }),
    );
  }

  /** The supervisor actor was stopped by xstate itself: stop what still runs at once, in reverse start order. */
  kill(): void {
    this.stopping = true;
    for (const record of [...this.records.values()].reverse()) {
      if (record.ref && record.status !== 'terminated') stopActor(record.ref);
      record.ref = undefined;
      record.status = 'terminated';
    }
  }

  /**
   * Runs one piece of work at a time, like a gen_server's mailbox: work that arrives while another piece runs
   * (synchronously, from a child's start, or while a graceful stop is awaited) waits its turn.
   */
  private run(op: () => Step): void {
    if (this.busy) {
      this.pending.push(op);
      return;
    }
    this.execute(op);
  }

  private execute(op: () => Step): void {
    this.busy = true;
    let step: Step;
    try {
      step = op();
    } catch (err) {
      this.busy = false;
      throw err;
    }
    if (step) {
      step.then(
        () => this.next(),
        (err: unknown) => {
          // Steps do not reject by design; if one does (a bug, or user code throwing where it should not),
          // the supervisor must not go silent: it gives up and escalates with that error.
          this.busy = false;
          this.log?.error(`supervisor ${this.name}: failed: ${errorMessage(err)}`, { supervisor: this.name, error: err });
          if (!this.stopping) {
            this.fail(err);
            return;
          }
          // Already stopping: end now; leaving 'alive' stops whatever still runs.
          this.failure ??= err;
          this.self.send({ type: 'supervisor.terminated' });
        },
      );
      return;
    }
    this.next();
  }

  private next(): void {
    this.busy = false;
    const op = this.pending.shift();
    if (op) this.execute(op);
  }

  /** Ends the supervisor in status error once every child is stopped. */
  private fail(error: unknown): void {
    if (this.stopping) return;
    this.stopping = true;
    this.failure = error;
    this.self.send({ type: 'supervisor.shutdown' });
  }

  private onExit(record: ChildRecord, reason: ExitReason): Step {
    const { restart, significant } = record.resolved;
    if (restart === 'permanent' || reason.kind === 'error') this.report('child_terminated', reason, record);
    record.ref = undefined;
    const again = restart === 'permanent' || (restart === 'transient' && reason.kind === 'error');
    if (!again || this.stopping) {
      if (this.config.dynamic || restart === 'temporary') this.records.delete(record.id);
      else record.status = 'terminated';
      if (significant && !this.stopping) this.autoShutdown();
      return;
    }
    record.status = 'restarting';
    if (!this.allowRestart(record)) return;
    return this.restart(record);
  }

  /**
   * Restarts per the strategy. A child restarted BURST_LIMIT times without the event loop turning (it fails
   * as it starts, or exits at once, under a high intensity) waits for a turn before the next restart: a
   * supervisor must not starve the rest of the process, as OTP's preemptive scheduler never lets it.
   */
  private restart(record: ChildRecord): Step {
    if (!this.withinBurst(record)) {
      return new Promise<void>((resolve) => setImmediate(resolve)).then(() => (this.stopping ? undefined : this.restart(record)));
    }
    switch (this.config.strategy) {
      case 'one_for_one':
        return this.restartOne(record);
      case 'one_for_all':
        return this.restartGroup([...this.records.values()]);
      case 'rest_for_one':
        return this.restartGroup(this.startedFrom(record));
    }
  }

  private withinBurst(record: ChildRecord): boolean {
    if (this.burst.size === 0) setImmediate(() => this.burst.clear());
    const restarts = (this.burst.get(record) ?? 0) + 1;
    this.burst.set(record, restarts);
    return restarts <= BURST_LIMIT;
  }

  /** Counts a restart against the intensity; past it the supervisor gives up and escalates. */
  private allowRestart(record: ChildRecord): boolean {
    if (this.intensity.allow(nowOf(this.self))) return true;
    this.report('shutdown', 'reached_max_restart_intensity', record);
    this.fail(
      new SupervisorError(
        'reached_max_restart_intensity',
        `supervisor '${this.name}' reached its restart intensity (more than ${this.config.maxRestarts} restarts in ${this.config.periodMs} ms); last offender '${record.id}'`,
      ),
    );
    return false;
  }

  private restartOne(record: ChildRecord): Step {
    const error = this.spawn(record);
    if (!error) return;
    // OTP's try_again_restart: a failed restart counts against the intensity and is tried again.
    this.report('start_error', error.cause, record);
    return this.allowRestart(record) ? this.restart(record) : undefined;
  }

  /** one_for_all / rest_for_one: stop the running ones of the group in reverse, then start the group in order. */
  private restartGroup(group: ChildRecord[]): Step {
    const stopped = group.filter((r) => r.status === 'running').reverse();
    return then(
      sequence(stopped, (r) => this.terminate(r)),
      () => {
        for (const r of stopped) {
          // OTP's temporary_bystander: a temporary child stopped for a sibling's restart stays down.
          if (r.resolved.restart === 'temporary') this.records.delete(r.id);
          else r.status = 'restarting';
        }
        if (this.stopping) return;
        for (const r of group) {
          if (r.status !== 'restarting' || this.records.get(r.id) !== r) continue;
          const error = this.spawn(r);
          if (!error) continue;
          this.report('start_error', error.cause, r);
          return this.allowRestart(r) ? this.restart(r) : undefined;
        }
      },
    );
  }

  private startedFrom(record: ChildRecord): ChildRecord[] {
    const all = [...this.records.values()];
    return all.slice(all.indexOf(record));
  }

  private autoShutdown(): void {
    const mode = this.config.autoShutdown;
    if (mode === 'never') return;
    if (mode === 'all_significant') {
      for (const r of this.records.values()) if (r.resolved.significant && r.status !== 'terminated') return;
    }
    this.stopping = true;
    this.self.send({ type: 'supervisor.shutdown' });
  }

  /** Creates and starts the child's actor; returns the start_error when it throws or errors at start. */
  private spawn(record: ChildRecord): SupervisorError | undefined {
    const { spec } = record.resolved;
    let ref: AnyActorRef;
    try {
      ref = createActor(spec.logic, { parent: this.self, id: spec.id, systemId: spec.systemId, input: spec.input });
      record.ref = ref;
      record.status = 'running';
      ref.start();
    } catch (err) {
      return this.startError(record, err);
    }
    const snapshot = ref.getSnapshot() as { status: string; error?: unknown };
    if (snapshot.status === 'error') return this.startError(record, snapshot.error);
  }

  private startError(record: ChildRecord, cause: unknown): SupervisorError {
    record.ref = undefined;
    record.status = 'restarting';
    return new SupervisorError('start_error', `child '${record.id}' failed to start: ${errorMessage(cause)}`, { cause });
  }

  /** Stops one child per its shutdown: otp.shutdown and a deadline, or at once. */
  private terminate(record: ChildRecord): Step {
    const ref = record.ref;
    const ended = () => {
      record.ref = undefined;
      record.status = 'terminated';
      record.stopped = undefined;
    };
    if (record.status === 'terminating') return record.stopped;
    if (!ref || record.status !== 'running') {
      if (record.status === 'restarting') record.status = 'terminated';
      return;
    }
    const exited = exitReasonOf(ref);
    if (exited) {
      // It died on its own just before we stopped it; its exit event is still on its way.
      if (exited.kind === 'error') this.report('shutdown_error', exited.error, record);
      ended();
      return;
    }
    const { shutdown } = record.resolved;
    if (shutdown === 'brutal_kill' || !handlesShutdown(ref)) {
      stopActor(ref);
      // Its cleanup threw as it stopped.
      const after = exitReasonOf(ref);
      if (after?.kind === 'error') this.report('shutdown_error', after.error, record);
      ended();
      return;
    }
    record.status = 'terminating';
    const clock = clockOf(this.self);
    let settled = false;
    let resolve: (() => void) | undefined;
    let timer: unknown;
    let subscription: { unsubscribe(): void } | undefined;
    const settle = () => {
      if (settled) return;
      settled = true;
      if (timer !== undefined) clock.clearTimeout(timer);
      subscription?.unsubscribe();
      ended();
      resolve?.();
    };
    subscription = ref.subscribe({
      complete: settle,
      error: (err: unknown) => {
        this.report('shutdown_error', err, record);
        settle();
      },
    });
    if (typeof shutdown === 'number') {
      timer = clock.setTimeout(() => {
        this.report('shutdown_error', 'killed', record);
        stopActor(ref);
      }, shutdown);
    }
    ref.send({ type: SHUTDOWN_EVENT });
    if (settled) return;
    record.stopped = new Promise<void>((r) => {
      resolve = r;
    });
    return record.stopped;
  }

  private find(id: string): ChildRecord {
    const record = this.records.get(id);
    if (!record) throw new SupervisorError('not_found', `supervisor '${this.name}' has no child '${id}'`);
    return record;
  }

  private findStatic(id: string, call: string): ChildRecord {
    if (this.config.dynamic) {
      throw new SupervisorError('not_supported', `${call} is for static supervisors; a dynamic supervisor forgets children that stop`);
    }
    return this.find(id);
  }

  private requireTerminated(record: ChildRecord): void {
    if (record.status === 'restarting') throw new SupervisorError('restarting', `child '${record.id}' is restarting`);
    if (record.status !== 'terminated') throw new SupervisorError('running', `child '${record.id}' is running`);
  }

  private report(context: SupervisorReport['context'], reason: unknown, record: ChildRecord): void {
    const r = record.resolved;
    const report: SupervisorReport = {
      supervisor: this.name,
      context,
      reason,
      offender: { id: r.spec.id, restart: r.restart, shutdown: r.shutdown, type: r.type, significant: r.significant },
    };
    if (this.log) {
      const crashed = reason as Partial<{ kind: string; error: unknown }>;
      const quiet = context === 'child_terminated' && crashed.kind !== 'error';
      const error = crashed.kind === 'error' ? crashed.error : reason;
      this.log[quiet ? 'info' : 'error'](`supervisor ${this.name}: ${context} of child '${r.spec.id}'`, {
        ...report,
        ...(error instanceof Error ? { stack: error.stack } : {}),
      });
    }
    emitFrom(this.self, { type: 'supervisor.report', ...report });
  }
}
