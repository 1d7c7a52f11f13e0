// The live progress view: one refreshing block on a terminal (log-update), plain status lines otherwise.
import logUpdate from 'log-update';
import type { BreakerChildInfo } from '@xstate-otp/circuit-breaker';
import type { Ledger } from './ledger';

export interface ViewModel {
  children(): BreakerChildInfo[];
  ledger: Ledger;
  /** Last checkpoint written per consumer and shard. */
  checkpoints: Map<string, Map<string, string>>;
  startedAt: number;
  dashboardUrl: string | undefined;
  flagsPath: string | undefined;
}

const short = (sequence: string | undefined) => (sequence === undefined ? '-' : sequence.length > 12 ? `…${sequence.slice(-10)}` : sequence);

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The block of lines the view shows. */
export function render(model: ViewModel): string[] {
  const { ledger } = model;
  const seconds = Math.round((Date.now() - model.startedAt) / 1000);
  const lines = [`orders pipeline  ${seconds}s  produced ${ledger.produced.length}`];
  const shards = [...ledger.producedPerShard.keys()].sort();
  for (const child of model.children()) {
    const books = ledger.booksOf(child.id);
    const crash = child.status === 'crashed' ? `  last error: ${errorText(child.lastError)}` : '';
    lines.push(
      `  ${child.id.padEnd(8)} ${child.status.padEnd(8)} flag ${child.flagKey}=${String(child.enabled)}  handled ${books.handled.size}  replays ${books.duplicates}  dead-lettered ${books.deadLettered.size}  crashes ${child.crashes}${crash}`,
    );
    for (const shardId of shards) {
      const handled = books.handledPerShard.get(shardId) ?? 0;
      const behind = (ledger.producedPerShard.get(shardId) ?? 0) - handled;
      const checkpoint = model.checkpoints.get(child.id)?.get(shardId);
      lines.push(`      ${shardId}  handled ${String(handled).padStart(6)}  behind ${String(behind).padStart(5)}  checkpoint ${short(checkpoint)}`);
    }
  }
  if (model.dashboardUrl) lines.push(`  dashboard ${model.dashboardUrl}`);
  if (model.flagsPath) {
    const hints = model.children().map((c) => `npm run flag -- ${c.flagKey} ${c.status === 'running' ? 'off' : c.status === 'off' ? 'on' : 'off (then on)'}`);
    lines.push(`  flip a flag: ${hints.join('  |  ')}   (file: ${model.flagsPath})`);
  }
  return lines;
}

/** Shows the model until stopped: every 250 ms on a terminal, a status line every 5 s otherwise. */
export function startView(model: ViewModel, tty: boolean): { log(line: string): void; stop(): void } {
  if (tty) {
    const draw = () => logUpdate(render(model).join('\n'));
    const timer = setInterval(draw, 250);
    return {
      log(line) {
        // A log line goes above the block, which is drawn again under it.
        logUpdate.clear();
        console.log(line);
        draw();
      },
      stop() {
        clearInterval(timer);
        draw();
        logUpdate.done();
      },
    };
  }
  const timer = setInterval(() => console.log(render(model).join('\n')), 5000);
  return {
    log: (line) => console.log(line),
    stop: () => clearInterval(timer),
  };
}
