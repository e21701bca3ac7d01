// Ranged reads of remote files, cached in memory and bounded: a Parquet scan on blob storage fetches
// the footer and the column chunks it decodes, not the whole file, and reads of the same ranges
// (the footer, read by the metadata reader and the decoder both) are served from the cache.

import { LRUCache } from 'lru-cache';
import { StoredFile } from './file_storage.js';

/** Bytes of remote file ranges kept; QUARRY_REMOTE_CACHE_MB overrides. */
const CACHE_BYTES = Number(process.env.QUARRY_REMOTE_CACHE_MB ?? 64) * 1024 * 1024;

interface CachedRange { readonly start: number; readonly bytes: Uint8Array }

const ranges = new LRUCache<string, CachedRange>({ maxSize: CACHE_BYTES, sizeCalculation: (r) => Math.max(1, r.bytes.length) });
/** The cache keys of each file version's ranges, to find one that covers a request. */
const rangesOfFile = new Map<string, Set<string>>();

const fileIdentity = (file: StoredFile) => `${file.storage.id}\u0000${file.key}\u0000${file.version}`;

/** Bytes [start, end) of a file, from the cache when a cached range covers them. */
export async function readRange(file: StoredFile, start: number, end: number): Promise<Uint8Array> {
  end = Math.min(end, file.size);
  if (end <= start) return new Uint8Array(0);
  const identity = fileIdentity(file);
  const keys = rangesOfFile.get(identity);
  for (const key of keys ?? []) {
    const cached = ranges.get(key);
    if (!cached) {
      keys!.delete(key);
      continue;
    }
    if (cached.start <= start && cached.start + cached.bytes.length >= end) return cached.bytes.subarray(start - cached.start, end - cached.start);
  }
  const bytes = await file.storage.read(file.key, start, end);
  const key = `${identity}\u0000${start}`;
  ranges.set(key, { start, bytes });
  if (!rangesOfFile.has(identity)) rangesOfFile.set(identity, new Set());
  rangesOfFile.get(identity)!.add(key);
  return bytes;
}

const toArrayBuffer = (bytes: Uint8Array): ArrayBuffer =>
  bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;

/** hyparquet's AsyncBuffer over a stored file. */
export function asyncBufferOf(file: StoredFile): { byteLength: number; slice(start: number, end?: number): Promise<ArrayBuffer> } {
  return {
    byteLength: file.size,
    slice: async (start, end) => toArrayBuffer(await readRange(file, start, end ?? file.size)),
  };
}

/**
 * What parquet-wasm's ParquetFile.fromFile reads through: a Blob's size, slice and arrayBuffer.
 * Only those are used, so a ranged reader stands in for a real Blob.
 */
export function blobOf(file: StoredFile): Blob {
  return rangeBlob(async (start, end) => toArrayBuffer(await readRange(file, start, end)), 0, file.size);
}

/** A Blob (size, slice, arrayBuffer) over bytes [start, end) that `read` fetches on demand. */
export function rangeBlob(read: (start: number, end: number) => Promise<ArrayBuffer>, start: number, end: number): Blob {
  const view = {
    size: end - start,
    type: '',
    slice: (from = 0, to = end - start) => rangeBlob(read, start + clamp(from, end - start), start + clamp(to, end - start)),
    arrayBuffer: () => read(start, end),
  };
  return view as unknown as Blob;
}

function clamp(offset: number, size: number): number {
  return offset < 0 ? Math.max(0, size + offset) : Math.min(offset, size);
}

/** Empties the cache (for measurements that must see every fetch). */
export function clearRangeCache(): void {
  ranges.clear();
  rangesOfFile.clear();
}
