// Recovery of a table's files under the commit protocol (commit_markers.ts): staging and temporary
// leftovers go, tagged files of writes that never committed (failed, or killed) go, files a
// committed overwrite replaced go, and the markers are folded into one manifest that names only the
// writes that still have files. At start-up on local storage no write is under way and everything
// goes; on shared (blob) storage, and for VACUUM, only what is older than a retention period, since
// another server or a write of this one may still be working there.

import { COMMITTED, COMMIT_MANIFEST, readCommitRecord, removeEmptyDirectories, writeDurably, writeIdOf } from './commit_markers.js';
import { FileEntry, FileStorage, joinKey } from './storage/file_storage.js';

export interface RecoveryReport {
  /** Files removed: uncommitted, or replaced by a committed overwrite. */
  readonly removedFiles: number;
  /** Markers folded into the manifest. */
  readonly compactedMarkers: number;
}

const isHidden = (name: string) => name.startsWith('_') || name.startsWith('.');

export interface RecoveryOptions {
  /** Only files last modified longer ago than this go (files of unknown age stay). */
  readonly retainMs?: number;
  /** Writes under way in this process: their files stay, whatever their age. */
  readonly inFlight?: ReadonlySet<string>;
}

export async function recoverTableFiles(storage: FileStorage, rootKey: string, options: RecoveryOptions = {}): Promise<RecoveryReport> {
  const none = { removedFiles: 0, compactedMarkers: 0 };
  const horizon = options.retainMs === undefined ? Infinity : Date.now() - options.retainMs;
  const oldEnough = (entry: FileEntry) => horizon === Infinity || (entry.modifiedMs > 0 && entry.modifiedMs <= horizon);
  let rootEntries = await storage.list(rootKey);
  if (!rootEntries) return none;
  // Older versions staged files here; LocalStorage.write and writeDurably leave `.…tmp` files when killed.
  for (const entry of rootEntries) {
    if ((entry.name === '_temporary' || (entry.name.startsWith('.') && entry.name.endsWith('.tmp'))) && (horizon === Infinity || (!entry.isDirectory && oldEnough(entry)))) {
      await storage.delete(joinKey(rootKey, entry.name));
    }
  }
  rootEntries = (await storage.list(rootKey)) ?? [];
  const record = await readCommitRecord(storage, rootKey, rootEntries);
  const live = new Set<string>();
  const removed: string[] = [];
  let replacedKept = false;
  const walk = async (relative: string): Promise<void> => {
    for (const entry of (relative === '' ? rootEntries : await storage.list(joinKey(rootKey, relative))) ?? []) {
      if (isHidden(entry.name)) {
        if (relative !== '' && entry.name.startsWith('.') && entry.name.endsWith('.tmp') && oldEnough(entry)) await storage.delete(joinKey(rootKey, relative, entry.name));
        continue;
      }
      const key = joinKey(relative, entry.name);
      if (entry.isDirectory) {
        await walk(key);
        continue;
      }
      const id = writeIdOf(entry.name);
      const uncommitted = id !== undefined && !record.committed.has(id) && !options.inFlight?.has(id);
      if ((uncommitted || record.removed.has(key)) && oldEnough(entry)) {
        await storage.delete(joinKey(rootKey, key));
        removed.push(key);
      } else if (record.removed.has(key)) {
        replacedKept = true;
      } else if (id !== undefined && record.committed.has(id)) {
        live.add(id);
      }
    }
  };
  await walk('');
  await removeEmptyDirectories(storage, rootKey, removed);
  // The manifest names committed writes only; markers that still hide replaced files stay.
  if (record.markers.length > 0 && !replacedKept) {
    // The manifest first, then the markers it replaces: a kill in between leaves both, which agree.
    await writeDurably(storage, joinKey(rootKey, COMMIT_MANIFEST), Buffer.from(JSON.stringify({ committed: [...live].sort() })));
    for (const marker of record.markers) await storage.delete(joinKey(rootKey, marker));
  }
  return { removedFiles: removed.length, compactedMarkers: record.markers.length };
}

export const isCommitMarker = (name: string): boolean => name.startsWith(COMMITTED) || name === COMMIT_MANIFEST;
