// Start-up recovery of a table's files under the commit protocol (commit_markers.ts), run before
// the server takes statements, so no write or read of this process is under way: staging and
// temporary leftovers go, tagged files of writes that never committed (failed, or killed) go, files
// a committed overwrite replaced go, and the markers are folded into one manifest that names only
// the writes that still have files.

import { COMMITTED, COMMIT_MANIFEST, readCommitRecord, removeEmptyDirectories, writeDurably, writeIdOf } from './commit_markers.js';
import { FileStorage, joinKey } from './storage/file_storage.js';

export interface RecoveryReport {
  /** Files removed: uncommitted, or replaced by a committed overwrite. */
  readonly removedFiles: number;
  /** Markers folded into the manifest. */
  readonly compactedMarkers: number;
}

const isHidden = (name: string) => name.startsWith('_') || name.startsWith('.');

export async function recoverTableFiles(storage: FileStorage, rootKey: string): Promise<RecoveryReport> {
  const none = { removedFiles: 0, compactedMarkers: 0 };
  let rootEntries = await storage.list(rootKey);
  if (!rootEntries) return none;
  // Older versions staged files here; LocalStorage.write and writeDurably leave `.…tmp` files when killed.
  for (const entry of rootEntries) {
    if (entry.name === '_temporary' || (entry.name.startsWith('.') && entry.name.endsWith('.tmp'))) await storage.delete(joinKey(rootKey, entry.name));
  }
  rootEntries = (await storage.list(rootKey)) ?? [];
  const record = await readCommitRecord(storage, rootKey, rootEntries);
  const live = new Set<string>();
  const removed: string[] = [];
  const walk = async (relative: string): Promise<void> => {
    for (const entry of (relative === '' ? rootEntries : await storage.list(joinKey(rootKey, relative))) ?? []) {
      if (isHidden(entry.name)) {
        if (relative !== '' && entry.name.startsWith('.') && entry.name.endsWith('.tmp')) await storage.delete(joinKey(rootKey, relative, entry.name));
        continue;
      }
      const key = joinKey(relative, entry.name);
      if (entry.isDirectory) {
        await walk(key);
        continue;
      }
      const id = writeIdOf(entry.name);
      if ((id !== undefined && !record.committed.has(id)) || record.removed.has(key)) {
        await storage.delete(joinKey(rootKey, key));
        removed.push(key);
      } else if (id !== undefined) {
        live.add(id);
      }
    }
  };
  await walk('');
  await removeEmptyDirectories(storage, rootKey, removed);
  if (record.markers.length > 0) {
    // The manifest first, then the markers it replaces: a kill in between leaves both, which agree.
    await writeDurably(storage, joinKey(rootKey, COMMIT_MANIFEST), Buffer.from(JSON.stringify({ committed: [...live].sort() })));
    for (const marker of record.markers) await storage.delete(joinKey(rootKey, marker));
  }
  return { removedFiles: removed.length, compactedMarkers: record.markers.length };
}

export const isCommitMarker = (name: string): boolean => name.startsWith(COMMITTED) || name === COMMIT_MANIFEST;
