// One interface for where DBFS keeps files: a local folder or an Azure Blob container. Keys are
// `/`-separated paths relative to the storage's root ('' is the root); directories are implied by
// keys (blob storage has none of its own).

import fs from 'node:fs';
import { Readable } from 'node:stream';

export interface FileEntry {
  /** The last path segment. */
  readonly name: string;
  readonly isDirectory: boolean;
  /** Bytes; 0 for directories. */
  readonly size: number;
  /** Milliseconds since the epoch; 0 when unknown (blob "directories"). */
  readonly modifiedMs: number;
  /** Changes whenever the content does (an ETag, or size and mtime): what cached ranges are keyed by. */
  readonly version: string;
}

export interface FileStorage {
  /** Names this storage in cache keys and messages (never holds a credential). */
  readonly id: string;
  /**
   * Whether a file or directory can be moved (a table's folder on RENAME). Table writes do not
   * depend on it: they commit by a marker on every storage (commit_markers.ts).
   */
  readonly renames: boolean;
  /** The entries directly under a directory, sorted by name; null when there is no such directory. */
  list(key: string): Promise<FileEntry[] | null>;
  /** A file or directory; null when neither exists. */
  stat(key: string): Promise<FileEntry | null>;
  /** Bytes [start, end) of a file. */
  read(key: string, start: number, end: number): Promise<Uint8Array>;
  /** The whole file as a stream. */
  openRead(key: string): Readable;
  /** Creates or replaces a file; readers see the old content or the new, never a part. */
  write(key: string, content: Uint8Array | Readable): Promise<void>;
  /** Removes a file, or a directory and everything under it; nothing happens when it is absent. */
  delete(key: string): Promise<void>;
  /** Moves a file or directory (only when `renames`). */
  rename(from: string, to: string): Promise<void>;
  /** Creates a directory and its parents (a no-op where directories are implied). */
  mkdirs(key: string): Promise<void>;
  /** The local path of a key, for code that works on local files directly; undefined for remote storage. */
  localPath(key: string): string | undefined;
  /** Checks that a remote storage can be reached with its credentials (mounting does, before it saves anything). */
  check?(): Promise<void>;
}

/** A file found in a storage, with what readers need to read it. */
export interface StoredFile {
  readonly storage: FileStorage;
  readonly key: string;
  readonly size: number;
  readonly version: string;
  /** For messages: the local path or the dbfs:/ URI. */
  readonly display: string;
}

export function joinKey(...parts: string[]): string {
  return parts.filter((p) => p.length > 0).join('/');
}

export const parentKey = (key: string): string => (key.includes('/') ? key.slice(0, key.lastIndexOf('/')) : '');
export const baseName = (key: string): string => key.slice(key.lastIndexOf('/') + 1);

/** Every file under a directory (recursively), keys relative to the storage. */
export async function listFilesRecursively(storage: FileStorage, key: string): Promise<{ key: string; entry: FileEntry }[]> {
  const out: { key: string; entry: FileEntry }[] = [];
  const entries = await storage.list(key);
  for (const entry of entries ?? []) {
    const child = joinKey(key, entry.name);
    if (entry.isDirectory) out.push(...await listFilesRecursively(storage, child));
    else out.push({ key: child, entry });
  }
  return out;
}

/** A file a reader takes: a local path, or a file of some storage. */
export type FileInput = string | StoredFile;

export const displayNameOf = (file: FileInput): string => (typeof file === 'string' ? file : file.display);

/** The local path of a file, when it has one. */
export const localPathOf = (file: FileInput): string | undefined => (typeof file === 'string' ? file : file.storage.localPath(file.key));

export function openFileStream(file: FileInput): Readable {
  return typeof file === 'string' ? fs.createReadStream(file) : file.storage.openRead(file.key);
}
