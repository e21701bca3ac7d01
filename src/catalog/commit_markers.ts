// Atomic table writes where files cannot be renamed (blob storage), after Databricks' DBIO commit
// protocol: data files are uploaded straight to their final names, tagged `-tid-<write id>`, and
// become visible only when `_committed_<write id>` exists in the table's root. Writing that one
// marker (a single blob PUT, atomic) is the commit: a reader lists the root first and ignores
// tagged files without a marker (a write in progress, or one that failed and is being removed).
// An overwrite's marker also lists the files it replaces, hidden from then on, until they are
// deleted and the marker emptied. Copy-then-delete was the alternative, but a reader listing
// during the copy would see half a write.

import { FileEntry, FileStorage, joinKey } from './storage/file_storage.js';

const COMMITTED = '_committed_';
const TAGGED = /-tid-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\./;

export const taggedFileName = (index: number, writeId: string, extension: string): string =>
  `part-${String(index).padStart(5, '0')}-tid-${writeId}.c000.${extension}`;

/** What a reader honours: committed write ids, and files replaced by a committed overwrite. */
export interface CommitState {
  isVisible(relativeKey: string): boolean;
}

export const ALL_VISIBLE: CommitState = { isVisible: () => true };

/** The commit state of a table from its root's entries (the markers are there). */
export async function readCommitState(storage: FileStorage, rootKey: string, rootEntries: readonly FileEntry[]): Promise<CommitState> {
  const committed = new Set<string>();
  const removed = new Set<string>();
  for (const entry of rootEntries) {
    if (entry.isDirectory || !entry.name.startsWith(COMMITTED)) continue;
    committed.add(entry.name.slice(COMMITTED.length));
    if (entry.size > 0) {
      const manifest = JSON.parse(Buffer.from(await storage.read(joinKey(rootKey, entry.name), 0, entry.size)).toString('utf8')) as { removed?: string[] };
      for (const key of manifest.removed ?? []) removed.add(key);
    }
  }
  return {
    isVisible(relativeKey) {
      const tag = TAGGED.exec(relativeKey.slice(relativeKey.lastIndexOf('/') + 1));
      return (!tag || committed.has(tag[1])) && !removed.has(relativeKey);
    },
  };
}

/** Publishes a write: after this, its tagged files are visible and `replaced` (root-relative keys) are not. */
export async function commitWrite(storage: FileStorage, rootKey: string, writeId: string, replaced: readonly string[]): Promise<void> {
  await storage.write(joinKey(rootKey, COMMITTED + writeId), Buffer.from(replaced.length > 0 ? JSON.stringify({ removed: replaced }) : ''));
}

/** After the commit: deletes the replaced files, then empties the marker (which stays, as the write's proof of commit). */
export async function cleanUpAfterCommit(storage: FileStorage, rootKey: string, writeId: string, replaced: readonly string[]): Promise<void> {
  if (replaced.length === 0) return;
  for (const key of replaced) await storage.delete(joinKey(rootKey, key));
  await storage.write(joinKey(rootKey, COMMITTED + writeId), Buffer.alloc(0));
}
