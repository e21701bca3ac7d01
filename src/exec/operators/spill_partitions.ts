// Rows split by a hash of their key into partitions on disk, the way grace hash joins and hybrid
// hash aggregation spill: equal keys always land in one partition, so each partition can then be
// joined or aggregated on its own, in a fraction of the memory. Each level of spilling hashes with
// its own seed, so a partition still too large splits again when it is spilled in turn.

import { Batch, takeRows } from '../../common/batch.js';
import { Schema } from '../../common/types.js';
import { Vector, entryWise, getScalar, isNullAt } from '../../common/vector.js';
import { batchBytes } from '../../catalog/table_cache.js';
import { ExecutionContext } from '../context.js';
import { PhysicalExpr } from '../expressions/physical_expr.js';
import type { MemoryMetrics } from './execution_plan.js';
import type { QueryMemory } from '../query_memory.js';
import { numbers } from '../functions/kernels.js';
import { mix } from './key_table.js';
import { hashableKey } from './row_keys.js';
import { SpillFiles } from './spill_files.js';

export const PARTITION_BITS = 4;
export const PARTITIONS = 1 << PARTITION_BITS;
/** Levels of spilling before an operator gives up with 53200: 16^4 = 65,536 partitions. */
export const MAX_SPILL_DEPTH = 4;

export class SpillPartitions {
  private readonly spill: SpillFiles;
  private readonly pending: Batch[][] = Array.from({ length: PARTITIONS }, () => []);
  private readonly pendingBytes = new Float64Array(PARTITIONS);
  private readonly files: string[][] = Array.from({ length: PARTITIONS }, () => []);
  /** Rows per partition. */
  readonly rows = new Float64Array(PARTITIONS);
  /** Dictionaries the pending batches share, counted once. */
  private readonly dictionaries = new WeakSet<readonly string[]>();

  private readonly flushBytes: number;

  /**
   * `keys` are evaluated on the batches added; `depth` seeds the hash. A partition's rows stay in
   * memory until they reach a share of the budget, so all partitions together hold a quarter of it
   * at most (or 4 MB under a small budget).
   */
  constructor(
    schema: Schema, private readonly keys: readonly PhysicalExpr[], private readonly depth: number,
    memory: QueryMemory, operator: string, metrics?: MemoryMetrics,
  ) {
    this.spill = new SpillFiles(schema, operator, memory.spillDirectory, metrics);
    this.flushBytes = Math.max(256 * 1024, Math.min(16 * 1024 ** 2, Math.floor(memory.limit / 64)));
  }

  async add(batch: Batch, ctx: ExecutionContext): Promise<void> {
    if (batch.numRows === 0) return;
    const byPartition = rowsByPartition(partitionOf(this.keys.map((k) => k.evaluate(batch, ctx)), batch.numRows, this.depth));
    // Each part's share of the batch: its parts share the batch's dictionaries.
    const bytesPerRow = batchBytes(batch, this.dictionaries) / batch.numRows;
    for (let p = 0; p < PARTITIONS; p++) {
      const rows = byPartition[p];
      if (rows.length === 0) continue;
      const part = rows.length === batch.numRows ? batch : takeRows(batch, rows);
      this.pending[p].push(part);
      this.pendingBytes[p] += rows.length * bytesPerRow;
      this.rows[p] += rows.length;
      if (this.pendingBytes[p] >= this.flushBytes) await this.flush(p);
    }
  }

  /** Partition `p`'s rows, in the order they were added; call once all rows are added. */
  async *read(p: number, ctx: ExecutionContext): AsyncGenerator<Batch> {
    await this.flush(p);
    for (const file of this.files[p]) yield* this.spill.read(file, ctx);
  }

  remove(): Promise<void> {
    return this.spill.remove();
  }

  private async flush(p: number): Promise<void> {
    if (this.pending[p].length === 0) return;
    const batches = this.pending[p];
    this.pending[p] = [];
    this.pendingBytes[p] = 0;
    this.files[p].push(await this.spill.write(batches));
  }
}

/** Each row's partition: a hash of its key (values equal as keys hash alike), seeded by `depth`. */
export function partitionOf(keys: readonly Vector[], n: number, depth: number): Uint8Array {
  const hashes = new Int32Array(n);
  for (const key of keys) combineKeyHashes(hashes, key, n);
  const out = new Uint8Array(n);
  const seed = Math.imul(depth + 1, 0x9e3779b9);
  // The finalizer brings every input bit to the top bits the partition is taken from.
  for (let i = 0; i < n; i++) out[i] = mix(hashes[i] ^ seed) >>> (32 - PARTITION_BITS);
  return out;
}

function rowsByPartition(partitions: Uint8Array): Int32Array[] {
  const counts = new Int32Array(PARTITIONS);
  for (let i = 0; i < partitions.length; i++) counts[partitions[i]]++;
  const out = Array.from(counts, (c) => new Int32Array(c));
  counts.fill(0);
  for (let i = 0; i < partitions.length; i++) {
    const p = partitions[i];
    out[p][counts[p]++] = i;
  }
  return out;
}

function combineKeyHashes(hashes: Int32Array, key: Vector, n: number): void {
  const combine = (i: number, h: number) => { hashes[i] = Math.imul(hashes[i] ^ h, 0x01000193) + 0x6b43a9b5; };
  const nums = numbers(key);
  const coded = entryWise(key, n);
  if (coded !== null) {
    const entryHashes = Int32Array.from(coded.dictionary, (s) => (s === null || s === undefined ? 0 : hashString(s)));
    for (let i = 0; i < n; i++) combine(i, isNullAt(key, i) ? NULL_HASH : entryHashes[coded.codes[i]]);
    return;
  }
  for (let i = 0; i < n; i++) {
    if (isNullAt(key, i)) combine(i, NULL_HASH);
    else if (nums !== null) combine(i, hashNumber(nums[i]));
    else {
      // The way the key table compares them: a bigint that fits a double as that number, others as text.
      const v = hashableKey(getScalar(key, i));
      combine(i, typeof v === 'number' ? hashNumber(v) : hashString(String(v)));
    }
  }
}

const NULL_HASH = 0x5bd1e995;
const float = new Float64Array(1);
const words = new Uint32Array(float.buffer);

function hashNumber(x: number): number {
  if (x !== x) return 0x7ff80000; // every NaN alike
  float[0] = x === 0 ? 0 : x; // -0 as 0
  return words[0] ^ Math.imul(words[1], 0x85ebca6b);
}

function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}
