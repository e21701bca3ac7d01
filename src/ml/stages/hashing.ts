// HashingTF: term counts at murmur3(term) mod numFeatures. Spark 3 hashes a string's UTF-8 bytes
// with standard MurmurHash3 x86_32 (seed 42); models saved by Spark 2.x keep the old variant, which
// mixes each trailing byte on its own (sign-extended), and Spark 3 still scores those with it.

import { Frame, vectorColumn } from '../frame.js';
import { MlVector } from '../linalg.js';
import { param } from '../metadata.js';
import { StageLoader, TokensType, spec, vectorSpec } from '../stage.js';

const C1 = 0xcc9e2d51, C2 = 0x1b873593;

const mixK1 = (k: number) => Math.imul((Math.imul(k, C1) << 15) | (Math.imul(k, C1) >>> 17), C2);

function mixH1(h: number, k: number): number {
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function fmix(h: number, length: number): number {
  h ^= length;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** MurmurHash3 x86_32 of bytes; `legacy` is Spark's pre-3.0 tail handling (hashUnsafeBytes). */
export function murmur3(bytes: Uint8Array, seed: number, legacy = false): number {
  const aligned = bytes.length - (bytes.length % 4);
  let h = seed | 0;
  for (let i = 0; i < aligned; i += 4) {
    h = mixH1(h, mixK1(bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24)));
  }
  if (legacy) {
    for (let i = aligned; i < bytes.length; i++) h = mixH1(h, mixK1((bytes[i] << 24) >> 24));
  } else {
    let k = 0;
    for (let i = aligned, shift = 0; i < bytes.length; i++, shift += 8) k ^= bytes[i] << shift;
    h ^= mixK1(k);
  }
  return fmix(h, bytes.length);
}

const SEED = 42;
const encoder = new TextEncoder();

const hashingTF: StageLoader = async (m) => {
  const numFeatures = param(m, 'numFeatures', 1 << 18);
  const binary = param(m, 'binary', false);
  const legacy = Number(m.sparkVersion.split('.')[0]) < 3;
  const input = param(m, 'inputCol', ''), output = param(m, 'outputCol', `${m.uid}__output`);
  const indexOf = (term: string) => {
    const h = murmur3(encoder.encode(term), SEED, legacy);
    return ((h % numFeatures) + numFeatures) % numFeatures;
  };
  return {
    className: m.className,
    uid: m.uid,
    inputs: [spec(input, TokensType)],
    outputs: [vectorSpec(output)],
    transform(frame: Frame) {
      const out = frame.tokens(input).map((terms): MlVector | null => {
        if (terms === null) return null;
        const counts = new Map<number, number>();
        for (const t of terms) {
          const i = indexOf(t);
          counts.set(i, binary ? 1 : (counts.get(i) ?? 0) + 1);
        }
        const sorted = [...counts].sort((a, b) => a[0] - b[0]);
        return { size: numFeatures, indices: Int32Array.from(sorted, ([i]) => i), values: Float64Array.from(sorted, ([, c]) => c) };
      });
      frame.set(output, vectorColumn(out));
    },
  };
};

export const loaders: Record<string, StageLoader> = {
  'org.apache.spark.ml.feature.HashingTF': hashingTF,
};
