// The local folder a saved Spark ML model is read from. src/ml reads local files; a model on a
// remote mount (Azure Blob) is copied once into a cache folder beside the warehouse's DBFS root.
// The cache key covers the path and every file's size and version (ETag), so a model saved again
// at the same path is copied anew; only the most recently used copies are kept.

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Dbfs } from '../catalog/dbfs.js';
import { listFilesRecursively } from '../catalog/storage/file_storage.js';
import { QuarryError, SqlState } from '../common/errors.js';

/** Copies kept; older ones are removed when a new one is made. */
const MAX_CACHED_MODELS = 8;
/** A model directory is small (a forest: tens of MB); anything far larger is refused rather than copied. */
const MAX_MODEL_BYTES = 2 * 1024 ** 3;

export interface ModelFiles {
  /** The local directory to load from. */
  readonly dir: string;
  /** The model's canonical `dbfs:/…` URI, as the catalog records it. */
  readonly uri: string;
}

export async function localModelFiles(dbfs: Dbfs, uri: string): Promise<ModelFiles> {
  const location = dbfs.locate(uri);
  const local = location.storage.localPath(location.key);
  if (local !== undefined) return { dir: local, uri: location.uri };
  const files = await listFilesRecursively(location.storage, location.key);
  if (files.length === 0) throw new QuarryError(SqlState.ioError, `Not a saved Spark ML model: ${location.uri} is empty or does not exist`);
  const total = files.reduce((sum, f) => sum + f.entry.size, 0);
  if (total > MAX_MODEL_BYTES) {
    throw new QuarryError(SqlState.ioError, `Spark ML model ${location.uri} holds ${total} bytes, more than the ${MAX_MODEL_BYTES} a model may`);
  }
  const prefix = location.key === '' ? 0 : location.key.length + 1;
  const hash = createHash('sha256').update(`${location.storage.id}\n${location.key}\n`);
  for (const f of files) hash.update(`${f.key.slice(prefix)}\t${f.entry.size}\t${f.entry.version}\n`);
  const cacheRoot = modelCacheRoot(dbfs);
  const dir = path.join(cacheRoot, hash.digest('hex').slice(0, 32));
  if (fs.existsSync(dir)) {
    const now = new Date();
    await fs.promises.utimes(dir, now, now).catch(() => undefined); // most recently used
    return { dir, uri: location.uri };
  }
  // Copied aside and renamed into place: a half-copied model is never taken for a whole one.
  await fs.promises.mkdir(cacheRoot, { recursive: true });
  const staging = await fs.promises.mkdtemp(path.join(cacheRoot, '.copy-'));
  try {
    for (const f of files) {
      const target = path.join(staging, ...f.key.slice(prefix).split('/'));
      await fs.promises.mkdir(path.dirname(target), { recursive: true });
      await pipeline(location.storage.openRead(f.key), fs.createWriteStream(target));
    }
    await fs.promises.rename(staging, dir).catch((e: NodeJS.ErrnoException) => {
      // Another session copied the same version first.
      if (e.code !== 'ENOTEMPTY' && e.code !== 'EEXIST') throw e;
    });
  } finally {
    await fs.promises.rm(staging, { recursive: true, force: true });
  }
  await evictOldCopies(cacheRoot, dir);
  return { dir, uri: location.uri };
}

/** Beside the DBFS root (not in it), so the copies never show in dbfs:/ listings. */
export const modelCacheRoot = (dbfs: Dbfs): string => path.join(path.dirname(dbfs.root), 'model-cache');

/** A staging folder this old was left by a server that stopped while copying. */
const STALE_STAGING_MS = 60 * 60 * 1000;

async function evictOldCopies(cacheRoot: string, keep: string): Promise<void> {
  const entries = await fs.promises.readdir(cacheRoot, { withFileTypes: true });
  for (const e of entries.filter((x) => x.isDirectory() && x.name.startsWith('.copy-'))) {
    const dir = path.join(cacheRoot, e.name);
    const stat = await fs.promises.stat(dir).catch(() => undefined);
    if (stat && Date.now() - stat.mtimeMs > STALE_STAGING_MS) await fs.promises.rm(dir, { recursive: true, force: true });
  }
  const copies = await Promise.all(entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map(async (e) => {
    const dir = path.join(cacheRoot, e.name);
    return { dir, used: (await fs.promises.stat(dir)).mtimeMs };
  }));
  copies.sort((a, b) => b.used - a.used);
  // A loaded model lives in memory, so removing its copy cannot break a query that scores it.
  for (const old of copies.slice(MAX_CACHED_MODELS)) {
    if (old.dir !== keep) await fs.promises.rm(old.dir, { recursive: true, force: true });
  }
}
