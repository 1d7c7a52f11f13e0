// The state behind one running circuit breaker: its flagged children, the checks and what they decide.
// It lives in the breaker machine's context, so the children's records (crashes included) survive a
// restart of the supervisor tree below it; the monitor machine drives it.
import type { AnyActorRef } from 'xstate';
import {
  childLogger,
  formatValue,
  monitor,
  startChild,
  SupervisorError,
  terminateChild,
  whichChildren,
  type ExitReason,
  type Logger,
  type SupervisorReportEvent,
} from '@xstate-otp/core';
import type { BreakerChildInfo, BreakerChildStatus } from '../breakerChildren';
import type { CircuitBreakerCounts, CircuitBreakerEmitted } from '../circuitBreakerEvents';
import { CircuitBreakerError, FlagSourceError } from '../errors';
import type { FlagSource } from '../flagSource';
import { BreakerMetrics } from './breakerMetrics';
import type { ResolvedChild, ResolvedOptions } from './resolveOptions';

/** The id of the dynamic supervisor the flagged children run under, in the breaker's supervisor. */
export const CHILDREN_ID = 'children';

/** `starting` and `stopping` last while core starts or gracefully stops the child. */
type Phase = 'off' | 'starting' | 'running' | 'stopping' | 'crashed';

class FlaggedChild {
  phase: Phase = 'off';
  enabled: boolean | undefined = undefined;
  crashes = 0;
  lastError: unknown = undefined;
  ref: AnyActorRef | undefined = undefined;
  /** The unknown or non-boolean flag value last warned about: one warning per value, not per check. */
  warned: string | undefined = undefined;
  /** The addChild call waiting for this child's first check. */
  onChecked: { resolve(): void; reject(error: CircuitBreakerError): void } | undefined = undefined;
  /** How many checks recorded a flag value for this child; `seenAtTransition` is that count when the current start or stop began. */
  seen = 0;
  seenAtTransition = 0;
  private log: Logger | undefined = undefined;

  constructor(
    readonly resolved: ResolvedChild,
    private readonly breakerLog: Logger | undefined,
  ) {}

  get id(): string {
    return this.resolved.spec.id;
  }

  get flagKey(): string {
    return this.resolved.flagKey;
  }

  /** Derived on first use: 10,000 children that never log cost no loggers. */
  get logger(): Logger | undefined {
    if (this.breakerLog && !this.log) this.log = childLogger(this.breakerLog, { childId: this.id, flagKey: this.flagKey });
    return this.log;
  }

  get status(): BreakerChildStatus {
    return this.phase === 'crashed' ? 'crashed' : this.phase === 'off' ? 'off' : 'running';
  }
}

/** What one evaluation said, besides a boolean or undefined (unknown flag). */
class NotBoolean {
  constructor(readonly value: unknown) {}
}
class SourceFailure {
  constructor(readonly error: unknown) {}
}
type Outcome = boolean | undefined | NotBoolean | SourceFailure;

const ABANDONED = Symbol('abandoned');

/**
 * One check's evaluations, from the moment they are asked until all of them answered. It is abandoned
 * when it took longer than checkTimeoutMs or its monitor stopped first: the checks go on without it and
 * its late answers are ignored, but the source still holds its evaluations until they answer.
 */
class CheckRun {
  answered = false;
  abandoned = false;
  /** Resolves when the check is abandoned, to race its evaluations. */
  readonly left: Promise<typeof ABANDONED>;
  leave!: () => void;

  constructor(readonly full: boolean) {
    this.left = new Promise((resolve) => (this.leave = () => resolve(ABANDONED)));
  }
}

/**
 * Abandoned checks whose evaluations the source still holds, beyond which polls are skipped: the memory a
 * source that never answers can cost is two checks' evaluations (one abandoned, one current), not one per poll.
 */
const MAX_ABANDONED_CHECKS = 1;

const toFailure = (error: unknown): Outcome =>
  error instanceof FlagSourceError && error.code === 'flag_not_boolean' ? new NotBoolean(error.value) : new SourceFailure(error);
const toOutcome = (value: unknown): Outcome => (typeof value === 'boolean' || value === undefined ? value : new NotBoolean(value));

function errorMeta(error: unknown): Record<string, unknown> {
  return error instanceof Error ? { error: error.message, stack: error.stack } : { error: formatValue(error) };
}

export class BreakerEngine {
  /** The breaker's supervisor (of the dynamic supervisor and the monitor), set once spawned. */
  tree: AnyActorRef | undefined = undefined;
  readonly checkIntervalMs: number;
  readonly checkTimeoutMs: number;
  private readonly flags: FlagSource;
  private readonly log: Logger | undefined;
  private readonly metrics: BreakerMetrics;
  private readonly children = new Map<string, FlaggedChild>();
  private readonly byFlagKey = new Map<string, FlaggedChild[]>();
  // A full check first, whenever a monitor (re)starts.
  private pendingFull = true;
  private readonly pendingKeys = new Set<string>();
  /** The check the monitor waits for. */
  private current: CheckRun | undefined = undefined;
  private readonly abandoned = new Set<CheckRun>();
  private outageSince: number | undefined = undefined;
  /** Whether this outage's skipped polls were warned about. */
  private skipWarned = false;
  private wake: (() => void) | undefined = undefined;
  private reports: { from: AnyActorRef; unsubscribe(): void } | undefined = undefined;
  private closed = false;
  private shuttingDown = false;

  constructor(
    options: ResolvedOptions,
    private readonly publish: (event: CircuitBreakerEmitted) => void,
  ) {
    this.flags = options.flags;
    this.checkIntervalMs = options.checkIntervalMs;
    this.checkTimeoutMs = options.checkTimeoutMs;
    this.log = options.logger && childLogger(options.logger, { component: 'circuitBreaker' });
    this.metrics = new BreakerMetrics(options.meter);
    for (const child of options.children) this.register(child);
  }

  /** The breaker started: its gauge starts reporting. */
  open(): void {
    this.metrics.open();
  }

  /** The breaker stopped: nothing is checked, emitted or reported any more. */
  close(): void {
    this.closed = true;
    this.metrics.close();
    this.reports?.unsubscribe();
    this.reports = undefined;
    this.dropUnchecked('stopped');
  }

  /** The breaker is shutting down gracefully: its children stop for that, not for their flags; no check applies any more. */
  shutdown(): void {
    this.shuttingDown = true;
    this.dropUnchecked('is shutting down');
  }

  /** Shutting down or stopped: addChild is refused. */
  get stopping(): boolean {
    return this.shuttingDown || this.closed;
  }

  has(id: string): boolean {
    return this.children.has(id);
  }

  /**
   * Adds a child at runtime; resolves once a check has looked at its flag (and started it if on), or
   * rejects if the breaker stops first (the child is then not added).
   */
  add(resolved: ResolvedChild): Promise<void> {
    const child = this.register(resolved);
    const checked = new Promise<void>((resolve, reject) => (child.onChecked = { resolve, reject }));
    this.changed([child.flagKey]);
    return checked;
  }

  list(): BreakerChildInfo[] {
    return Array.from(this.children.values(), (c) => ({
      id: c.id,
      flagKey: c.flagKey,
      enabled: c.enabled,
      status: c.status,
      crashes: c.crashes,
      ...(c.crashes > 0 ? { lastError: c.lastError } : {}),
      ...(c.ref ? { ref: c.ref } : {}),
    }));
  }

  /**
   * A monitor started: change events now wake it. Returns the detach function for when it stops.
   * The flag source's subscription lives exactly as long as the monitor.
   */
  attach(wake: () => void): () => void {
    this.wake = wake;
    let unsubscribe: (() => void) | undefined;
    try {
      unsubscribe = this.flags.subscribe?.((keys) => this.changed(keys));
    } catch (error) {
      this.log?.warn('circuit breaker: the flag source could not subscribe to changes; polling alone', errorMeta(error));
    }
    return () => {
      this.wake = undefined;
      this.pendingFull = true;
      unsubscribe?.();
    };
  }

  /** Keys that may have changed (all of them when the list is empty): check them at once. */
  changed(flagKeys: readonly string[]): void {
    if (flagKeys.length === 0) this.pendingFull = true;
    for (const key of flagKeys) if (this.byFlagKey.has(key)) this.pendingKeys.add(key);
    if (this.hasPending()) this.wake?.();
  }

  /** The poll: a full check, unless one is running now (a slow source never piles up checks). */
  pollDue(): void {
    if (!this.current?.full) this.pendingFull = true;
  }

  hasPending(): boolean {
    return this.pendingFull || this.pendingKeys.size > 0;
  }

  /**
   * The check in progress took longer than checkTimeoutMs: an outage. It is abandoned, so its runCheck
   * ends now (as a failed check) and polling goes on; its answers, whenever they come, are ignored.
   */
  checkTimedOut(): void {
    const run = this.current;
    if (!run || run.answered) return;
    this.abandon(run);
    this.sourceFailed(new Error(`the flag source did not answer within checkTimeoutMs (${this.checkTimeoutMs} ms)`));
  }

  /**
   * One check: evaluate the pending flags, then apply the rules. Ends when the source answered or when the
   * check is abandoned (checkTimedOut, or `signal` aborting as the monitor stops). Never rejects.
   */
  async runCheck(signal: AbortSignal): Promise<void> {
    const full = this.pendingFull;
    const children = full ? [...this.children.values()] : this.takeKeyed();
    this.pendingFull = false;
    this.pendingKeys.clear();
    if (this.stopping) return;
    if (this.abandoned.size > MAX_ABANDONED_CHECKS) {
      // The source still holds too many unanswered checks: asking it again would only pile up more.
      this.pollSkipped();
      this.checked(children);
      return;
    }
    const run = new CheckRun(full);
    this.current = run;
    signal.addEventListener('abort', () => this.abandon(run), { once: true });
    try {
      const evaluated = this.evaluateAll(children).then((outcomes) => {
        run.answered = true;
        this.abandoned.delete(run);
        return outcomes;
      });
      const outcomes = await Promise.race([evaluated, run.left]);
      if (signal.aborted || this.stopping) return;
      if (outcomes !== ABANDONED && !run.abandoned) {
        const failure = outcomes.find((outcome): outcome is SourceFailure => outcome instanceof SourceFailure);
        if (failure) this.sourceFailed(failure.error);
        else this.apply(children, outcomes);
      }
      this.checked(children);
    } finally {
      if (this.current === run) this.current = undefined;
    }
  }

  /** The checks go on without `run`; it counts against MAX_ABANDONED_CHECKS until the source answers it. */
  private abandon(run: CheckRun): void {
    if (run.answered || run.abandoned) return;
    run.abandoned = true;
    this.abandoned.add(run);
    if (this.current === run) this.current = undefined;
    run.leave();
  }

  /** A poll skipped while the source holds too many abandoned checks: a failed check, warned about once per outage. */
  private pollSkipped(): void {
    this.sourceFailed(new Error(`the flag source left ${this.abandoned.size} checks unanswered`));
    if (this.skipWarned) return;
    this.skipWarned = true;
    this.log?.warn('circuit breaker: the flag source has not answered two checks; polls are skipped until it answers one', {
      checkTimeoutMs: this.checkTimeoutMs,
    });
  }

  private register(resolved: ResolvedChild): FlaggedChild {
    const child = new FlaggedChild(resolved, this.log);
    this.children.set(child.id, child);
    const sameKey = this.byFlagKey.get(child.flagKey);
    if (sameKey) sameKey.push(child);
    else this.byFlagKey.set(child.flagKey, [child]);
    return child;
  }

  /** Forgets a child added with addChild that no check looked at. */
  private unregister(child: FlaggedChild): void {
    this.children.delete(child.id);
    const sameKey = this.byFlagKey.get(child.flagKey)?.filter((c) => c !== child) ?? [];
    if (sameKey.length > 0) this.byFlagKey.set(child.flagKey, sameKey);
    else this.byFlagKey.delete(child.flagKey);
  }

  private takeKeyed(): FlaggedChild[] {
    const children: FlaggedChild[] = [];
    for (const key of this.pendingKeys) children.push(...(this.byFlagKey.get(key) ?? []));
    return children;
  }

  /** Evaluates every child's flag at once; one promise hop per child, since a check may cover 10,000. */
  private evaluateAll(children: readonly FlaggedChild[]): Promise<Outcome[]> {
    return new Promise((resolve) => {
      const outcomes = new Array<Outcome>(children.length);
      let left = children.length;
      if (left === 0) resolve(outcomes);
      children.forEach((child, i) => {
        const settle = (outcome: Outcome) => {
          outcomes[i] = outcome;
          if (--left === 0) resolve(outcomes);
        };
        try {
          this.flags.evaluate(child.flagKey, child.resolved.context).then(
            (value) => settle(toOutcome(value)),
            (error: unknown) => settle(toFailure(error)),
          );
        } catch (error) {
          settle(toFailure(error));
        }
      });
    });
  }

  /**
   * Applies the rules. Starts and stops are not awaited: a dynamic supervisor answers calls one at a
   * time, so a start may wait behind another child's graceful shutdown, and the checks must go on.
   */
  private apply(children: readonly FlaggedChild[], outcomes: readonly Outcome[]): void {
    if (this.outageSince !== undefined) {
      this.log?.info('circuit breaker: the flag source answers again', { outageMs: Date.now() - this.outageSince });
      this.outageSince = undefined;
      this.skipWarned = false;
    }
    const pool = this.dynamicSupervisor();
    // Without its dynamic supervisor (the tree is restarting) there is nothing to start or stop.
    if (!pool) return;
    for (let i = 0; i < children.length; i++) {
      const child = children[i];
      const outcome = outcomes[i];
      child.seen += 1;
      if (typeof outcome === 'boolean') {
        child.enabled = outcome;
        child.warned = undefined;
      } else {
        child.enabled = undefined;
        this.warnNotBoolean(child, outcome as NotBoolean | undefined);
      }
      const on = outcome === true;
      if (child.phase === 'off' && on) void this.start(child, pool);
      else if (child.phase === 'running' && !on) this.stop(child, pool);
      else if (child.phase === 'crashed' && !on) this.clearCrash(child);
      // 'starting' / 'stopping': when that ends, the last value seen decides (see settled).
    }
  }

  private warnNotBoolean(child: FlaggedChild, outcome: NotBoolean | undefined): void {
    const seen = outcome === undefined ? 'unknown' : `value ${formatValue(outcome.value)}`;
    if (child.warned === seen) return;
    child.warned = seen;
    if (outcome === undefined) {
      child.logger?.warn(`circuit breaker: flag '${child.flagKey}' is unknown to the flag source; child '${child.id}' counts as off`, {
        flagKey: child.flagKey,
        value: undefined,
      });
    } else {
      child.logger?.warn(
        `circuit breaker: flag '${child.flagKey}' is not a boolean (${formatValue(outcome.value)}); child '${child.id}' counts as off`,
        { flagKey: child.flagKey, value: outcome.value },
      );
    }
  }

  private async start(child: FlaggedChild, pool: AnyActorRef): Promise<void> {
    child.phase = 'starting';
    child.seenAtTransition = child.seen;
    let ref: AnyActorRef;
    try {
      ref = await startChild(pool, child.resolved.spec);
    } catch (error) {
      if (SupervisorError.is(error, 'start_error')) {
        this.crashed(child, error.cause ?? error);
      } else {
        child.phase = 'off';
        child.logger?.warn(`circuit breaker: child '${child.id}' could not be started`, errorMeta(error));
      }
      return;
    }
    child.phase = 'running';
    child.ref = ref;
    child.logger?.info(`circuit breaker: child '${child.id}' started (flag '${child.flagKey}' is on)`);
    // Reports at once for a child that already ended (a promise that resolved at once, an initial final
    // state): it is off, and starts again at the next poll, never straight away.
    monitor(ref, (reason) => this.exited(child, ref, reason));
    if (child.ref === ref) this.settled(child);
  }

  private stop(child: FlaggedChild, pool: AnyActorRef): void {
    child.phase = 'stopping';
    child.seenAtTransition = child.seen;
    child.logger?.info(`circuit breaker: stopping child '${child.id}' (flag '${child.flagKey}' is off)`);
    // The child's exit (through its monitor) moves it on; a child that exited meanwhile is 'not_found'.
    terminateChild(pool, child.id).catch((error: unknown) => {
      if (!SupervisorError.is(error, 'not_found')) child.logger?.warn(`circuit breaker: child '${child.id}' could not be stopped`, errorMeta(error));
    });
  }

  private exited(child: FlaggedChild, ref: AnyActorRef, reason: ExitReason): void {
    if (child.ref !== ref) return;
    child.ref = undefined;
    if (reason.kind === 'error') {
      this.crashed(child, reason.error);
      return;
    }
    const stopping = child.phase === 'stopping';
    child.phase = 'off';
    if (this.closed) return;
    if (this.shuttingDown) {
      child.logger?.info(`circuit breaker: child '${child.id}' stopped (the circuit breaker is shutting down)`);
    } else if (stopping) {
      child.logger?.info(`circuit breaker: child '${child.id}' stopped`);
      this.settled(child);
    } else {
      child.logger?.info(`circuit breaker: child '${child.id}' exited (${reason.kind}); its flag decides at the next check`);
    }
  }

  /**
   * A start or stop ended: if the flag changed meanwhile, check it now rather than at the next poll. Only a
   * value seen by a check since the start or stop began asks for that: what the child did itself (ending
   * at once, say) never does, so no start and stop can feed each other without the source in between.
   */
  private settled(child: FlaggedChild): void {
    if (this.stopping || child.seen === child.seenAtTransition) return;
    if ((child.phase === 'running') !== (child.enabled === true)) this.changed([child.flagKey]);
  }

  private crashed(child: FlaggedChild, error: unknown): void {
    child.phase = 'crashed';
    child.ref = undefined;
    child.crashes += 1;
    child.lastError = error;
    child.logger?.error(`circuit breaker: child '${child.id}' crashed; it stays down until flag '${child.flagKey}' is turned off`, {
      crashes: child.crashes,
      ...errorMeta(error),
    });
    if (this.closed) return;
    this.metrics.crashed(child.id);
    this.publish({ type: 'circuitBreaker.crash', id: child.id, error, crashes: child.crashes });
  }

  private clearCrash(child: FlaggedChild): void {
    child.phase = 'off';
    child.logger?.info(`circuit breaker: crash of child '${child.id}' cleared (flag '${child.flagKey}' is off); it starts when the flag is on`);
  }

  private sourceFailed(error: unknown): void {
    if (this.outageSince !== undefined) return;
    this.outageSince = Date.now();
    this.log?.warn('circuit breaker: the flag source is failing; every child keeps its state and polling goes on', errorMeta(error));
  }

  private checked(children: readonly FlaggedChild[]): void {
    const counts = this.count();
    this.metrics.checked(counts);
    this.publish({ type: 'circuitBreaker.check', ...counts });
    for (const child of children) this.release(child);
  }

  private release(child: FlaggedChild): void {
    const onChecked = child.onChecked;
    child.onChecked = undefined;
    onChecked?.resolve();
  }

  /** addChild calls still waiting for a first check reject, and their children are not added: no check will come. */
  private dropUnchecked(why: string): void {
    for (const child of [...this.children.values()]) {
      const onChecked = child.onChecked;
      if (!onChecked) continue;
      child.onChecked = undefined;
      this.unregister(child);
      onChecked.reject(
        new CircuitBreakerError('not_a_circuit_breaker', `the circuit breaker ${why}: child '${child.id}' was not added, no check looked at its flag`),
      );
    }
  }

  private count(): CircuitBreakerCounts {
    const counts = { running: 0, off: 0, crashed: 0 };
    for (const child of this.children.values()) counts[child.status] += 1;
    return counts;
  }

  /** The running dynamic supervisor of the flagged children, whose reports this engine listens to. */
  private dynamicSupervisor(): AnyActorRef | undefined {
    const pool = this.tree && whichChildren(this.tree).find((c) => c.id === CHILDREN_ID && c.status === 'running')?.ref;
    if (pool && this.reports?.from !== pool) {
      this.reports?.unsubscribe();
      const subscription = pool.on('supervisor.report', (report: SupervisorReportEvent) => this.reported(report));
      this.reports = { from: pool, unsubscribe: () => subscription.unsubscribe() };
    }
    return pool;
  }

  /** Crashes reach the breaker through monitors; a report adds only what they cannot see: a forced stop. */
  private reported(report: SupervisorReportEvent): void {
    if (report.context !== 'shutdown_error' || report.reason !== 'killed') return;
    const child = this.children.get(report.offender.id);
    (child?.logger ?? this.log)?.warn(`circuit breaker: child '${report.offender.id}' missed its shutdown deadline and was stopped by force`);
  }
}
