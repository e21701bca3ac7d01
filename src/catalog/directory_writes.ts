// INSERT OVERWRITE DIRECTORY: the folder belongs to no table and other tools read it, so it gets
// plain file names and no commit markers, as Spark's file committer leaves: the rows are written and
// committed in a hidden `_temporary/<id>` folder first, then the old files go, the new ones move in
// under their plain names, and `_SUCCESS` is written. A failed or killed write leaves the folder as
// it was, but for the hidden staging folder, which the next write there removes.

import { randomUUID } from 'node:crypto';
import { Batch } from '../common/batch.js';
import { Catalog, TableMetadata } from './catalog.js';
import { FileStorage, baseName, joinKey } from './storage/file_storage.js';
import { listDataFiles, writeTableData } from './table_files.js';

export async function writeDirectory(catalog: Catalog, directory: TableMetadata, batches: AsyncIterable<Batch>, signal?: AbortSignal): Promise<number> {
  const target = catalog.dbfs.locate(directory.location);
  const { storage } = target;
  const staging = { ...directory, location: `${directory.location}/_temporary/${randomUUID()}` };
  try {
    const rows = await writeTableData(catalog, staging, batches, { overwrite: true, signal });
    const written = await listDataFiles(catalog, staging);
    // Everything of the folder goes but the staging area (earlier writes' leftovers go with the old files).
    for (const entry of await storage.list(target.key) ?? []) {
      if (entry.name !== '_temporary') await storage.delete(joinKey(target.key, entry.name));
    }
    for (const file of written) await moveFile(storage, file.key, joinKey(target.key, plainName(baseName(file.key))));
    await storage.write(joinKey(target.key, '_SUCCESS'), new Uint8Array(0));
    return rows;
  } finally {
    await storage.delete(joinKey(target.key, '_temporary'));
  }
}

/** `part-00000-tid-<id>.c000.csv` → `part-00000-<id>.c000.csv`, as Spark names its files. */
const plainName = (tagged: string) => tagged.replace('-tid-', '-');

async function moveFile(storage: FileStorage, from: string, to: string): Promise<void> {
  if (storage.renames) return storage.rename(from, to);
  await storage.write(to, storage.openRead(from));
  await storage.delete(from);
}
