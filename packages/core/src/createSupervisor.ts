// A static supervisor: OTP's supervisor, as an xstate machine whose children start with it.
import type { ChildSpec } from './childSpec';
import type { Logger } from './logger';
import { createSupervisorMachine, type SupervisorLogic } from './internal/supervisorMachine';
import { checkCount, checkLogger, checkOneOf, checkPlainObject, resolveChildSpecs } from './internal/validation';

/**
 * What a restart restarts: `one_for_one` the child that exited; `one_for_all` every child (the others are
 * stopped in reverse start order first); `rest_for_one` the child and those started after it.
 *
 * @example
 * ```ts
 * const strategy: Strategy = 'rest_for_one'; // a cache restarts when the db it reads from restarts
 * ```
 */
export type Strategy = 'one_for_one' | 'one_for_all' | 'rest_for_one';

/**
 * When a supervisor stops by itself: `never`; `any_significant` when any significant child has exited for
 * good; `all_significant` when all of them have.
 *
 * @example
 * ```ts
 * createSupervisor({ autoShutdown: 'any_significant', children: [{ id: 'job', logic, restart: 'transient', significant: true }] });
 * ```
 */
export type AutoShutdown = 'never' | 'any_significant' | 'all_significant';

/**
 * Options of {@link createSupervisor}. Defaults: strategy 'one_for_one', maxRestarts 3 (Elixir's),
 * periodMs 5000, autoShutdown 'never', no logger (silent).
 *
 * @example
 * ```ts
 * const options: SupervisorOptions = { strategy: 'one_for_all', maxRestarts: 5, periodMs: 10_000, children: [] };
 * ```
 */
export interface SupervisorOptions {
  strategy?: Strategy;
  /** More than maxRestarts restarts within periodMs and the supervisor gives up (escalates). */
  maxRestarts?: number;
  periodMs?: number;
  autoShutdown?: AutoShutdown;
  logger?: Logger;
  children: ChildSpec[];
}

const STRATEGIES: readonly Strategy[] = ['one_for_one', 'one_for_all', 'rest_for_one'];
const AUTO_SHUTDOWNS: readonly AutoShutdown[] = ['never', 'any_significant', 'all_significant'];

/**
 * Creates the logic of a static supervisor. Its children start in list order when it starts; a child that
 * exits is restarted per its `restart` type and the strategy; more than `maxRestarts` restarts within
 * `periodMs` stop every child in reverse start order and end the supervisor in status `error` with
 * SupervisorError `reached_max_restart_intensity`, which its own supervisor sees as a crash.
 * Invalid specs or options throw SupervisorError `invalid_child_spec` / `invalid_option` here, before
 * anything starts.
 *
 * @example
 * ```ts
 * import { createActor, fromPromise } from 'xstate';
 * import { createSupervisor } from '@xstate-otp/core';
 *
 * const app = createActor(
 *   createSupervisor({
 *     strategy: 'one_for_one',
 *     maxRestarts: 3,
 *     periodMs: 5000,
 *     children: [
 *       { id: 'db', logic: dbMachine },
 *       { id: 'poller', logic: fromPromise(poll), restart: 'transient' },
 *     ],
 *   }),
 * ).start();
 * ```
 */
export function createSupervisor(options: SupervisorOptions): SupervisorLogic {
  const o = checkPlainObject('options', options);
  const autoShutdown = checkOneOf('autoShutdown', o.autoShutdown, AUTO_SHUTDOWNS, 'never');
  return createSupervisorMachine({
    dynamic: false,
    strategy: checkOneOf('strategy', o.strategy, STRATEGIES, 'one_for_one'),
    maxRestarts: checkCount('maxRestarts', o.maxRestarts, 3, 0, true),
    periodMs: checkCount('periodMs', o.periodMs, 5000, 1, false),
    autoShutdown,
    maxChildren: Infinity,
    logger: checkLogger(o.logger),
    children: resolveChildSpecs(o.children, autoShutdown !== 'never'),
  });
}
