// Scans over CACHE TABLE data: loading a table's files into the cache (all data columns, stopping
// once past the cache's bound), and serving a scan's columns and partitions from memory.

import { Batch, makeBatch } from '../common/batch.js';
import { Field } from '../common/types.js';
import { Vector, vectorFromScalars } from '../common/vector.js';
import type { Catalog, TableMetadata } from './catalog.js';
import { CachedFile, batchBytes } from './table_cache.js';
import type { DataFile, PartitionFilter } from './table_files.js';

/**
 * Reads every file of the table with all its data columns into the cache. Undefined when the
 * table is larger than the cache (what was read is dropped) or a write raced with the load.
 */
export async function loadTableCache(
  catalog: Catalog, table: TableMetadata, dataFields: readonly Field[], files: readonly DataFile[],
  read: (file: DataFile, columns: readonly Field[]) => AsyncIterable<Batch>, signal?: AbortSignal,
): Promise<readonly CachedFile[] | undefined> {
  const cache = catalog.tableCache;
  const generation = cache.generation(table.location);
  const loaded: CachedFile[] = [];
  let bytes = 0;
  const dictionaries = new WeakSet<readonly string[]>(); // a row group's batches share one
  for (const file of files) {
    const batches: Batch[] = [];
    for await (const batch of read(file, dataFields)) {
      if (signal?.aborted) return undefined;
      bytes += batchBytes(batch, dictionaries);
      if (bytes > cache.maxBytes) return undefined;
      batches.push(batch);
    }
    loaded.push({ partitionValues: file.partitionValues, batches });
  }
  return cache.store(table.location, loaded, bytes, generation) ? loaded : undefined;
}

/** The wanted columns (data and partition columns in any order) of the cached files the filter admits. */
export function* scanCachedFiles(
  dataFields: readonly Field[], files: readonly CachedFile[], fields: readonly Field[], partitionFilter?: PartitionFilter,
): Generator<Batch> {
  const dataIndex = fields.map((f) => dataFields.indexOf(f));
  for (const file of files) {
    if (partitionFilter && !partitionFilter(file.partitionValues)) continue;
    for (const batch of file.batches) {
      const columns: Vector[] = fields.map((f, i) => (dataIndex[i] >= 0
        ? batch.columns[dataIndex[i]]
        : vectorFromScalars(f.type, new Array(batch.numRows).fill(file.partitionValues[f.name] ?? null))));
      yield makeBatch(fields, columns, batch.numRows);
    }
  }
}
