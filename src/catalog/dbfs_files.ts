// DBFS as a file system for people: what LIST, dbfs_ls() and `quarry fs ls|cp|rm|mkdirs|cat` do,
// on any storage a path maps to. Mount points show as directories of their parent.

import { Readable } from 'node:stream';
import { QuarryError } from '../common/errors.js';
import { Dbfs, DbfsLocation } from './dbfs.js';
import { FileEntry, FileStorage, baseName, joinKey, listFilesRecursively } from './storage/file_storage.js';

export interface PathEntry {
  /** The full URI; a directory's ends with `/`. */
  readonly path: string;
  /** The last segment; a directory's ends with `/`. */
  readonly name: string;
  readonly size: number;
  /** Milliseconds since the epoch (0 for blob "directories", which have no time of their own). */
  readonly modificationTime: number;
  readonly isDirectory: boolean;
}

/** One end of a copy: a DBFS location, or (for the CLI) a plain local file. */
export interface FileEndpoint {
  readonly storage: FileStorage;
  readonly key: string;
  readonly display: string;
}

export function pathNotFound(uri: string): QuarryError {
  return new QuarryError('42K03', `[PATH_NOT_FOUND] Path does not exist: ${uri}.`, undefined, 'PATH_NOT_FOUND');
}

const withSlash = (uri: string) => (uri.endsWith('/') ? uri : `${uri}/`);

function pathEntry(parentUri: string, entry: FileEntry): PathEntry {
  const name = entry.isDirectory ? `${entry.name}/` : entry.name;
  return { path: `${withSlash(parentUri)}${name}`, name, size: entry.size, modificationTime: entry.modifiedMs, isDirectory: entry.isDirectory };
}

/** A directory's entries (mount points under it included), or the one file a path names. */
export async function listPath(dbfs: Dbfs, uri: string): Promise<PathEntry[]> {
  const location = dbfs.locate(uri);
  const stat = await location.storage.stat(location.key);
  const mountsBelow = location.mountPoint === undefined ? mountPointsUnder(dbfs, location.uri) : [];
  if (stat && !stat.isDirectory) {
    return [{ path: location.uri, name: baseName(location.key), size: stat.size, modificationTime: stat.modifiedMs, isDirectory: false }];
  }
  if (!stat && mountsBelow.length === 0) throw pathNotFound(uri);
  const entries = ((stat ? await location.storage.list(location.key) : null) ?? []).map((e) => pathEntry(location.uri, e));
  for (const name of mountsBelow) {
    if (!entries.some((e) => e.name === `${name}/`)) entries.push(pathEntry(location.uri, { name, isDirectory: true, size: 0, modifiedMs: 0, version: '' }));
  }
  return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The names of the next path segment toward each mount point below a DBFS directory (`mnt` under `/`). */
function mountPointsUnder(dbfs: Dbfs, uri: string): string[] {
  const segments = uri.replace(/^dbfs:/, '').split('/').filter((s) => s.length > 0);
  const names = new Set<string>();
  for (const mount of dbfs.listMounts()) {
    const point = mount.record.mountPoint.split('/').filter((s) => s.length > 0);
    if (point.length > segments.length && segments.every((s, i) => point[i] === s)) names.add(point[segments.length]);
  }
  return [...names];
}

export function dbfsEndpoint(dbfs: Dbfs, uri: string): FileEndpoint {
  const location = dbfs.locate(uri);
  return { storage: location.storage, key: location.key, display: location.uri };
}

/**
 * Copies a file, or with `recursive` a directory, to a target; a target that is an existing
 * directory (or ends with `/`) receives the source under its own name. Returns the files copied.
 */
export async function copyPath(from: FileEndpoint, to: FileEndpoint, options: { recursive?: boolean; targetIsDirectory?: boolean } = {}): Promise<number> {
  const source = await from.storage.stat(from.key);
  if (!source) throw pathNotFound(from.display);
  const target = await to.storage.stat(to.key);
  const into = options.targetIsDirectory || target?.isDirectory === true;
  const targetKey = into ? joinKey(to.key, baseName(from.key)) : to.key;
  if (!source.isDirectory) {
    await to.storage.write(targetKey, from.storage.openRead(from.key));
    return 1;
  }
  if (!options.recursive) {
    throw new QuarryError('22023', `[INVALID_PATH] ${from.display} is a directory: copy it recursively (-r).`);
  }
  const files = await listFilesRecursively(from.storage, from.key);
  const prefix = from.key === '' ? '' : `${from.key}/`;
  for (const file of files) await to.storage.write(joinKey(targetKey, file.key.slice(prefix.length)), from.storage.openRead(file.key));
  return files.length;
}

/** Removes a file, or with `recursive` a directory and everything under it. */
export async function removePath(dbfs: Dbfs, uri: string, options: { recursive?: boolean } = {}): Promise<void> {
  const location = dbfs.locate(uri);
  refuseRoot(location, uri);
  const stat = await location.storage.stat(location.key);
  if (!stat) throw pathNotFound(uri);
  if (stat.isDirectory && !options.recursive && ((await location.storage.list(location.key))?.length ?? 0) > 0) {
    throw new QuarryError('22023', `[INVALID_PATH] ${location.uri} is a directory that is not empty: remove it recursively (-r).`);
  }
  await location.storage.delete(location.key);
}

function refuseRoot(location: DbfsLocation, uri: string): void {
  if (location.key !== '') return;
  const what = location.mountPoint ? `the mount point ${location.mountPoint} (unmount it instead)` : 'the root of DBFS';
  throw new QuarryError('42501', `[INVALID_PATH] '${uri}' is ${what}; it cannot be removed.`);
}

export async function makeDirectories(dbfs: Dbfs, uri: string): Promise<void> {
  const location = dbfs.locate(uri);
  await location.storage.mkdirs(location.key);
}

/** A file's content as a stream. */
export async function openPath(dbfs: Dbfs, uri: string): Promise<Readable> {
  const location = dbfs.locate(uri);
  const stat = await location.storage.stat(location.key);
  if (!stat) throw pathNotFound(uri);
  if (stat.isDirectory) throw new QuarryError('22023', `[INVALID_PATH] ${location.uri} is a directory.`);
  return location.storage.openRead(location.key);
}
