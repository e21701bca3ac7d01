// Files in a local folder: DBFS's own root, a mounted local directory, or an allowed `file:/` root.
// Every key is checked to stay inside the folder, symlinks included, before any access.

import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { QuarryError, SqlState } from '../../common/errors.js';
import { FileEntry, FileStorage } from './file_storage.js';

export class LocalStorage implements FileStorage {
  readonly renames = true;
  readonly id: string;

  /** `root` must already be a real path (no symlinks in it). */
  constructor(readonly root: string, private readonly describe: (key: string) => string = (key) => key) {
    this.id = `file:${root}`;
  }

  static async open(root: string, describe?: (key: string) => string): Promise<LocalStorage> {
    await fs.promises.mkdir(root, { recursive: true });
    return new LocalStorage(await fs.promises.realpath(root), describe);
  }

  localPath(key: string): string {
    const segments = key.split('/').filter((s) => s.length > 0 && s !== '.');
    if (segments.includes('..')) throw escapes(this.describe(key));
    const local = path.join(this.root, ...segments);
    this.checkRealPath(local, key);
    return local;
  }

  /** The key of a local path inside the root. */
  keyOf(local: string): string {
    const relative = path.relative(this.root, local);
    if (relative.startsWith('..') || path.isAbsolute(relative)) throw escapes(local);
    return relative.split(path.sep).join('/');
  }

  /** Symlinks must not lead out: the deepest existing ancestor must still be inside the root. */
  private checkRealPath(local: string, key: string): void {
    let existing = local;
    while (!fs.existsSync(existing) && existing !== this.root) existing = path.dirname(existing);
    let real: string;
    try {
      real = fs.realpathSync(existing);
    } catch {
      throw escapes(this.describe(key)); // a dangling symlink
    }
    const inside = this.root.endsWith(path.sep) ? this.root : this.root + path.sep;
    if (real !== this.root && !real.startsWith(inside)) throw escapes(this.describe(key));
  }

  async list(key: string): Promise<FileEntry[] | null> {
    const dir = this.localPath(key);
    let names: string[];
    try {
      names = await fs.promises.readdir(dir);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return null;
      throw e;
    }
    const entries: FileEntry[] = [];
    for (const name of names.sort()) {
      const st = await fs.promises.stat(path.join(dir, name)).catch(() => null);
      if (st) entries.push(entryOf(name, st));
    }
    return entries;
  }

  async stat(key: string): Promise<FileEntry | null> {
    const local = this.localPath(key);
    const st = await fs.promises.stat(local).catch(() => null);
    return st ? entryOf(path.basename(local), st) : null;
  }

  async read(key: string, start: number, end: number): Promise<Uint8Array> {
    const handle = await fs.promises.open(this.localPath(key), 'r');
    try {
      const buffer = Buffer.alloc(Math.max(0, end - start));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, start);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }

  openRead(key: string): Readable {
    return fs.createReadStream(this.localPath(key));
  }

  async write(key: string, content: Uint8Array | Readable): Promise<void> {
    const target = this.localPath(key);
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    // Written beside the target and renamed over it, so nobody sees half a file.
    const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${randomUUID()}.tmp`);
    try {
      if (content instanceof Uint8Array) await fs.promises.writeFile(temporary, content);
      else await pipeline(content, fs.createWriteStream(temporary));
      await fs.promises.rename(temporary, target);
    } catch (e) {
      await fs.promises.rm(temporary, { force: true });
      throw e;
    }
  }

  async delete(key: string): Promise<void> {
    if (key.split('/').filter((s) => s.length > 0).length === 0) throw new QuarryError(SqlState.insufficientPrivilege, '[INVALID_PATH] The root of a file system cannot be deleted.');
    await fs.promises.rm(this.localPath(key), { recursive: true, force: true });
  }

  async rename(from: string, to: string): Promise<void> {
    const target = this.localPath(to);
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    await fs.promises.rename(this.localPath(from), target);
  }

  async mkdirs(key: string): Promise<void> {
    await fs.promises.mkdir(this.localPath(key), { recursive: true });
  }
}

function entryOf(name: string, st: fs.Stats): FileEntry {
  const isDirectory = st.isDirectory();
  return { name, isDirectory, size: isDirectory ? 0 : st.size, modifiedMs: Math.floor(st.mtimeMs), version: `${st.size}-${st.mtimeMs}` };
}

export function escapes(uri: string): QuarryError {
  return new QuarryError(SqlState.insufficientPrivilege, `[INVALID_PATH] The path '${uri}' leads outside DBFS.`);
}
