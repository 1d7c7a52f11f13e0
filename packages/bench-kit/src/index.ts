// Shared measuring helpers for every package's bench/ programs, so each bench prints figures the same way.
import { performance } from 'node:perf_hooks';

/** Figures of one bench run: names to numbers (microseconds, bytes, ratios...), printed as a table or JSON. */
export type Figures = Record<string, number>;

/**
 * Returns the p-th percentile (0-100) of the samples, by nearest rank.
 *
 * @example
 * ```ts
 * percentile([5, 1, 3], 50); // 3
 * ```
 */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new RangeError('percentile: samples is empty');
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

/**
 * Runs `fn` and returns the elapsed wall time in microseconds.
 *
 * @example
 * ```ts
 * const us = await timeUs(async () => { await work(); });
 * ```
 */
export async function timeUs(fn: () => unknown): Promise<number> {
  const start = performance.now();
  await fn();
  return (performance.now() - start) * 1000;
}

/**
 * Heap bytes in use after a full collection when node runs with --expose-gc (otherwise without one).
 *
 * @example
 * ```ts
 * const before = heapUsed(); build(); const perItem = (heapUsed() - before) / n;
 * ```
 */
export function heapUsed(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}

/**
 * True when the bench was started with `--json`.
 *
 * @example
 * ```ts
 * if (!wantsJson()) console.log('measuring...');
 * ```
 */
export function wantsJson(argv: readonly string[] = process.argv): boolean {
  return argv.includes('--json');
}

/**
 * Prints a bench's figures: one JSON object on stdout with `--json`, otherwise an aligned table.
 *
 * @example
 * ```ts
 * printFigures('supervisor', { 'start us/child (1k)': 21.3, 'start ratio (1k)': 1.2 });
 * ```
 */
export function printFigures(bench: string, figures: Figures, argv: readonly string[] = process.argv): void {
  if (wantsJson(argv)) {
    process.stdout.write(`${JSON.stringify({ bench, ...figures })}\n`);
    return;
  }
  const width = Math.max(...Object.keys(figures).map((k) => k.length));
  process.stdout.write(`\n${bench}\n`);
  for (const [name, value] of Object.entries(figures)) {
    process.stdout.write(`  ${name.padEnd(width)}  ${Number.isInteger(value) ? value : value.toFixed(2)}\n`);
  }
}
