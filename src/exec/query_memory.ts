// A query's memory budget (--query-memory, SET quarry.query_memory): operators that hold rows
// (a sort's input, a hash join's build side, a hash aggregate's groups) reserve what they hold.
// Past the budget they spill to disk: a sort its sorted runs (sort_runs.ts), a hash join or aggregate
// its rows partitioned by key (spill_partitions.ts). What still cannot fit (one key's rows, a
// cross join's side) fails with 53200 instead of taking the server's heap, and the server goes on.

import os from 'node:os';
import { Batch } from '../common/batch.js';
import { isDictionary } from '../common/vector.js';
import { formatByteSize } from '../common/byte_size.js';
import { QuarryError } from '../common/errors.js';
import { batchBytes } from '../catalog/table_cache.js';

/** An operator holding rows it can write to disk when another operator of the query needs the room. */
export interface Spillable {
  spill(): Promise<void>;
}

export class QueryMemory {
  private used = 0;
  private readonly spillables = new Set<Spillable>();
  /** Dictionaries already counted: batches of one row group share theirs. */
  private readonly dictionaries = new WeakSet<readonly string[]>();
  /** The most held at once. */
  peak = 0;

  /** `spillDirectory`: where operators past the budget write their rows (--spill-dir). */
  constructor(readonly limit: number, readonly spillDirectory: string = os.tmpdir()) {}

  /** Whether `bytes` more fit in the budget (an operator that can spill asks first). */
  fits(bytes: number): boolean {
    return this.used + bytes <= this.limit;
  }

  /**
   * Until the returned function is called, `operator` may be asked to spill what it holds: a sort
   * buffering its input while the operators under it need memory, as Spark's memory consumers are.
   */
  registerSpillable(operator: Spillable): () => void {
    this.spillables.add(operator);
    return () => this.spillables.delete(operator);
  }

  /** Has the other operators that can spill do so until `bytes` more fit; whether they fit. */
  async makeRoom(bytes: number): Promise<boolean> {
    for (const operator of this.spillables) {
      if (this.fits(bytes)) break;
      await operator.spill();
    }
    return this.fits(bytes);
  }

  /** Adds `bytes` to what `operator` holds; throws 53200 past the limit. */
  reserve(bytes: number, operator: string): void {
    this.used += bytes;
    this.peak = Math.max(this.peak, this.used);
    if (this.used > this.limit) {
      throw new QuarryError('53200',
        `[QUERY_MEMORY_EXCEEDED] The query needs more memory than its limit of ${formatByteSize(this.limit)} (${operator} was holding rows when it reached ${formatByteSize(this.used)}). Raise it with SET quarry.query_memory = '…' or the server's --query-memory, or make the query hold fewer rows.`,
        undefined, 'QUERY_MEMORY_EXCEEDED');
    }
  }

  release(bytes: number): void {
    this.used = Math.max(0, this.used - bytes);
  }


  /** Reserves a batch an operator keeps; returns its size, to release later. */
  holdBatch(batch: Batch, operator: string): number {
    const bytes = this.batchBytes(batch);
    this.reserve(bytes, operator);
    return bytes;
  }

  /** What a batch holds, about; a dictionary shared by batches counts once. */
  batchBytes(batch: Batch): number {
    let bytes = 0;
    for (const column of batch.columns) {
      const data = column.data;
      bytes += column.validity?.byteLength ?? 0;
      if (isDictionary(data)) {
        bytes += data.codes.byteLength;
        if (!this.dictionaries.has(data.dictionary)) {
          this.dictionaries.add(data.dictionary);
          bytes += stringsBytes(data.dictionary);
        }
      } else if (ArrayBuffer.isView(data)) bytes += data.byteLength;
      else if (column.type.kind === 'string') bytes += stringsBytes(data as string[]);
      else if (data !== null) bytes += batchBytes({ schema: [], columns: [column], numRows: batch.numRows });
    }
    return bytes;
  }
}

/** Strings as V8 keeps them, about: a header and a pointer each, and their characters. */
function stringsBytes(strings: readonly string[]): number {
  let bytes = 24 * strings.length;
  for (const s of strings) bytes += s?.length ?? 0; // NULL rows may hold no string
  return bytes;
}

/** Reserves a batch an operator keeps, when the query has a budget; returns its size, to release later. */
export function holdBatch(memory: QueryMemory | undefined, batch: Batch, operator: string): number {
  return memory ? memory.holdBatch(batch, operator) : 0;
}
