// The catalog's public surface: databases and tables, DBFS, and reading/writing table data.

export { Catalog, TABLE_FORMATS, dataColumns } from './catalog.js';
export type { ColumnStatistics, DatabaseMetadata, TableDefinition, TableFormat, ModelMetadata, TableMetadata, TableStatistics, ViewMetadata } from './catalog.js';
export { Dbfs } from './dbfs.js';
export type { DbfsLocation, Mount } from './dbfs.js';
export { checkMountOptions, describeMountOptions, normalizeMountPoint, parseMountSource } from './mounts.js';
export type { MountOption, MountRecord } from './mounts.js';
export { copyPath, dbfsEndpoint, listPath, makeDirectories, openPath, removePath } from './dbfs_files.js';
export type { FileEndpoint, PathEntry } from './dbfs_files.js';
export { clearRangeCache } from './storage/range_cache.js';
export { LocalStorage } from './storage/local_storage.js';
export type { FileEntry, FileStorage } from './storage/file_storage.js';
export { UserStore } from './users.js';
export type { UserRecord } from './users.js';
export { ParquetReader, parquetFileInfo, parquetFileSchema, readParquetFile } from './parquet_reader.js';
export type { ParquetFileInfo } from './parquet_reader.js';
export { writeParquetFile } from './parquet_writer.js';
export {
  addPartition, dropPartitions, fileNotExistError, listDataFiles, listPartitionDirectories, listPartitions, renamePartition, scanTable, truncateTableData,
  writeTableData,
} from './table_files.js';
export { writeDirectory } from './directory_writes.js';
export { inferSchema } from './schema_inference.js';
export { checkTextColumns } from './text_files.js';
export type { DataFile, PartitionFilter } from './table_files.js';
export type { ColumnBound } from './row_group_pruning.js';
export { informationSchemaTable } from './information_schema.js';
export type { SystemRow, SystemTable } from './system_tables.js';
export { objectOid, pgCatalogSessionTable, pgCatalogTable, pgKeywordsTable } from './pg_catalog.js';
export type { ObjectKind } from './pg_catalog.js';
export { planScanTasks } from './scan_tasks.js';
export type { RowGroupTask, ScanTasks } from './scan_tasks.js';
