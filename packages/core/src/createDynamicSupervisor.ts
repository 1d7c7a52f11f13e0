// A dynamic supervisor: Elixir's DynamicSupervisor, one_for_one over children added at runtime.
import type { Logger } from './logger';
import { createSupervisorMachine, type SupervisorLogic } from './internal/supervisorMachine';
import { checkCount, checkLogger, checkPlainObject } from './internal/validation';

/**
 * Options of {@link createDynamicSupervisor}. Defaults: maxRestarts 3, periodMs 5000, maxChildren Infinity
 * (restarting children count), no logger (silent).
 *
 * @example
 * ```ts
 * const options: DynamicSupervisorOptions = { maxChildren: 10_000, maxRestarts: 100, periodMs: 1000 };
 * ```
 */
export interface DynamicSupervisorOptions {
  maxRestarts?: number;
  periodMs?: number;
  maxChildren?: number;
  logger?: Logger;
}

/**
 * Creates the logic of a dynamic supervisor: it starts with no children, {@link startChild} adds them, and a
 * child that stops for good (or is terminated) is forgotten. Starting or restarting a child costs the same
 * with 10 or 100,000 siblings.
 *
 * @example
 * ```ts
 * const pool = createActor(createDynamicSupervisor({ maxChildren: 1000 })).start();
 * const ref = await startChild(pool, { id: 'shard-0001', logic: shardConsumer, restart: 'transient' });
 * await terminateChild(pool, 'shard-0001');
 * ```
 */
export function createDynamicSupervisor(options: DynamicSupervisorOptions = {}): SupervisorLogic {
  const o = checkPlainObject('options', options);
  return createSupervisorMachine({
    dynamic: true,
    strategy: 'one_for_one',
    maxRestarts: checkCount('maxRestarts', o.maxRestarts, 3, 0, true),
    periodMs: checkCount('periodMs', o.periodMs, 5000, 1, false),
    autoShutdown: 'never',
    maxChildren: checkCount('maxChildren', o.maxChildren, Infinity, 1, true),
    logger: checkLogger(o.logger),
    children: [],
  });
}
