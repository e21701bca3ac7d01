// DBFS: the `dbfs:/` namespace over a local root directory. Every path is resolved inside the
// root; one that escapes it (`..`, a symlink pointing out) is refused before any file access.

import fs from 'node:fs';
import path from 'node:path';
import { QuarryError, SqlState } from '../common/errors.js';

const STANDARD_DIRECTORIES = ['FileStore', 'user/hive/warehouse', 'tmp'];

export class Dbfs {
  private constructor(readonly root: string) {}

  static async open(root: string): Promise<Dbfs> {
    await fs.promises.mkdir(root, { recursive: true });
    const dbfs = new Dbfs(await fs.promises.realpath(root));
    for (const dir of STANDARD_DIRECTORIES) await fs.promises.mkdir(path.join(dbfs.root, dir), { recursive: true });
    return dbfs;
  }

  /**
   * `dbfs:/a/b`, `dbfs:///a/b`, `/dbfs/a/b` and `/a/b` → the local path under the root.
   * Other schemes (mounts, `file:`) are for later issues and refused here.
   */
  resolve(uri: string): string {
    const dbfsPath = toDbfsPath(uri);
    const segments = dbfsPath.split('/').filter((s) => s.length > 0 && s !== '.');
    if (segments.includes('..')) throw escapes(uri);
    const local = path.join(this.root, ...segments);
    this.checkRealPath(local, uri);
    return local;
  }

  /** The `dbfs:/…` URI of a local path under the root. */
  toUri(local: string): string {
    const relative = path.relative(this.root, local);
    if (relative.startsWith('..') || path.isAbsolute(relative)) throw escapes(local);
    return `dbfs:/${relative.split(path.sep).join('/')}`;
  }

  /** Symlinks must not lead out: the deepest existing ancestor must still be inside the root. */
  private checkRealPath(local: string, uri: string): void {
    let existing = local;
    while (!fs.existsSync(existing) && existing !== this.root) existing = path.dirname(existing);
    let real: string;
    try {
      real = fs.realpathSync(existing);
    } catch {
      throw escapes(uri); // a dangling symlink
    }
    if (real !== this.root && !real.startsWith(this.root + path.sep)) throw escapes(uri);
  }
}

function toDbfsPath(uri: string): string {
  const trimmed = uri.trim();
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(trimmed);
  if (scheme) {
    if (scheme[1].toLowerCase() !== 'dbfs') {
      throw new QuarryError(SqlState.featureNotSupported,
        `[UNSUPPORTED_FILE_SYSTEM] The path '${uri}' uses the scheme '${scheme[1]}:'; only dbfs:/ paths are supported.`);
    }
    return trimmed.slice(scheme[0].length).replace(/^\/*/, '/');
  }
  if (!trimmed.startsWith('/')) {
    throw new QuarryError(SqlState.invalidParameterValue, `[INVALID_PATH] The path '${uri}' must be absolute (dbfs:/…).`);
  }
  return trimmed === '/dbfs' ? '/' : trimmed.startsWith('/dbfs/') ? trimmed.slice('/dbfs'.length) : trimmed;
}

function escapes(uri: string): QuarryError {
  return new QuarryError(SqlState.insufficientPrivilege, `[INVALID_PATH] The path '${uri}' leads outside DBFS.`);
}
