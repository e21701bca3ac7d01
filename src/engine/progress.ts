// Progress notices (SET quarry.progress = on): while a statement runs, every so often a NOTICE
// says how many rows its scans have read, so that psql shows a long query is alive.

import { notice } from './results.js';
import { Notice, StatementResult } from './types.js';

export class ProgressReporter {
  /** The scans add the rows they read (ExecutionContext.progress). */
  readonly counter = { rowsRead: 0 };
  private readonly started = performance.now();
  private readonly timer: NodeJS.Timeout;

  /** `signal`: the statement's; a cancelled statement or a closed connection stops the reports. */
  constructor(intervalMs: number, send: (n: Notice) => void, signal?: AbortSignal) {
    this.timer = setInterval(() => {
      const seconds = ((performance.now() - this.started) / 1000).toFixed(1);
      send(notice(`progress: ${this.counter.rowsRead.toLocaleString('en-US')} rows read in ${seconds} s`));
    }, intervalMs);
    this.timer.unref();
    signal?.addEventListener('abort', () => this.stop(), { once: true });
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** The result, reporting until it is done: at once for a command, once its rows are read for a query. */
  until(result: StatementResult): StatementResult {
    if (result.kind !== 'rows') {
      this.stop();
      return result;
    }
    const stop = () => this.stop();
    const watched = async function* () {
      try {
        yield* result.batches;
      } finally {
        stop();
      }
    };
    return { ...result, batches: watched() };
  }
}
