import { fileNotExistError, planScanTasks } from '../../catalog/index.js';
import { Batch } from '../../common/batch.js';
import { DataType } from '../../common/types.js';
import { ExecutionContext, checkpoint } from '../context.js';
import { EncodedStep, ScanTaskMessage } from '../parallel/scan_worker.js';
import { EncodedBatch, EncodedExpr, decodeBatch, encodeContext, encodeExpr } from '../parallel/transfer.js';
import { scanWorkers } from '../parallel/worker_pool.js';
import { ExecutionPlan } from './execution_plan.js';
import { FilterExec } from './filter.js';
import { ProjectExec } from './project.js';
import { ScanExec } from './scan.js';

/** Numbers each run of a parallel scan, so that workers can keep its decoded pipeline between tasks. */
let executions = 0;

/**
 * A scan with the filters and projections right above it, run by worker threads a few row groups
 * at a time. Rows come out in the order the plain scan gives them. Falls back to running the
 * pipeline here when it cannot be split (remote or cached files, a function that needs the
 * session) or is too small to gain from it.
 */
export class ParallelScanExec implements ExecutionPlan {
  readonly children: readonly ExecutionPlan[];
  private readonly scan: ScanExec;
  /** How the last execution ran, for EXPLAIN ANALYZE. */
  private lastRun?: string;
  /** The pipeline's operators above the scan, lowest first. */
  private readonly operators: readonly (FilterExec | ProjectExec)[];

  constructor(readonly pipeline: ExecutionPlan) {
    this.children = [pipeline];
    const operators: (FilterExec | ProjectExec)[] = [];
    let node = pipeline;
    while (node instanceof FilterExec || node instanceof ProjectExec) {
      operators.unshift(node);
      node = node.input;
    }
    if (!(node instanceof ScanExec)) throw new Error('ParallelScanExec needs filters and projections over a scan');
    this.scan = node;
    this.operators = operators;
  }

  get schema() { return this.pipeline.schema; }

  async *execute(ctx: ExecutionContext): AsyncGenerator<Batch> {
    const pool = scanWorkers();
    const steps = pool && this.encodedSteps();
    const plan = steps && await planScanTasks(this.scan.catalog, this.scan.table, {
      columns: this.scan.schema.map((f) => f.name), partitionFilter: this.scan.partitionFilter, signal: ctx.signal,
      ...(this.scan.rowGroupBounds.length > 0 ? { rowGroupBounds: this.scan.rowGroupBounds } : {}),
    });
    if (!pool || !steps || !plan || plan.tasks.length < 2) {
      plan?.release();
      this.lastRun = `on the session's thread: ${!pool ? 'no worker threads' : !steps ? 'an expression needs the session' : !plan ? 'files not local Parquet' : 'fewer than two tasks'}`;
      yield* this.pipeline.execute(ctx);
      return;
    }
    this.lastRun = `${plan.tasks.length} tasks on ${pool.size} worker threads`;
    const stop = new AbortController();
    const cancel = () => stop.abort();
    ctx.signal?.addEventListener('abort', cancel);
    const context = encodeContext(ctx);
    const pipelineKey = `${process.pid}:${++executions}`;
    const run = (i: number): Promise<EncodedBatch[]> => {
      const task = plan.tasks[i];
      const message: Omit<ScanTaskMessage, 'id'> = {
        pipelineKey, path: task.path, rowGroups: task.rowGroups, fields: plan.fields, dataFields: plan.dataFields,
        partitionValues: task.partitionValues, steps, context,
      };
      const result = pool.run(message, stop.signal).catch((e) => {
        throw (e as NodeJS.ErrnoException).code === 'ENOENT' ? fileNotExistError(task.display) : e;
      });
      // Awaited in order later; a failure before then must not count as unhandled.
      result.catch(() => undefined);
      return result;
    };
    try {
      // Twice as many tasks in flight as workers: each has the next ready when it finishes one.
      const inFlight: Promise<EncodedBatch[]>[] = [];
      let next = 0;
      while (next < plan.tasks.length && inFlight.length < 2 * pool.size) inFlight.push(run(next++));
      for (let i = 0; i < plan.tasks.length; i++) {
        const batches = await inFlight.shift()!;
        if (next < plan.tasks.length) inFlight.push(run(next++));
        if (ctx.progress) ctx.progress.rowsRead += plan.tasks[i].numRows;
        for (const encoded of batches) {
          await checkpoint(ctx);
          yield decodeBatch(encoded, this.schema);
        }
      }
    } finally {
      stop.abort();
      ctx.signal?.removeEventListener('abort', cancel);
      plan.release();
    }
  }

  /** The operators as workers rebuild them, or undefined when one cannot leave this thread. */
  private encodedSteps(): EncodedStep[] | undefined {
    // Map values are class instances, which do not survive the crossing.
    if ([this.scan.schema, ...this.operators.map((op) => op.schema)].some((schema) => schema.some((f) => containsMap(f.type)))) return undefined;
    const steps: EncodedStep[] = [];
    for (const op of this.operators) {
      if (op instanceof FilterExec) {
        const predicate = encodeExpr(op.predicate);
        if (!predicate) return undefined;
        steps.push({ kind: 'filter', predicate });
      } else {
        const exprs = op.exprs.map(encodeExpr);
        if (exprs.some((e) => e === undefined)) return undefined;
        steps.push({ kind: 'project', exprs: exprs as EncodedExpr[], schema: op.schema });
      }
    }
    return steps;
  }

  describe() { return `ParallelScan${this.lastRun ? ` (${this.lastRun})` : ''}`; }
}

function containsMap(type: DataType): boolean {
  switch (type.kind) {
    case 'map': return true;
    case 'array': return containsMap(type.element);
    case 'struct': return type.fields.some((f) => containsMap(f.type));
    default: return false;
  }
}
