// Linear models: LinearRegression (2.1), LogisticRegression binomial (2.4, 3.2) and multinomial with a
// sparse transposed coefficient matrix (2.3), LinearSVC (3.2), and the flights pipeline around one.

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadModel } from '../../src/ml/index.js';
import { arraysOf, doubles, fixture, numbersOf, readCsv, strings, vectors } from './fixtures.js';
import { dotProduct, n, readRows, vec } from './reference.js';

const sigmoid = (m: number) => 1 / (1 + Math.exp(-m));

test('linreg-spark2.1: the authors\' three expected predictions', async () => {
  const model = await loadModel(fixture('linreg-spark2.1', 'model'));
  const expected = readCsv(fixture('linreg-spark2.1', 'expected_predictions.csv'));
  const out = model.transform({ features: vectors(expected.map((r) => [Number(r.features)])) });
  const predicted = numbersOf(out.columns.get('prediction'));
  expect(predicted).toHaveLength(3);
  expected.forEach((r, i) => expect(predicted[i]).toBeCloseTo(Number(r.prediction), 9));
  expect(model.inputs).toEqual([{ name: 'features', type: { kind: 'array', element: { kind: 'double' } } }]);
  expect(() => model.transform({ features: vectors([[1, 2]]) })).toThrow(/expects 1 features/);
});

test('libsvm-logreg-spark2.3: multinomial softmax over a sparse 2×692 matrix, by hand', async () => {
  const dir = fixture('libsvm-logreg-spark2.3', 'py_log_reg');
  const model = await loadModel(dir);
  const lines = fs.readFileSync(fixture('libsvm-logreg-spark2.3', 'sample_libsvm_data.txt'), 'utf8').trim().split('\n');
  const labels = lines.map((l) => Number(l.split(' ')[0]));
  const xs = lines.map((l) => {
    const x = new Array(692).fill(0);
    for (const kv of l.trim().split(' ').slice(1)) { const [k, v] = kv.split(':'); x[Number(k) - 1] = Number(v); }
    return x;
  });
  const out = model.transform({ features: vectors(xs) });
  const [raw, prob, pred] = ['rawPrediction', 'probability', 'prediction'].map((c) => out.columns.get(c));
  // The model's own parameters: a transposed CSR matrix (rows = classes).
  const data = (await readRows(path.join(dir, 'data')))[0];
  const m = data.coefficientMatrix;
  expect(m.isTransposed).toBe(true);
  expect(n(m.type)).toBe(0);
  const ptr = Array.from(m.colPtrs, n) as number[], idx = Array.from(m.rowIndices, n) as number[], val = Array.from(m.values, n) as number[];
  const b = Array.from(data.interceptVector.values, n) as number[];
  const rawRows = arraysOf(raw), probRows = arraysOf(prob), preds = numbersOf(pred);
  for (const i of [0, 1, 2, 3, 57, 99]) {
    const margins = [0, 1].map((c) => { let s = b[c]; for (let k = ptr[c]; k < ptr[c + 1]; k++) s += val[k] * xs[i][idx[k]]; return s; });
    const e = margins.map((x) => Math.exp(x - Math.max(...margins)));
    const p = e.map((x) => x / (e[0] + e[1]));
    expect(rawRows[i]![0]).toBeCloseTo(margins[0], 12);
    expect(rawRows[i]![1]).toBeCloseTo(margins[1], 12);
    expect(Math.abs(probRows[i]![1] - p[1])).toBeLessThan(1e-9);
    expect(preds[i]).toBe(p[1] > p[0] ? 1 : 0);
  }
  // Regularized, but it still separates the training data.
  expect(preds.filter((p, i) => p === labels[i]).length).toBeGreaterThanOrEqual(95);
});

describe('sparkify-cv-spark3.2 (CrossValidatorModel → bestModel)', () => {
  const xs = Array.from({ length: 12 }, (_, r) => Array.from({ length: 31 }, (_, j) => ((r * 5 + j * 3) % 11) / 3 - 1.5));

  test('LogisticRegression (binomial): sigmoid of the margin, threshold 0.5, by hand', async () => {
    const model = await loadModel(fixture('sparkify-cv-spark3.2', 'log_reg_model'));
    expect(model.className).toBe('org.apache.spark.ml.tuning.CrossValidatorModel');
    const data = (await readRows(fixture('sparkify-cv-spark3.2', 'log_reg_model', 'bestModel', 'data')))[0];
    const w = Array.from(data.coefficientMatrix.values, n) as number[], b = n(data.interceptVector.values[0]);
    const out = model.transform({ features: vectors([...xs, null]) });
    const raw = arraysOf(out.columns.get('rawPrediction')), prob = arraysOf(out.columns.get('probability'));
    const pred = numbersOf(out.columns.get('prediction'));
    xs.forEach((x, i) => {
      const margin = dotProduct(x, w) + b;
      expect(raw[i]).toEqual([-raw[i]![1], raw[i]![1]]);
      expect(raw[i]![1]).toBeCloseTo(margin, 12);
      expect(Math.abs(prob[i]![1] - sigmoid(margin))).toBeLessThan(1e-9);
      expect(prob[i]![0] + prob[i]![1]).toBeCloseTo(1, 12);
      expect(pred[i]).toBe(sigmoid(margin) > 0.5 ? 1 : 0);
    });
    expect(pred[xs.length]).toBeNull();
    expect(new Set(pred.slice(0, xs.length)).size).toBe(2);
  });

  test('LinearSVC: rawPrediction ±margin, prediction margin > 0, no probability', async () => {
    const model = await loadModel(fixture('sparkify-cv-spark3.2', 'svm_model'));
    const data = (await readRows(fixture('sparkify-cv-spark3.2', 'svm_model', 'bestModel', 'data')))[0];
    const w = vec(data.coefficients), b = n(data.intercept);
    expect(model.outputs.map((o) => o.name)).toEqual(['rawPrediction', 'prediction']);
    const out = model.transform({ features: vectors(xs) });
    const raw = arraysOf(out.columns.get('rawPrediction')), pred = numbersOf(out.columns.get('prediction'));
    xs.forEach((x, i) => {
      const margin = dotProduct(x, w) + b;
      expect(raw[i]![1]).toBeCloseTo(margin, 12);
      expect(pred[i]).toBe(margin > 0 ? 1 : 0);
    });
  });
});

test('flights-minmax-lr-spark2.4: StringIndexer(keep), VectorIndexer, MinMaxScaler and LR(threshold 0.4), by hand', async () => {
  const dir = fixture('flights-minmax-lr-spark2.4', 'sparkml');
  const model = await loadModel(dir);
  const rows = readCsv(fixture('flights-minmax-lr-spark2.4', 'input_sample.csv'));
  expect(rows.length).toBe(10);
  // One more row with airports the indexers never saw (handleInvalid = keep gives them index numLabels).
  rows.push({ DAY_OF_MONTH: '15', DAY_OF_WEEK: '7', OP_CARRIER: 'AA', ORIGIN: 'XXX', DEST: 'YYY', DEP_DELAY: '30', label: '1' });
  const input = {
    DAY_OF_MONTH: doubles(rows.map((r) => Number(r.DAY_OF_MONTH))),
    DAY_OF_WEEK: doubles(rows.map((r) => Number(r.DAY_OF_WEEK))),
    OP_CARRIER: strings(rows.map((r) => r.OP_CARRIER)),
    ORIGIN: strings(rows.map((r) => r.ORIGIN)),
    DEST: strings(rows.map((r) => r.DEST)),
    DEP_DELAY: doubles(rows.map((r) => Number(r.DEP_DELAY))),
  };
  const out = model.transform(input);
  const stage = (prefix: string) => path.join(dir, 'stages', fs.readdirSync(path.join(dir, 'stages')).find((d) => d.startsWith(prefix))!, 'data');
  const labels = await Promise.all(['0_', '1_', '2_'].map(async (p) => (await readRows(stage(p)))[0].labels as string[]));
  const indexer = (await readRows(stage('4_')))[0].categoryMaps;
  const mm = (await readRows(stage('6_')))[0];
  const lo = n(mm.originalMin.values[0]), hi = n(mm.originalMax.values[0]);
  const lr = (await readRows(stage('8_')))[0];
  const w = Array.from(lr.coefficientMatrix.values, n) as number[], b = n(lr.interceptVector.values[0]);
  const feats = arraysOf(out.columns.get('features')), prob = arraysOf(out.columns.get('probability'));
  const pred = numbersOf(out.columns.get('prediction'));
  rows.forEach((r, i) => {
    const idx = (k: number, v: string) => (labels[k].includes(v) ? labels[k].indexOf(v) : labels[k].length);
    const cat = [Number(r.DAY_OF_MONTH), Number(r.DAY_OF_WEEK), idx(0, r.OP_CARRIER), idx(1, r.ORIGIN), idx(2, r.DEST)];
    cat[1] = n(indexer['1'][String(cat[1])]);
    cat[2] = n(indexer['2'][String(cat[2])] ?? Object.keys(indexer['2']).length);
    const x = [...cat, (Number(r.DEP_DELAY) - lo) / (hi - lo)];
    x.forEach((v, j) => expect(feats[i]![j]).toBeCloseTo(v, 12));
    const p = sigmoid(dotProduct(x, w) + b);
    expect(Math.abs(prob[i]![1] - p)).toBeLessThan(1e-9);
    expect(pred[i]).toBe(p > 0.4 ? 1 : 0);
  });
  expect(numbersOf(out.columns.get('IDX_ORIGIN'))[10]).toBe(labels[1].length);
  // An unseen carrier is kept by its StringIndexer as index 17, which the VectorIndexer (error) refuses, as in Spark.
  expect(() => model.transform({ ...input, OP_CARRIER: strings(rows.map(() => 'ZZ')) }))
    .toThrow(/VectorIndexer encountered invalid value 17 on feature index 2/);
  // The delayed departures are the predicted late arrivals.
  // A late departure raises the chance of a late arrival (coefficient 52.9 on the scaled delay).
  expect(prob[1]![1]).toBeGreaterThan(prob[2]![1]);
});
