// Text pipelines: kickstarter (2.4: RegexTokenizer, StopWordsRemover, CountVectorizer, IDF, indexers,
// OneHotEncoder, LR with thresholds [0.7, 0.3]) and sentiment (3.5: Tokenizer, NGram ×3, TF-IDF ×3,
// ChiSqSelector, NaiveBayes) and the BucketedRandomProjectionLSH hashes: no predictions were saved, so
// features and scores are recomputed here from the models' own parameters. Last, HashingTF's
// MurmurHash3 against the algorithm's published x86_32 test vectors and pyspark's docstring examples.

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadModel } from '../../src/ml/index.js';
import { murmur3 } from '../../src/ml/stages/hashing.js';
import { StringType, arrayType } from '../../src/common/types.js';
import { take, vectorFromScalars } from '../../src/common/vector.js';
import { tempDir, writeMetadata } from './model_dir.js';
import { arraysOf, doubles, fixture, numbersOf, readCsv, strings, vectors } from './fixtures.js';
import { dotProduct, n, readRows, vec } from './reference.js';

const stageDir = (root: string, prefix: string) => path.join(root, 'stages', fs.readdirSync(path.join(root, 'stages')).find((d) => d.startsWith(prefix))!);

describe('kickstarter-tvs-lr-spark2.4', () => {
  test('TrainValidationSplitModel and its bestModel score the 1,000 input rows alike; LR by hand', async () => {
    const tvs = await loadModel(fixture('kickstarter-tvs-lr-spark2.4', 'model'));
    const best = await loadModel(fixture('kickstarter-tvs-lr-spark2.4', 'model', 'bestModel'));
    expect(tvs.className).toBe('org.apache.spark.ml.tuning.TrainValidationSplitModel');
    expect(best.predictionColumn).toBe('predictions');
    const rows = readCsv(fixture('kickstarter-tvs-lr-spark2.4', 'input.csv'));
    expect(rows.length).toBe(1000);
    const input = {
      text: strings(rows.map((r) => r.text)),
      country2: strings(rows.map((r) => r.country2)),
      currency2: strings(rows.map((r) => r.currency2)),
      days_campaign: doubles(rows.map((r) => Number(r.days_campaign))),
      hours_prepa: doubles(rows.map((r) => Number(r.hours_prepa))),
      goal: doubles(rows.map((r) => Number(r.goal))),
    };
    const scored = ['raw_predictions', 'probability', 'predictions'];
    const out = best.transform(input, { columns: scored });
    expect([...out.columns.keys()]).toEqual(scored);
    expect(numbersOf(tvs.transform(input, { columns: ['predictions'] }).columns.get('predictions'))).toEqual(numbersOf(out.columns.get('predictions')));
    // The wide TF-IDF vectors (as array<double>) only for the rows checked by hand.
    const picked = [0, 1, 2, 10, 500, 999];
    const subset = Object.fromEntries(Object.entries(input).map(([k, v]) => [k, take(v, picked)]));
    const tokens = arraysOf(best.transform(subset, { columns: ['tfidf'] }).columns.get('tfidf'));

    const root = fixture('kickstarter-tvs-lr-spark2.4', 'model', 'bestModel');
    const vocabulary = (await readRows(path.join(stageDir(root, '2_'), 'data')))[0].vocabulary as string[];
    const idf = vec((await readRows(path.join(stageDir(root, '3_'), 'data')))[0].idf);
    const stopWords = new Set(JSON.parse(fs.readFileSync(path.join(stageDir(root, '1_'), 'metadata', 'part-00000'), 'utf8')).defaultParamMap.stopWords as string[]);
    const countries = (await readRows(path.join(stageDir(root, '4_'), 'data')))[0].labels as string[];
    const currencies = (await readRows(path.join(stageDir(root, '5_'), 'data')))[0].labels as string[];
    const lr = (await readRows(path.join(stageDir(root, '8_'), 'data')))[0];
    const w = vec({ type: 1, values: lr.coefficientMatrix.values }), b = n(lr.interceptVector.values[0]);
    expect(w.length).toBe(vocabulary.length + 3 + (countries.length) + (currencies.length));

    const raw = arraysOf(out.columns.get('raw_predictions')), prob = arraysOf(out.columns.get('probability'));
    const pred = numbersOf(out.columns.get('predictions'));
    for (const [p, i] of picked.entries()) {
      const r = rows[i];
      // RegexTokenizer(\W+, lower-case) → StopWordsRemover → counts over the vocabulary × idf.
      const words = r.text.toLowerCase().split(/\W+/).filter((t) => t.length >= 1 && !stopWords.has(t));
      const tf = new Array(vocabulary.length).fill(0);
      for (const t of words) { const k = vocabulary.indexOf(t); if (k >= 0) tf[k]++; }
      const tfidf = tf.map((c, k) => c * idf[k]);
      expect(tokens[p]).toEqual(tfidf);
      // One-hot with handleInvalid=keep on the indexers: sizes labels+1, dropLast → labels.
      const oneHot = (labels: string[], v: string) => { const o = new Array(labels.length).fill(0); const k = labels.indexOf(v); if (k >= 0 && k < labels.length) o[k] = 1; return o; };
      const x = [...tfidf, Number(r.days_campaign), Number(r.hours_prepa), Number(r.goal), ...oneHot(countries, r.country2), ...oneHot(currencies, r.currency2)];
      const margin = dotProduct(x, w) + b;
      expect(raw[i]![1]).toBeCloseTo(margin, 9);
      const p1 = 1 / (1 + Math.exp(-margin));
      expect(Math.abs(prob[i]![1] - p1)).toBeLessThan(1e-9);
      // thresholds [0.7, 0.3] → class 1 when p1 > 1 / (1 + 0.7 / 0.3) = 0.3.
      expect(pred[i]).toBe(p1 > 0.3 ? 1 : 0);
    }
    const positives = pred.filter((p) => p === 1).length;
    expect(positives).toBeGreaterThan(0);
    expect(positives).toBeLessThan(1000);
  });
});

describe('sentiment-nb-pipeline-spark3.5', () => {
  test('tokens, n-grams, TF-IDF, χ² selection and multinomial NaiveBayes, by hand', async () => {
    const root = fixture('sentiment-nb-pipeline-spark3.5', 'nb_model');
    const model = await loadModel(root);
    expect(model.inputs.map((i) => i.name)).toEqual(['text', 'target']);
    expect(model.inputs[1].optional).toBe(true);
    const texts = ['I love this movie, it is great', 'worst day ever, so sad and angry', 'not bad at all', '  Hello   World  '];
    const out = model.transform({ text: strings(texts), target: strings(['1', '0', '1', '0']) });
    expect(arraysOf(out.columns.get('words'))[3]).toEqual(['', '', 'hello', '', '', 'world']);
    expect(arraysOf(out.columns.get('3_grams'))[2]).toEqual(['not bad at', 'bad at all']);

    const vocab = await Promise.all(['05_', '06_', '07_'].map(async (p) => (await readRows(path.join(stageDir(root, p), 'data')))[0].vocabulary as string[]));
    const idfs = await Promise.all(['08_', '09_', '10_'].map(async (p) => vec((await readRows(path.join(stageDir(root, p), 'data')))[0].idf)));
    const selected = (Array.from((await readRows(path.join(stageDir(root, '13_'), 'data')))[0].selectedFeatures, n) as number[]).sort((a, b) => a - b);
    const nb = (await readRows(path.join(stageDir(root, '14_'), 'data')))[0];
    const pi = vec(nb.pi);
    const theta = nb.theta; // 2 × 16384, row-major when transposed
    expect(n(theta.numRows)).toBe(2);
    const th = Array.from(theta.values, n) as number[];
    const at = (c: number, j: number) => (theta.isTransposed ? th[c * n(theta.numCols) + j] : th[j * 2 + c]);
    const raw = arraysOf(out.columns.get('rawPrediction')), prob = arraysOf(out.columns.get('probability'));
    texts.forEach((text, i) => {
      const words = text.toLowerCase().split(/[ \t\n\x0B\f\r]/);
      while (words.length && words[words.length - 1] === '') words.pop();
      const grams = [1, 2, 3].map((k) => words.slice(0, Math.max(0, words.length - k + 1)).map((_, s) => words.slice(s, s + k).join(' ')));
      const features: number[] = [];
      grams.forEach((g, k) => {
        const tf = new Array(vocab[k].length).fill(0);
        for (const t of g) { const j = vocab[k].indexOf(t); if (j >= 0) tf[j]++; }
        features.push(...tf.map((c, j) => c * idfs[k][j]));
      });
      const x = selected.map((f) => features[f]);
      const logLikelihood = [0, 1].map((c) => pi[c] + x.reduce((s, v, j) => s + (v === 0 ? 0 : v * at(c, j)), 0));
      expect(raw[i]![0]).toBeCloseTo(logLikelihood[0], 9);
      expect(raw[i]![1]).toBeCloseTo(logLikelihood[1], 9);
      const e = logLikelihood.map((v) => Math.exp(v - Math.max(...logLikelihood)));
      expect(Math.abs(prob[i]![1] - e[1] / (e[0] + e[1]))).toBeLessThan(1e-9);
    });
    expect(() => model.transform({ text: strings(['x']), target: strings(['2']) })).toThrow(/Unseen label: 2/);
  });
});

test('anime-brp-lsh-spark3.0: hashes are floor(x · r / bucketLength), by hand', async () => {
  const root = fixture('anime-brp-lsh-spark3.0', 'KNN_GRID');
  const model = await loadModel(root);
  const m = (await readRows(path.join(root, 'data')))[0].randUnitVectors;
  expect([n(m.numRows), n(m.numCols)]).toEqual([10, 2782]);
  const values = Array.from(m.values, n) as number[];
  const at = (k: number, j: number) => (m.isTransposed ? values[k * 2782 + j] : values[j * 10 + k]);
  const xs = [0, 1].map((r) => Array.from({ length: 2782 }, (_, j) => ((j * 7 + r * 3) % 13) / 13 - 0.4));
  const hashes = model.transform({ norm_features: vectors(xs) }).columns.get('hashes')!;
  xs.forEach((x, i) => {
    const expected = Array.from({ length: 10 }, (_, k) => [Math.floor(x.reduce((s, v, j) => s + v * at(k, j), 0) / 0.1)]);
    expect((hashes.data as number[][][])[i]).toEqual(expected);
  });
});

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
