// A Parquet table's scan cut into row-group tasks that other threads can read on their own: the
// files listed, row groups pruned by their statistics, and the files leased until the scan ends.

import { Catalog, TableMetadata } from './catalog.js';
import { Field } from '../common/types.js';
import { Scalar } from '../common/vector.js';
import { ScanOptions, listDataFiles, scanColumns } from './table_files.js';
import { parquetFileInfo } from './parquet_reader.js';
import { rowGroupMayMatch } from './row_group_pruning.js';
import { beginRead, leaseName } from './read_leases.js';
import { localPathOf } from './storage/file_storage.js';

/** Row groups of one local file, read together. */
export interface RowGroupTask {
  readonly path: string;
  /** For messages: the local path or the dbfs:/ URI. */
  readonly display: string;
  readonly rowGroups: readonly number[];
  readonly numRows: number;
  readonly partitionValues: Record<string, Scalar>;
}

export interface ScanTasks {
  /** The scan's columns in order (data and partition columns). */
  readonly fields: readonly Field[];
  /** The columns read from the files. */
  readonly dataFields: readonly Field[];
  readonly tasks: readonly RowGroupTask[];
  /** Ends the lease on the table's files: call once the tasks are done. */
  release(): void;
}

/** Rows a task gathers from consecutive small row groups of one file. */
const TASK_ROWS = 128 * 1024;

/**
 * The tasks of a scan, or undefined when it cannot be split: not Parquet, cached in memory
 * (CACHE TABLE), or with files on remote storage (their ranged reads stay on the main thread).
 */
export async function planScanTasks(catalog: Catalog, table: TableMetadata, options: ScanOptions): Promise<ScanTasks | undefined> {
  if (table.format !== 'parquet' || catalog.tableCache.isRegistered(table.location)) return undefined;
  const { fields, dataFields } = scanColumns(table, options.columns);
  const release = beginRead(leaseName(catalog.dbfs.locate(table.location)));
  try {
    const tasks: RowGroupTask[] = [];
    for (const file of await listDataFiles(catalog, table, options.partitionFilter)) {
      const path = localPathOf(file);
      if (path === undefined) {
        release();
        return undefined;
      }
      const info = await parquetFileInfo(path);
      let pending: number[] = [], pendingRows = 0;
      const flush = () => {
        if (pending.length > 0) tasks.push({ path, display: file.display, rowGroups: pending, numRows: pendingRows, partitionValues: file.partitionValues });
        pending = [];
        pendingRows = 0;
      };
      info.rowGroups.forEach((group, g) => {
        if (group.numRows === 0) return;
        if (options.rowGroupBounds && !rowGroupMayMatch(group.numRows, group.statistics, options.rowGroupBounds)) return;
        if (pendingRows + group.numRows > TASK_ROWS) flush();
        pending.push(g);
        pendingRows += group.numRows;
      });
      flush();
    }
    return { fields, dataFields, tasks, release };
  } catch (e) {
    release();
    throw e;
  }
}
