// DBFS: the `dbfs:/` namespace. A path maps to (storage, key): the storage of the longest mount
// point that prefixes it, else the local root folder. Paths that escape their root (`..`, a
// symlink pointing out) are refused before any file access; `file:/` paths only reach folders an
// administrator allowed.

import fs from 'node:fs';
import path from 'node:path';
import { QuarryError, SqlState } from '../common/errors.js';
import { FileStorage } from './storage/file_storage.js';
import { LocalStorage, escapes } from './storage/local_storage.js';
import { MountRecord, localNotAllowed } from './mounts.js';

const STANDARD_DIRECTORIES = ['FileStore', 'user/hive/warehouse', 'tmp'];

/** Where a path lives. */
export interface DbfsLocation {
  readonly storage: FileStorage;
  readonly key: string;
  /** The canonical URI: `dbfs:/a/b` (or `file:/a/b`). */
  readonly uri: string;
  /** The mount point the path is under, if any. */
  readonly mountPoint?: string;
}

export interface Mount {
  readonly record: MountRecord;
  readonly storage: FileStorage;
}

export class Dbfs {
  readonly storage: LocalStorage;
  /** Longest mount point first, so the first prefix that matches is the longest. */
  private mounts: Mount[] = [];
  private localRoots: LocalStorage[] = [];

  private constructor(readonly root: string) {
    this.storage = new LocalStorage(root, (key) => `dbfs:/${key}`);
  }

  static async open(root: string, options: { localRoots?: readonly string[] } = {}): Promise<Dbfs> {
    await fs.promises.mkdir(root, { recursive: true });
    const dbfs = new Dbfs(await fs.promises.realpath(root));
    for (const dir of STANDARD_DIRECTORIES) await fs.promises.mkdir(path.join(dbfs.root, dir), { recursive: true });
    for (const dir of options.localRoots ?? []) {
      const real = await fs.promises.realpath(dir).catch(() => undefined);
      if (real) dbfs.localRoots.push(new LocalStorage(real, (key) => `file:${path.join(real, key)}`));
    }
    return dbfs;
  }

  /** The allowed `file:/` roots (real paths). */
  get allowedLocalRoots(): string[] {
    return this.localRoots.map((s) => s.root);
  }

  /** `dbfs:/a/b`, `dbfs:///a/b`, `/dbfs/a/b`, `/a/b` (and allowed `file:/a/b`) → storage and key. */
  locate(uri: string): DbfsLocation {
    const trimmed = uri.trim();
    if (/^file:/i.test(trimmed)) return this.locateLocal(uri, trimmed.slice('file:'.length));
    const segments = pathSegments(toDbfsPath(uri), uri);
    const canonical = `dbfs:/${segments.join('/')}`;
    for (const mount of this.mounts) {
      const point = mount.record.mountPoint.split('/').filter((s) => s.length > 0);
      if (point.every((s, i) => segments[i] === s)) {
        const key = segments.slice(point.length).join('/');
        mount.storage.localPath(key); // a local mount's key must stay inside its folder
        return { storage: mount.storage, key, uri: canonical, mountPoint: mount.record.mountPoint };
      }
    }
    const key = segments.join('/');
    this.storage.localPath(key);
    return { storage: this.storage, key, uri: canonical };
  }

  private locateLocal(uri: string, rest: string): DbfsLocation {
    const segments = pathSegments(rest.replace(/^\/+/, '/'), uri);
    const local = `/${segments.join('/')}`;
    for (const root of this.localRoots) {
      if (local === root.root || local.startsWith(root.root + path.sep)) {
        const key = root.keyOf(local);
        root.localPath(key);
        return { storage: root, key, uri: `file:${local}` };
      }
    }
    if (this.localRoots.length === 0) {
      throw new QuarryError(SqlState.featureNotSupported,
        `[UNSUPPORTED_FILE_SYSTEM] The path '${uri}' uses the scheme 'file:', which this server does not allow; only dbfs:/ paths are supported.`);
    }
    throw localNotAllowed(uri);
  }

  /** The local path of a location on a local storage; remote locations are refused with `what` in the message. */
  resolve(uri: string, what = 'This operation'): string {
    const location = this.locate(uri);
    const local = location.storage.localPath(location.key);
    if (local === undefined) {
      throw new QuarryError(SqlState.featureNotSupported,
        `[UNSUPPORTED_FEATURE.REMOTE_PATH] ${what} needs a local path, and '${uri}' is on the blob mount ${location.mountPoint}.`, undefined, 'UNSUPPORTED_FEATURE');
    }
    return local;
  }

  /** The canonical URI of a path (`dbfs:/a/b`), checked to be inside its root. */
  normalize(uri: string): string {
    return this.locate(uri).uri;
  }

  /** The `dbfs:/…` URI of a local path under the root. */
  toUri(local: string): string {
    const relative = path.relative(this.root, local);
    if (relative.startsWith('..') || path.isAbsolute(relative)) throw escapes(local);
    return `dbfs:/${relative.split(path.sep).join('/')}`;
  }

  /** The canonical URI of a key on a location's storage. */
  uriOf(location: DbfsLocation, key: string): string {
    const base = location.key === '' ? location.uri.replace(/\/$/, '') : location.uri.slice(0, location.uri.length - location.key.length - 1);
    return `${base}/${key}`.replace(/^dbfs:\/\//, 'dbfs:/');
  }

  listMounts(): readonly Mount[] {
    return [...this.mounts].sort((a, b) => a.record.mountPoint.localeCompare(b.record.mountPoint));
  }

  getMount(mountPoint: string): Mount | undefined {
    return this.mounts.find((m) => m.record.mountPoint === mountPoint);
  }

  attach(mount: Mount): void {
    this.mounts = [...this.mounts.filter((m) => m.record.mountPoint !== mount.record.mountPoint), mount]
      .sort((a, b) => b.record.mountPoint.length - a.record.mountPoint.length);
  }

  detach(mountPoint: string): void {
    this.mounts = this.mounts.filter((m) => m.record.mountPoint !== mountPoint);
  }
}

function pathSegments(dbfsPath: string, uri: string): string[] {
  const segments = dbfsPath.split('/').filter((s) => s.length > 0 && s !== '.');
  if (segments.includes('..')) throw escapes(uri);
  return segments;
}

function toDbfsPath(uri: string): string {
  const trimmed = uri.trim();
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(trimmed);
  if (scheme) {
    if (scheme[1].toLowerCase() !== 'dbfs') {
      const hint = /^(wasbs?|abfss?)$/i.test(scheme[1]) ? ` Mount it first (CALL mount('${uri}', '/mnt/name', map(…))) and use the mount's dbfs:/mnt/… path.` : '';
      throw new QuarryError(SqlState.featureNotSupported,
        `[UNSUPPORTED_FILE_SYSTEM] The path '${uri}' uses the scheme '${scheme[1]}:'; only dbfs:/ paths (and allowed file:/ paths) are supported.${hint}`);
    }
    return trimmed.slice(scheme[0].length).replace(/^\/*/, '/');
  }
  if (!trimmed.startsWith('/')) {
    throw new QuarryError(SqlState.invalidParameterValue, `[INVALID_PATH] The path '${uri}' must be absolute (dbfs:/…).`);
  }
  return trimmed === '/dbfs' ? '/' : trimmed.startsWith('/dbfs/') ? trimmed.slice('/dbfs'.length) : trimmed;
}
