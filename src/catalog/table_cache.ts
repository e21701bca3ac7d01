// CACHE [LAZY] TABLE: a table's decoded data kept in memory, in an LRU cache bounded in bytes
// (`--cache-size`). Entries are keyed by the table's location, so every table over the same files
// shares them, and any write to the location drops them (the table stays registered and is read
// again on its next scan, as Spark re-caches lazily). A table larger than the cache is read from
// its files as if it were not cached: loading stops as soon as the bound is passed.

import { LRUCache } from 'lru-cache';
import { Batch } from '../common/batch.js';
import { Scalar, Vector } from '../common/vector.js';

export const DEFAULT_CACHE_BYTES = 256 * 1024 * 1024;

/** One data file: its partition values and its rows, all data columns in the table's order. */
export interface CachedFile {
  readonly partitionValues: Record<string, Scalar>;
  readonly batches: readonly Batch[];
}

interface CachedTable {
  readonly files: readonly CachedFile[];
  readonly bytes: number;
}

export class TableCache {
  /** Locations CACHE TABLE asked for, whether their data is in memory now or not. */
  private readonly registered = new Set<string>();
  /** Bumped by every write, so a load that raced with a write is not kept. */
  private readonly generations = new Map<string, number>();
  private readonly data: LRUCache<string, CachedTable>;

  constructor(readonly maxBytes: number = DEFAULT_CACHE_BYTES) {
    this.data = new LRUCache<string, CachedTable>({ maxSize: Math.max(1, maxBytes), sizeCalculation: (t) => Math.max(1, t.bytes) });
  }

  register(location: string): void { this.registered.add(location); }

  isRegistered(location: string): boolean { return this.registered.has(location); }

  /** The cached files, or undefined when not loaded (or evicted). */
  get(location: string): readonly CachedFile[] | undefined {
    return this.registered.has(location) ? this.data.get(location)?.files : undefined;
  }

  /** Whether a location's data is in memory now. */
  isLoaded(location: string): boolean { return this.data.has(location); }

  generation(location: string): number { return this.generations.get(location) ?? 0; }

  /** Keeps loaded data unless a write happened since `generation` was read; false if not kept. */
  store(location: string, files: readonly CachedFile[], bytes: number, generation: number): boolean {
    if (!this.registered.has(location) || this.generation(location) !== generation || bytes > this.maxBytes) return false;
    this.data.set(location, { files, bytes });
    return this.data.has(location);
  }

  /** After a write: the data no longer holds; the registration stays. */
  invalidate(location: string): void {
    this.generations.set(location, this.generation(location) + 1);
    this.data.delete(location);
  }

  /** UNCACHE TABLE, DROP TABLE. */
  remove(location: string): void {
    this.registered.delete(location);
    this.invalidate(location);
  }

  /** CLEAR CACHE. */
  clear(): void {
    for (const location of [...this.registered]) this.remove(location);
    this.data.clear();
  }

  /** Bytes held now. */
  get size(): number { return this.data.calculatedSize; }
}

/**
 * The memory a batch holds, roughly: typed arrays by their bytes, strings two bytes a character.
 * Dictionaries in `counted` count their codes only, and are added to it: batches that share one
 * (a row group's, a join's build column) count it once.
 */
export function batchBytes(batch: Batch, counted?: WeakSet<readonly string[]>): number {
  let bytes = 0;
  for (const column of batch.columns) bytes += vectorBytes(column, counted);
  return bytes;
}

function vectorBytes(vector: Vector, counted?: WeakSet<readonly string[]>): number {
  let bytes = vector.validity?.byteLength ?? 0;
  const data = vector.data;
  if (data === null) return bytes;
  if (ArrayBuffer.isView(data)) return bytes + data.byteLength;
  if ('codes' in data) {
    bytes += data.codes.byteLength;
    if (counted?.has(data.dictionary)) return bytes;
    counted?.add(data.dictionary);
    return bytes + data.dictionary.reduce((n, s) => n + 40 + s.length * 2, 0);
  }
  for (const value of data as readonly unknown[]) bytes += scalarBytes(value);
  return bytes;
}

function scalarBytes(value: unknown): number {
  if (typeof value === 'string') return 40 + value.length * 2;
  if (value instanceof Uint8Array) return 64 + value.byteLength;
  if (Array.isArray(value)) return 32 + value.reduce((n: number, v) => n + scalarBytes(v), 0);
  if (value !== null && typeof value === 'object') return 64 + Object.values(value).reduce((n: number, v) => n + scalarBytes(v), 0);
  return 16;
}
