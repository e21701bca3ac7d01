// Atomic table writes on every storage, after Databricks' DBIO commit protocol: data files are
// written straight to their final names, tagged `-tid-<write id>`, and become visible only when
// `_committed_<write id>` exists in the table's root. Writing that one marker is the commit: a
// single blob PUT on blob storage, a fsynced file renamed into place on local storage (both
// atomic). A reader lists the root first and ignores tagged files without a marker (a write in
// progress, or one that failed or was killed). An overwrite's marker also lists the files it
// replaces, hidden from then on, until they are deleted and the marker emptied. Local storage
// could rename a staging folder instead, but an overwrite must also remove the old files, and no
// single rename does both; one protocol for both backends also means one recovery (commit_recovery.ts).
// Markers of old writes are folded into `_commits.json` at start-up, so listings stay cheap.

import fs from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { FileEntry, FileStorage, joinKey } from './storage/file_storage.js';

export const COMMITTED = '_committed_';
/** Write ids of this process's writes under way: VACUUM leaves their uncommitted files alone. */
export const writesInFlight = new Set<string>();

/** The compacted markers: `{ "committed": [write ids] }`, rewritten whole (atomically) at start-up. */
export const COMMIT_MANIFEST = '_commits.json';
const TAGGED = /-tid-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\./;

export const taggedFileName = (index: number, writeId: string, extension: string): string =>
  `part-${String(index).padStart(5, '0')}-tid-${writeId}.c000.${extension}`;

/** The write id a file name is tagged with, if any. */
export const writeIdOf = (fileName: string): string | undefined => TAGGED.exec(fileName)?.[1];

/** What a reader honours: committed write ids, and files replaced by a committed overwrite. */
export interface CommitState {
  isVisible(relativeKey: string): boolean;
}

export const ALL_VISIBLE: CommitState = { isVisible: () => true };

/** The committed write ids and the replaced files (root-relative keys) a table's root records. */
export interface CommitRecord {
  readonly committed: ReadonlySet<string>;
  readonly removed: ReadonlySet<string>;
  /** The marker names found (for compaction). */
  readonly markers: readonly string[];
}

/** The commit state of a table from its root's entries (the markers are there). */
export async function readCommitState(storage: FileStorage, rootKey: string, rootEntries: readonly FileEntry[]): Promise<CommitState> {
  const { committed, removed } = await readCommitRecord(storage, rootKey, rootEntries);
  return {
    isVisible(relativeKey) {
      const id = writeIdOf(relativeKey.slice(relativeKey.lastIndexOf('/') + 1));
      return (id === undefined || committed.has(id)) && !removed.has(relativeKey);
    },
  };
}

export async function readCommitRecord(storage: FileStorage, rootKey: string, rootEntries: readonly FileEntry[]): Promise<CommitRecord> {
  const committed = new Set<string>();
  const removed = new Set<string>();
  const markers: string[] = [];
  for (const entry of rootEntries) {
    if (entry.isDirectory) continue;
    if (entry.name === COMMIT_MANIFEST) {
      const manifest = await readJson(storage, joinKey(rootKey, entry.name), entry.size) as { committed?: string[] } | null;
      for (const id of manifest?.committed ?? []) committed.add(id);
      continue;
    }
    if (!entry.name.startsWith(COMMITTED)) continue;
    markers.push(entry.name);
    committed.add(entry.name.slice(COMMITTED.length));
    // An empty marker is a commit whose replaced files are gone already.
    if (entry.size > 0) {
      const manifest = await readJson(storage, joinKey(rootKey, entry.name), entry.size) as { removed?: string[] } | null;
      for (const key of manifest?.removed ?? []) removed.add(key);
    }
  }
  return { committed, removed, markers };
}

/**
 * A small JSON file of a listed size. The writer may have replaced it since the listing (a marker
 * emptied after its clean-up): then its current content counts, read after a fresh stat.
 */
async function readJson(storage: FileStorage, key: string, listedSize: number): Promise<unknown> {
  const parse = (bytes: Uint8Array) => (bytes.length === 0 ? null : JSON.parse(Buffer.from(bytes).toString('utf8')) as unknown);
  try {
    return parse(await storage.read(key, 0, listedSize));
  } catch {
    const current = await storage.stat(key);
    return current && current.size > 0 ? parse(await storage.read(key, 0, current.size)) : null;
  }
}

/** Publishes a write: after this, its tagged files are visible and `replaced` (root-relative keys) are not. */
export async function commitWrite(storage: FileStorage, rootKey: string, writeId: string, replaced: readonly string[]): Promise<void> {
  await writeDurably(storage, joinKey(rootKey, COMMITTED + writeId), Buffer.from(replaced.length > 0 ? JSON.stringify({ removed: replaced }) : ''));
}

/** After the commit: deletes the replaced files, then empties the marker (which stays, as the write's proof of commit). */
export async function cleanUpAfterCommit(storage: FileStorage, rootKey: string, writeId: string, replaced: readonly string[]): Promise<void> {
  if (replaced.length === 0) return;
  for (const key of replaced) await storage.delete(joinKey(rootKey, key));
  await removeEmptyDirectories(storage, rootKey, replaced);
  await writeDurably(storage, joinKey(rootKey, COMMITTED + writeId), Buffer.alloc(0));
}

/**
 * Creates or replaces a small file atomically and durably. Local storage: written beside its
 * name, fsynced, renamed over it, and the directory fsynced, so the rename (the commit) survives a
 * crash and is never seen before the content. Blob storage: a PUT is both already.
 */
export async function writeDurably(storage: FileStorage, key: string, content: Uint8Array): Promise<void> {
  const local = storage.localPath(key);
  if (local === undefined) return storage.write(key, content);
  const directory = path.dirname(local);
  await fs.mkdir(directory, { recursive: true });
  const temporary = path.join(directory, `.${path.basename(local)}.${randomUUID()}.tmp`);
  try {
    const handle = await fs.open(temporary, 'w');
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temporary, local);
  } catch (e) {
    await fs.rm(temporary, { force: true });
    throw e;
  }
  await syncDirectory(directory);
}

/** Flushes a written local file to disk (before the marker that publishes it). */
export async function syncFile(local: string): Promise<void> {
  const handle = await fs.open(local, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function syncDirectory(directory: string): Promise<void> {
  const handle = await fs.open(directory, 'r').catch(() => null);
  if (!handle) return;
  try {
    await handle.sync().catch(() => undefined); // some file systems refuse fsync on directories
  } finally {
    await handle.close();
  }
}

/**
 * Local partition directories left empty by removed files go too (as an overwrite replacing a
 * whole partition removes it); blob storage has no directories of its own. A directory a writer
 * has just put a file in is not empty, and rmdir leaves it.
 */
export async function removeEmptyDirectories(storage: FileStorage, rootKey: string, removedKeys: Iterable<string>): Promise<void> {
  const root = storage.localPath(rootKey);
  if (root === undefined) return;
  const directories = new Set<string>();
  for (const key of removedKeys) {
    for (let dir = path.posix.dirname(key); dir !== '.' && dir !== ''; dir = path.posix.dirname(dir)) directories.add(dir);
  }
  // Deepest first, so a parent is tried after its children.
  for (const dir of [...directories].sort((a, b) => b.split('/').length - a.split('/').length)) {
    await fs.rmdir(path.join(root, ...dir.split('/'))).catch(() => undefined);
  }
}

/** Markers beyond this many in a table's root are folded into the manifest after a commit. */
export const MARKERS_BEFORE_COMPACTION = 32;
const compactions = new Map<string, Promise<void>>();

/**
 * Folds the markers of finished writes (empty: nothing left to delete) into the manifest, while
 * the server runs, so a table written often keeps a short root listing. Safe beside readers and
 * writers: the manifest (a superset) is replaced atomically before the markers it absorbed are
 * deleted, a reader that listed a marker since deleted still counts its id (from the name), and
 * markers committed meanwhile are left for next time. Compactions of one table run one at a time,
 * so none overwrites the manifest with a smaller one (one server per warehouse).
 */
export async function compactMarkers(storage: FileStorage, rootKey: string): Promise<void> {
  const name = `${storage.id}|${rootKey}`;
  const previous = compactions.get(name) ?? Promise.resolve();
  const run = previous.then(async () => {
    const entries = await storage.list(rootKey) ?? [];
    const finished = entries.filter((e) => !e.isDirectory && e.name.startsWith(COMMITTED) && e.size === 0);
    if (finished.length <= MARKERS_BEFORE_COMPACTION) return;
    const manifestEntry = entries.find((e) => e.name === COMMIT_MANIFEST);
    const manifest = manifestEntry ? await readJson(storage, joinKey(rootKey, COMMIT_MANIFEST), manifestEntry.size) as { committed?: string[] } | null : null;
    const committed = new Set([...manifest?.committed ?? [], ...finished.map((e) => e.name.slice(COMMITTED.length))]);
    await writeDurably(storage, joinKey(rootKey, COMMIT_MANIFEST), Buffer.from(JSON.stringify({ committed: [...committed].sort() })));
    for (const marker of finished) await storage.delete(joinKey(rootKey, marker.name));
  });
  const settled = run.catch(() => undefined);
  compactions.set(name, settled);
  void settled.then(() => { if (compactions.get(name) === settled) compactions.delete(name); });
  return run;
}
