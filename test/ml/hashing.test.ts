// HashingTF's MurmurHash3 against the algorithm's published x86_32 test vectors, and the stage on a
// temp model directory (Spark 3 layout: a Transformer, params only).

import { expect, test } from 'vitest';
import { loadModel } from '../../src/ml/index.js';
import { murmur3 } from '../../src/ml/stages/hashing.js';
import { arraysOf } from './fixtures.js';
import { tempDir, writeMetadata } from './model_dir.js';
import { vectorFromScalars } from '../../src/common/vector.js';
import { StringType, arrayType } from '../../src/common/types.js';

const bytes = (s: string) => new TextEncoder().encode(s);
const u32 = (x: number) => x >>> 0;

test('murmur3 x86_32 matches the reference test vectors', () => {
  expect(u32(murmur3(bytes(''), 0))).toBe(0);
  expect(u32(murmur3(bytes(''), 1))).toBe(0x514e28b7);
  expect(u32(murmur3(bytes(''), 0xffffffff))).toBe(0x81f16f39);
  expect(u32(murmur3(new Uint8Array(4), 0))).toBe(0x2362f9de);
  expect(u32(murmur3(bytes('aaaa'), 0x9747b28c))).toBe(0x5a97808a);
  expect(u32(murmur3(bytes('aaa'), 0x9747b28c))).toBe(0x283e0130);
  expect(u32(murmur3(bytes('aa'), 0x9747b28c))).toBe(0x5d211726);
  expect(u32(murmur3(bytes('a'), 0x9747b28c))).toBe(0x7fa09ea6);
  expect(u32(murmur3(bytes('abcd'), 0x9747b28c))).toBe(0xf0478627);
  expect(u32(murmur3(bytes('abc'), 0x9747b28c))).toBe(0xc84a62dd);
  expect(u32(murmur3(bytes('Hello, world!'), 0x9747b28c))).toBe(0x24884cba);
  expect(u32(murmur3(bytes('The quick brown fox jumps over the lazy dog'), 0x9747b28c))).toBe(0x2fa826cd);
  // The pre-3.0 variant differs only when the length is not a multiple of 4.
  expect(murmur3(bytes('abcd'), 42, true)).toBe(murmur3(bytes('abcd'), 42));
  expect(murmur3(bytes('abc'), 42, true)).not.toBe(murmur3(bytes('abc'), 42));
});

test('HashingTF counts terms at murmur3(term, 42) mod numFeatures; binary caps counts at 1', async () => {
  const make = async (binary: boolean, sparkVersion = '3.5.0') => {
    const dir = tempDir();
    writeMetadata(dir, { class: 'org.apache.spark.ml.feature.HashingTF', sparkVersion, uid: 'htf', paramMap: { inputCol: 'words', outputCol: 'tf', numFeatures: 16, binary } });
    return loadModel(dir);
  };
  const words = vectorFromScalars(arrayType(StringType), [['spark', 'sql', 'spark'], []]);
  const index = (t: string, legacy = false) => { const h = murmur3(bytes(t), 42, legacy); return ((h % 16) + 16) % 16; };
  const expected = new Array(16).fill(0);
  expected[index('spark')] += 2;
  expected[index('sql')] += 1;
  const tf = arraysOf((await make(false)).transform({ words }).columns.get('tf'));
  expect(tf[0]).toEqual(expected);
  expect(tf[1]).toEqual(new Array(16).fill(0));
  const bin = arraysOf((await make(true)).transform({ words }).columns.get('tf'));
  expect(bin[0]).toEqual(expected.map((c) => (c > 0 ? 1 : 0)));
  // A 2.x model keeps the old hash ("sql" has 3 bytes, so its tail is hashed the old way).
  const old = arraysOf((await make(false, '2.4.4')).transform({ words }).columns.get('tf'));
  expect(old[0]![index('sql', true)]).toBeGreaterThanOrEqual(1);
});

test('HashingTF reproduces the pyspark docstring examples of Spark 3.x and 2.x', async () => {
  const make = async (numFeatures: number, sparkVersion: string) => {
    const dir = tempDir();
    writeMetadata(dir, { class: 'org.apache.spark.ml.feature.HashingTF', sparkVersion, uid: 'htf', paramMap: { inputCol: 'words', outputCol: 'features', numFeatures } });
    return loadModel(dir);
  };
  const words = vectorFromScalars(arrayType(StringType), [['a', 'b', 'c']]);
  const nonZero = (v: number[] | null) => v!.flatMap((x, i) => (x !== 0 ? [i] : []));
  // 3.x: SparseVector(10, {5: 1.0, 7: 1.0, 8: 1.0}); with numFeatures 5: {0: 1.0, 2: 1.0, 3: 1.0}.
  expect(nonZero(arraysOf((await make(10, '3.1.2')).transform({ words }).columns.get('features'))[0])).toEqual([5, 7, 8]);
  expect(nonZero(arraysOf((await make(5, '3.1.2')).transform({ words }).columns.get('features'))[0])).toEqual([0, 2, 3]);
  // 2.x: SparseVector(10, {0: 1.0, 1: 1.0, 2: 1.0}).
  expect(nonZero(arraysOf((await make(10, '2.4.4')).transform({ words }).columns.get('features'))[0])).toEqual([0, 1, 2]);
});
