// Worker threads that read row groups of Parquet files and run a scan's filters and projections
// over them, so that decoding uses the machine's other cores while this thread joins and aggregates.

import fs from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { QuarryError, SqlState } from '../../common/errors.js';
import { EncodedBatch, EncodedError, decodeError } from './transfer.js';
import type { ScanTaskMessage } from './scan_worker.js';

type Reply = { readonly id: number; readonly batches: EncodedBatch[] } | { readonly id: number; readonly error: EncodedError };

interface Job {
  readonly message: Omit<ScanTaskMessage, 'id'>;
  resolve(batches: EncodedBatch[]): void;
  reject(e: Error): void;
  readonly signal?: AbortSignal;
}

export class ScanWorkerPool {
  private readonly idle: Worker[] = [];
  private readonly queue: Job[] = [];
  private readonly running = new Map<Worker, { id: number; job: Job }>();
  private nextId = 1;
  private closed = false;

  constructor(readonly size: number, private readonly script: URL) {
    for (let i = 0; i < size; i++) this.idle.push(this.spawn());
  }

  /** The batches a task yields (filtered and projected), in order. */
  run(message: Omit<ScanTaskMessage, 'id'>, signal?: AbortSignal): Promise<EncodedBatch[]> {
    return new Promise((resolve, reject) => {
      if (this.closed) return reject(new QuarryError(SqlState.internalError, 'the scan workers have stopped'));
      this.queue.push({ message, resolve, reject, signal });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new QuarryError(SqlState.internalError, 'the scan workers have stopped'));
    await Promise.all([...this.idle, ...this.running.keys()].map((w) => w.terminate()));
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const job = this.queue.shift()!;
      // A cancelled query's queued tasks are dropped; its caller has stopped waiting.
      if (job.signal?.aborted) {
        job.reject(new QuarryError(SqlState.queryCanceled, 'canceling statement due to user request'));
        continue;
      }
      const worker = this.idle.pop()!;
      const id = this.nextId++;
      this.running.set(worker, { id, job });
      worker.ref();
      worker.postMessage({ ...job.message, id });
    }
  }

  private spawn(): Worker {
    const worker = new Worker(this.script);
    // Only workers with a task keep the process alive.
    worker.unref();
    worker.on('message', (reply: Reply) => {
      const current = this.running.get(worker);
      if (!current || current.id !== reply.id) return;
      this.running.delete(worker);
      worker.unref();
      this.idle.push(worker);
      if ('error' in reply) current.job.reject(decodeError(reply.error));
      else current.job.resolve(reply.batches);
      this.dispatch();
    });
    // A worker that dies (out of memory, a crash in the decoder) fails its task and is replaced.
    const lost = (e?: Error) => {
      const current = this.running.get(worker);
      this.running.delete(worker);
      const index = this.idle.indexOf(worker);
      if (index >= 0) this.idle.splice(index, 1);
      current?.job.reject(new QuarryError(SqlState.internalError, `a scan worker stopped: ${e?.message ?? 'exited'}`));
      if (!this.closed) {
        this.idle.push(this.spawn());
        this.dispatch();
      }
    };
    worker.once('error', lost);
    worker.once('exit', () => { if (this.running.has(worker) || this.idle.includes(worker)) lost(); });
    return worker;
  }
}

/**
 * The worker script: beside this module when running the build, else the build's copy (tests run
 * the TypeScript sources, and `npm test` builds first). Undefined when there is none.
 */
function workerScript(): URL | undefined {
  const candidates = [new URL('./scan_worker.js', import.meta.url), new URL('../../../dist/exec/parallel/scan_worker.js', import.meta.url)];
  return candidates.find((url) => url.protocol === 'file:' && fs.existsSync(fileURLToPath(url)));
}

/** quarry.parallel_scan_threshold's default: smaller tables are scanned on the session's thread. */
export const DEFAULT_PARALLEL_SCAN_THRESHOLD = '8m';

let threads = os.availableParallelism();
let pool: ScanWorkerPool | null | undefined;

/** How many worker threads scans may use (the server's --threads); fewer than 2 keeps scans on the main thread. */
export function configureScanThreads(n: number): void {
  threads = n;
  if (pool) void pool.close();
  pool = undefined;
}

/** The shared pool, started on first use; null when scans run on the main thread. */
export function scanWorkers(): ScanWorkerPool | null {
  if (pool === undefined) {
    const script = workerScript();
    pool = threads >= 2 && script ? new ScanWorkerPool(threads, script) : null;
  }
  return pool;
}
