// A scan worker's thread: reads the row groups a task names, adds the partition columns, runs the
// scan's filters and projections, and sends the rows back with their buffers moved, not copied.

import fs from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { LRUCache } from 'lru-cache';
import { BATCH_SIZE, Batch, makeBatch, sliceRows, takeRows } from '../../common/batch.js';
import { DataType, Field } from '../../common/types.js';
import { Scalar, Vector, isDictionary, vectorFromScalars } from '../../common/vector.js';
import { ParquetReader } from '../../catalog/index.js';
import { ExecutionContext } from '../context.js';
import { LiteralExpr, PhysicalExpr } from '../expressions/physical_expr.js';
import { selectTrue } from '../operators/filter.js';
import { EncodedBatch, EncodedContext, EncodedExpr, decodeContext, decodeExpr, encodeBatch, encodeError } from './transfer.js';

/** What the scan does to rows after reading them, in order. */
export type EncodedStep =
  | { readonly kind: 'filter'; readonly predicate: EncodedExpr }
  | { readonly kind: 'project'; readonly exprs: readonly EncodedExpr[]; readonly schema: readonly Field[] };

export interface ScanTaskMessage {
  readonly id: number;
  /** Names the steps and context: the same for every task of one scan. */
  readonly pipelineKey: string;
  readonly path: string;
  readonly rowGroups: readonly number[];
  /** The scan's columns: data and partition columns, in order. */
  readonly fields: readonly Field[];
  /** The columns read from the file. */
  readonly dataFields: readonly Field[];
  readonly partitionValues: Record<string, Scalar>;
  readonly steps: readonly EncodedStep[];
  readonly context: EncodedContext;
}

interface Pipeline {
  readonly ctx: ExecutionContext;
  readonly steps: readonly ({ readonly kind: 'filter'; readonly predicate: PhysicalExpr } | { readonly kind: 'project'; readonly exprs: readonly PhysicalExpr[]; readonly schema: readonly Field[] })[];
}

/**
 * A literal whose vector is copied for each batch: results move to the main thread (their buffers
 * detach here), and the literal's cached vector must stay for the next task.
 */
class MovableLiteralExpr extends LiteralExpr {
  override evaluate(batch: Batch): Vector {
    const v = super.evaluate(batch);
    const data = v.data;
    const copy = ArrayBuffer.isView(data) ? (data as Float64Array).slice()
      : isDictionary(data) ? { dictionary: data.dictionary, codes: data.codes.slice() } : data;
    return { ...v, data: copy, validity: v.validity && v.validity.slice() };
  }
}

/** Pipelines by the key the main thread gave them: a scan's tasks share one. */
const pipelines = new LRUCache<string, Pipeline>({ max: 16 });
/**
 * Open files by path, size and modification time: a scan's tasks mostly read one file. Closed
 * when the worker has been idle a while, so that a dropped table's files are not kept.
 */
const readers = new LRUCache<string, Promise<ParquetReader>>({
  max: 16,
  dispose: (reader) => void reader.then((r) => r.close(), () => undefined),
});
const IDLE_CLOSE_MS = 1000;
let idleTimer: NodeJS.Timeout | undefined;

function pipelineOf(task: ScanTaskMessage): Pipeline {
  let pipeline = pipelines.get(task.pipelineKey);
  if (!pipeline) {
    const literal = (value: Scalar, type: DataType) => new MovableLiteralExpr(value, type);
    pipeline = {
      ctx: decodeContext(task.context),
      steps: task.steps.map((s) => s.kind === 'filter'
        ? { kind: s.kind, predicate: decodeExpr(s.predicate, literal) }
        : { kind: s.kind, exprs: s.exprs.map((e) => decodeExpr(e, literal)), schema: s.schema }),
    };
    pipelines.set(task.pipelineKey, pipeline);
  }
  return pipeline;
}

async function readerOf(path: string): Promise<ParquetReader> {
  const { size, mtimeMs } = await fs.promises.stat(path);
  const key = `${path}|${size}|${mtimeMs}`;
  let reader = readers.get(key);
  if (!reader) {
    reader = ParquetReader.open(path);
    // A failed open is not kept: the next task tries again.
    reader.catch(() => readers.delete(key));
    readers.set(key, reader);
  }
  return reader;
}

async function runTask(task: ScanTaskMessage): Promise<{ batches: EncodedBatch[]; transfer: ArrayBuffer[] }> {
  const { ctx, steps } = pipelineOf(task);
  const dataIndexes = task.fields.map((f) => task.dataFields.findIndex((d) => d.name === f.name));
  const batches: EncodedBatch[] = [], transfer: ArrayBuffer[] = [];
  const reader = await readerOf(task.path);
  for await (const data of reader.read({ columns: task.dataFields, rowGroups: task.rowGroups, wholeRowGroups: true })) {
    const columns = task.fields.map((f, i) => dataIndexes[i] >= 0
      ? data.columns[dataIndexes[i]]
      : vectorFromScalars(f.type, new Array(data.numRows).fill(task.partitionValues[f.name] ?? null)));
    const rowGroup = makeBatch(task.fields, columns, data.numRows);
    // Batches of BATCH_SIZE rows, as on the main thread: their columns stay in the CPU's caches.
    for (let start = 0; start < rowGroup.numRows; start += BATCH_SIZE) {
      let batch = sliceRows(rowGroup, start, Math.min(rowGroup.numRows, start + BATCH_SIZE));
      for (const step of steps) {
        if (batch.numRows === 0) break;
        if (step.kind === 'filter') {
          const selected = selectTrue(step.predicate.evaluate(batch, ctx), batch.numRows);
          if (selected.length < batch.numRows) batch = takeRows(batch, selected);
        } else {
          batch = makeBatch(step.schema, step.exprs.map((e) => e.evaluate(batch, ctx)), batch.numRows);
        }
      }
      if (batch.numRows === 0) continue;
      const encoded = encodeBatch(batch);
      batches.push(encoded.batch);
      transfer.push(...encoded.transfer);
    }
  }
  return { batches, transfer: [...new Set(transfer)] };
}

parentPort!.on('message', (task: ScanTaskMessage) => {
  clearTimeout(idleTimer);
  runTask(task).finally(() => {
    idleTimer = setTimeout(() => readers.clear(), IDLE_CLOSE_MS);
    idleTimer.unref();
  }).then(
    ({ batches, transfer }) => parentPort!.postMessage({ id: task.id, batches }, transfer),
    (e) => parentPort!.postMessage({ id: task.id, error: encodeError(e) }),
  );
});
