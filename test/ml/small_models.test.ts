// Model classes no fixture covers (or covers only one way), on directories written in a temp folder:
// GBT and DecisionTree regression (Spark 2.x node layout, no rawCount), NaiveBayes variants, KMeans
// with cosine distance, multinomial LR with thresholds, StandardScaler without centering,
// VectorIndexer keep/skip, GaussianMixture (also with a singular covariance). Expected values are
// worked out by hand in the comments.

import * as arrow from 'apache-arrow';
import { describe, expect, test } from 'vitest';
import { loadModel } from '../../src/ml/index.js';
import { arraysOf, doubles, numbersOf, vectors } from './fixtures.js';
import { VECTOR, dense, listOf, structOf, tempDir, writeData, writeMetadata } from './model_dir.js';

const F64 = new arrow.Float64(), I32 = new arrow.Int32();
const mapOf = (key: arrow.DataType, value: arrow.DataType) =>
  new arrow.Map_(new arrow.Field('entries', new arrow.Struct([new arrow.Field('key', key, false), new arrow.Field('value', value, true)]), false));
const SPLIT = structOf([['featureIndex', I32], ['leftCategoriesOrThreshold', listOf(F64)], ['numCategories', I32]]);
const NODE_FIELDS: [string, arrow.DataType][] = [
  ['id', I32], ['prediction', F64], ['impurity', F64], ['impurityStats', listOf(F64)], ['gain', F64],
  ['leftChild', I32], ['rightChild', I32], ['split', SPLIT],
];
const MATRIX = structOf([['type', new arrow.Int8()], ['numRows', I32], ['numCols', I32], ['colPtrs', listOf(I32)],
  ['rowIndices', listOf(I32)], ['values', listOf(F64)], ['isTransposed', new arrow.Bool()]]);
const denseMatrix = (numRows: number, numCols: number, rowMajor: number[]) =>
  ({ type: 1, numRows, numCols, colPtrs: null, rowIndices: null, values: rowMajor, isTransposed: true });

type Node = { id: number; prediction: number; left?: number; right?: number; feature?: number; threshold?: number; categories?: number[]; stats?: number[] };
const nodeRow = (x: Node) => ({
  id: x.id, prediction: x.prediction, impurity: 0, impurityStats: x.stats ?? [0, 0, 0], gain: 0,
  leftChild: x.left ?? -1, rightChild: x.right ?? -1,
  split: { featureIndex: x.feature ?? -1, leftCategoriesOrThreshold: x.categories ?? (x.threshold === undefined ? [] : [x.threshold]), numCategories: x.categories ? 3 : -1 },
});

// Tree A: x0 <= 1.5 ? 10 : (x1 ∈ {0, 2} ? 20 : 30). Tree B: x1 <= 0.5 ? -1 : 1.
const TREE_A: Node[] = [
  { id: 0, prediction: 0, left: 1, right: 2, feature: 0, threshold: 1.5 },
  { id: 1, prediction: 10 }, { id: 2, prediction: 0, left: 3, right: 4, feature: 1, categories: [0, 2] },
  { id: 3, prediction: 20 }, { id: 4, prediction: 30 },
];
const TREE_B: Node[] = [{ id: 0, prediction: 0, left: 1, right: 2, feature: 1, threshold: 0.5 }, { id: 1, prediction: -1 }, { id: 2, prediction: 1 }];

describe('tree regression', () => {
  test('DecisionTreeRegressionModel (2.x flat layout, nodes out of order, categorical split)', async () => {
    const dir = tempDir();
    writeMetadata(dir, { class: 'org.apache.spark.ml.regression.DecisionTreeRegressionModel', sparkVersion: '2.3.0', uid: 'dtr', paramMap: { featuresCol: 'f', predictionCol: 'p' }, numFeatures: 2 });
    const rows = [...TREE_A].reverse().map(nodeRow);
    writeData(dir, Object.fromEntries(NODE_FIELDS.map(([name, type]) => [name, { type, values: rows.map((r) => (r as Record<string, unknown>)[name]) }])));
    const model = await loadModel(dir);
    const out = model.transform({ f: vectors([[1.5, 9], [2, 0], [2, 2], [2, 1], [7, 5]]) });
    expect(numbersOf(out.columns.get('p'))).toEqual([10, 20, 20, 30, 30]);
  });

  test('GBTRegressionModel: Σ weight × tree', async () => {
    const dir = tempDir();
    writeMetadata(dir, { class: 'org.apache.spark.ml.regression.GBTRegressionModel', uid: 'gbtr', paramMap: {}, defaultParamMap: { featuresCol: 'features', predictionCol: 'prediction' }, numFeatures: 2, numTrees: 2 });
    const rows = [...TREE_A.map((x) => ({ treeID: 0, nodeData: nodeRow(x) })), ...TREE_B.map((x) => ({ treeID: 1, nodeData: nodeRow(x) }))];
    writeData(dir, { treeID: { type: I32, values: rows.map((r) => r.treeID) }, nodeData: { type: structOf(NODE_FIELDS), values: rows.map((r) => r.nodeData) } });
    writeData(dir, { treeID: { type: I32, values: [0, 1] }, metadata: { type: new arrow.Utf8(), values: ['{}', '{}'] }, weights: { type: F64, values: [1, 0.1] } }, 'treesMetadata');
    const model = await loadModel(dir);
    // [0, 0]: 10 + 0.1·(-1) = 9.9; [5, 2]: 20 + 0.1·1 = 20.1; [5, 1]: 30 + 0.1 = 30.1.
    const p = numbersOf(model.transform({ features: vectors([[0, 0], [5, 2], [5, 1]]) }).columns.get('prediction'));
    [9.9, 20.1, 30.1].forEach((v, i) => expect(p[i]).toBeCloseTo(v, 12));
  });
});

describe('NaiveBayesModel variants', () => {
  // pi = log priors, theta = per-class log probabilities (2 classes × 2 features).
  const pi = [Math.log(0.6), Math.log(0.4)];
  const theta = [Math.log(0.7), Math.log(0.3), Math.log(0.2), Math.log(0.8)];
  async function nb(modelType: string, sigma?: number[]) {
    const dir = tempDir();
    writeMetadata(dir, { class: 'org.apache.spark.ml.classification.NaiveBayesModel', uid: 'nb', paramMap: { modelType } });
    writeData(dir, {
      pi: { type: VECTOR, values: [dense(pi)] },
      theta: { type: MATRIX, values: [denseMatrix(2, 2, theta)] },
      sigma: { type: MATRIX, values: [sigma ? denseMatrix(2, 2, sigma) : denseMatrix(0, 0, [])] },
    });
    return loadModel(dir);
  }
  const softmax1 = (a: number, b: number) => Math.exp(b) / (Math.exp(a) + Math.exp(b));

  test('multinomial: pi + theta · x', async () => {
    const out = (await nb('multinomial')).transform({ features: vectors([[2, 1]]) });
    const raw = [pi[0] + 2 * theta[0] + theta[1], pi[1] + 2 * theta[2] + theta[3]];
    expect(arraysOf(out.columns.get('rawPrediction'))[0]![0]).toBeCloseTo(raw[0], 12);
    expect(arraysOf(out.columns.get('probability'))[0]![1]).toBeCloseTo(softmax1(raw[0], raw[1]), 12);
    expect(numbersOf(out.columns.get('prediction'))[0]).toBe(raw[1] > raw[0] ? 1 : 0);
  });

  test('bernoulli: present features add log p, absent ones log(1 − p)', async () => {
    const out = (await nb('bernoulli')).transform({ features: vectors([[1, 0]]) });
    const raw = [pi[0] + theta[0] + Math.log(1 - 0.3), pi[1] + theta[2] + Math.log(1 - 0.8)];
    const got = arraysOf(out.columns.get('rawPrediction'))[0]!;
    expect(got[0]).toBeCloseTo(raw[0], 12);
    expect(got[1]).toBeCloseTo(raw[1], 12);
    const model = await nb('bernoulli');
    expect(() => model.transform({ features: vectors([[2, 0]]) })).toThrow(/0 or 1/);
  });

  test('gaussian: pi − ½ Σ ((x − μ)² / σ² + log σ²)', async () => {
    const mu = [0, 1, 2, 3], s2 = [1, 2, 0.5, 4];
    const dir = tempDir();
    writeMetadata(dir, { class: 'org.apache.spark.ml.classification.NaiveBayesModel', uid: 'nb', paramMap: { modelType: 'gaussian' } });
    writeData(dir, { pi: { type: VECTOR, values: [dense(pi)] }, theta: { type: MATRIX, values: [denseMatrix(2, 2, mu)] }, sigma: { type: MATRIX, values: [denseMatrix(2, 2, s2)] } });
    const out = (await loadModel(dir)).transform({ features: vectors([[1, 2]]) });
    const x = [1, 2];
    const raw = [0, 1].map((c) => pi[c] - 0.5 * x.reduce((s, v, j) => s + (v - mu[c * 2 + j]) ** 2 / s2[c * 2 + j] + Math.log(s2[c * 2 + j]), 0));
    const got = arraysOf(out.columns.get('rawPrediction'))[0]!;
    expect(got[0]).toBeCloseTo(raw[0], 12);
    expect(got[1]).toBeCloseTo(raw[1], 12);
  });

  test('complement: theta · x normalized by log-sum-exp', async () => {
    const out = (await nb('complement')).transform({ features: vectors([[1, 3]]) });
    const m = [theta[0] + 3 * theta[1], theta[2] + 3 * theta[3]];
    const lse = Math.log(Math.exp(m[0]) + Math.exp(m[1]));
    const got = arraysOf(out.columns.get('rawPrediction'))[0]!;
    expect(got[0]).toBeCloseTo(m[0] - lse, 12);
    expect(got[1]).toBeCloseTo(m[1] - lse, 12);
  });
});

test('KMeansModel with cosine distance', async () => {
  const dir = tempDir();
  writeMetadata(dir, { class: 'org.apache.spark.ml.clustering.KMeansModel', uid: 'km', paramMap: { distanceMeasure: 'cosine', k: 2 } });
  writeData(dir, { clusterIdx: { type: I32, values: [1, 0] }, clusterCenter: { type: VECTOR, values: [dense([0, 1]), dense([10, 0])] } });
  // Centers: 0 = [10, 0], 1 = [0, 1] (rows stored out of order). [1, 0.9] is nearer [0, 1] by Euclid
  // (1.01 vs 81.81) but nearer [10, 0] by angle (cosine 0.743 vs 0.669) → 0. [0.1, 5] → 1; [3, -1] → 0.
  const p = numbersOf((await loadModel(dir)).transform({ features: vectors([[1, 0.9], [0.1, 5], [3, -1]]) }).columns.get('prediction'));
  expect(p).toEqual([0, 1, 0]);
});

test('LogisticRegressionModel multinomial (3 classes) with thresholds', async () => {
  const dir = tempDir();
  writeMetadata(dir, { class: 'org.apache.spark.ml.classification.LogisticRegressionModel', uid: 'lr', paramMap: { thresholds: [1, 1, 0.1] } });
  writeData(dir, {
    numClasses: { type: I32, values: [3] }, numFeatures: { type: I32, values: [2] },
    interceptVector: { type: VECTOR, values: [dense([0.5, 0, -0.5])] },
    coefficientMatrix: { type: MATRIX, values: [denseMatrix(3, 2, [1, 0, 0, 1, -1, -1])] },
    isMultinomial: { type: new arrow.Bool(), values: [true] },
  });
  const out = (await loadModel(dir)).transform({ features: vectors([[2, 1]]) });
  const margins = [2.5, 1, -3.5];
  const e = margins.map(Math.exp), z = e[0] + e[1] + e[2];
  const prob = arraysOf(out.columns.get('probability'))[0]!;
  e.forEach((v, k) => expect(prob[k]).toBeCloseTo(v / z, 12));
  // Prediction = argmax of p_k / t_k. At [2, 1]: p ≈ [0.81, 0.18, 0.0069] → p2 / 0.1 ≈ 0.069 → class 0.
  expect(numbersOf(out.columns.get('prediction'))).toEqual([0]);
  // At [-1, -1]: margins [-0.5, -1, 1.5] → p ≈ [0.11, 0.066, 0.82] → class 2 (class 2 without thresholds too);
  // at [0.5, 0.2]: margins [1, 0.2, -1.2] → p ≈ [0.63, 0.28, 0.07] → p2 / 0.1 ≈ 0.7 beats 0.63 → class 2.
  const model = await loadModel(dir);
  expect(numbersOf(model.transform({ features: vectors([[-1, -1], [0.5, 0.2]]) }).columns.get('prediction'))).toEqual([2, 2]);
});

test('StandardScalerModel without centering keeps sparse vectors sparse; VectorIndexerModel keep and skip', async () => {
  const dir = tempDir();
  writeMetadata(dir, { class: 'org.apache.spark.ml.feature.StandardScalerModel', uid: 'ss', paramMap: { inputCol: 'v', outputCol: 's' }, defaultParamMap: { withMean: false, withStd: true } });
  writeData(dir, { std: { type: VECTOR, values: [dense([2, 0, 4])] }, mean: { type: VECTOR, values: [dense([1, 1, 1])] } });
  expect(arraysOf((await loadModel(dir)).transform({ v: vectors([[1, 5, -2]]) }).columns.get('s'))).toEqual([[0.5, 0, -0.5]]);

  const make = async (handleInvalid: string) => {
    const d = tempDir();
    writeMetadata(d, { class: 'org.apache.spark.ml.feature.VectorIndexerModel', uid: 'vi', paramMap: { inputCol: 'v', outputCol: 'w', handleInvalid } });
    writeData(d, {
      numFeatures: { type: I32, values: [2] },
      // map<int, map<double, int>>: feature 1 has categories -1 → 0 and 5 → 1.
      categoryMaps: { type: mapOf(I32, mapOf(F64, I32)), values: [new Map([[1, new Map([[-1, 0], [5, 1]])]])] },
    });
    return loadModel(d);
  };
  const input = { v: vectors([[0.5, 5], [0.5, 7], [2, -1]]) };
  expect(arraysOf((await make('keep')).transform(input).columns.get('w'))).toEqual([[0.5, 1], [0.5, 2], [2, 0]]);
  const skipped = (await make('skip')).transform(input);
  expect(Array.from(skipped.sourceRows!)).toEqual([0, 2]);
  const strict = await make('error');
  expect(() => strict.transform(input)).toThrow(/invalid value 7 on feature index 1/);
});

test('MultilayerPerceptronClassificationModel (3.x: layers in params): sigmoid hidden layer, softmax on top', async () => {
  const dir = tempDir();
  writeMetadata(dir, { class: 'org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel', uid: 'mlp', paramMap: { layers: [2, 2, 2] } });
  // Layer 1: W1 (2×2, column-major) = [[1, 2], [3, 4]] → stored [1, 3, 2, 4]; b1 = [0.5, -0.5].
  // Layer 2: W2 = [[1, -1], [-2, 1]] → stored [1, -2, -1, 1]; b2 = [0, 0.1].
  writeData(dir, { weights: { type: VECTOR, values: [dense([1, 3, 2, 4, 0.5, -0.5, 1, -2, -1, 1, 0, 0.1])] } });
  const model = await loadModel(dir);
  const out = model.transform({ features: vectors([[1, -1]]) });
  const sig = (z: number) => 1 / (1 + Math.exp(-z));
  const h = [sig(1 * 1 + 2 * -1 + 0.5), sig(3 * 1 + 4 * -1 - 0.5)];
  const o = [h[0] - h[1], -2 * h[0] + h[1] + 0.1];
  const raw = arraysOf(out.columns.get('rawPrediction'))[0]!;
  expect(raw[0]).toBeCloseTo(o[0], 12);
  expect(raw[1]).toBeCloseTo(o[1], 12);
  const p1 = Math.exp(o[1]) / (Math.exp(o[0]) + Math.exp(o[1]));
  expect(arraysOf(out.columns.get('probability'))[0]![1]).toBeCloseTo(p1, 12);
  expect(numbersOf(out.columns.get('prediction'))).toEqual([p1 > 0.5 ? 1 : 0]);
});

test('GeneralizedLinearRegressionModel: inverse links (poisson → exp, binomial → logistic, tweedie → power)', async () => {
  const glm = async (params: Record<string, unknown>) => {
    const dir = tempDir();
    writeMetadata(dir, { class: 'org.apache.spark.ml.regression.GeneralizedLinearRegressionModel', uid: 'glm', paramMap: params });
    writeData(dir, { intercept: { type: F64, values: [0.5] }, coefficients: { type: VECTOR, values: [dense([2, -1])] } });
    return loadModel(dir);
  };
  const x = [[1, 3], [0.25, 0]];
  const eta = [0.5 + 2 - 3, 0.5 + 0.5]; // -0.5, 1
  const run = async (params: Record<string, unknown>) => numbersOf((await glm(params)).transform({ features: vectors(x) }).columns.get('prediction'));
  const gaussian = await run({});
  eta.forEach((e, i) => expect(gaussian[i]).toBeCloseTo(e, 12));
  const poisson = await run({ family: 'poisson' });
  eta.forEach((e, i) => expect(poisson[i]).toBeCloseTo(Math.exp(e), 12));
  const binomial = await run({ family: 'binomial' });
  eta.forEach((e, i) => expect(binomial[i]).toBeCloseTo(1 / (1 + Math.exp(-e)), 12));
  // Tweedie with variancePower 1.5: link power 1 − 1.5 = −0.5, mean = η^(1 / −0.5) = η^−2.
  const tweedie = await run({ family: 'tweedie', variancePower: 1.5 });
  expect(tweedie[1]).toBeCloseTo(1, 12);
  const probit = await run({ family: 'binomial', link: 'probit' });
  expect(probit[1]).toBeCloseTo(0.8413447460685429, 6); // Φ(1)
});

test('RobustScalerModel, VarianceThresholdSelectorModel, and a 2.3 VectorAssembler (NaN passes, NULL fails)', async () => {
  const dir = tempDir();
  writeMetadata(dir, { class: 'org.apache.spark.ml.feature.RobustScalerModel', uid: 'rs', paramMap: { inputCol: 'v', outputCol: 's', withCentering: true } });
  writeData(dir, { range: { type: VECTOR, values: [dense([2, 0])] }, median: { type: VECTOR, values: [dense([1, 5])] } });
  expect(arraysOf((await loadModel(dir)).transform({ v: vectors([[3, 7]]) }).columns.get('s'))).toEqual([[1, 0]]);

  const dir2 = tempDir();
  writeMetadata(dir2, { class: 'org.apache.spark.ml.feature.VarianceThresholdSelectorModel', uid: 'vts', paramMap: { featuresCol: 'v', outputCol: 'w' } });
  writeData(dir2, { selectedFeatures: { type: listOf(I32), values: [[2, 0]] } });
  expect(arraysOf((await loadModel(dir2)).transform({ v: vectors([[1, 2, 3]]) }).columns.get('w'))).toEqual([[1, 3]]);

  const dir3 = tempDir();
  writeMetadata(dir3, { class: 'org.apache.spark.ml.feature.VectorAssembler', sparkVersion: '2.3.0', uid: 'va', paramMap: { inputCols: ['a', 'b'], outputCol: 'f' } });
  const legacy = await loadModel(dir3);
  expect(arraysOf(legacy.transform({ a: doubles([NaN]), b: doubles([1]) }).columns.get('f'))).toEqual([[NaN, 1]]);
  expect(() => legacy.transform({ a: doubles([null]), b: doubles([1]) })).toThrow(/null/);
});

test('IsotonicRegressionModel: exact boundaries, linear interpolation between, clamped outside; vector featureIndex', async () => {
  const dir = tempDir();
  writeMetadata(dir, { class: 'org.apache.spark.ml.regression.IsotonicRegressionModel', uid: 'iso', paramMap: { featuresCol: 'x' } });
  writeData(dir, { boundaries: { type: listOf(F64), values: [[0, 1, 3]] }, predictions: { type: listOf(F64), values: [[10, 20, 40]] }, isotonic: { type: new arrow.Bool(), values: [true] } });
  const model = await loadModel(dir);
  expect(numbersOf(model.transform({ x: doubles([-5, 0, 0.5, 1, 2, 3, 9, null]) }).columns.get('prediction'))).toEqual([10, 10, 15, 20, 30, 40, 40, null]);
  const dir2 = tempDir();
  writeMetadata(dir2, { class: 'org.apache.spark.ml.regression.IsotonicRegressionModel', uid: 'iso', paramMap: { featuresCol: 'v', featureIndex: 1 } });
  writeData(dir2, { boundaries: { type: listOf(F64), values: [[0, 1, 3]] }, predictions: { type: listOf(F64), values: [[10, 20, 40]] }, isotonic: { type: new arrow.Bool(), values: [true] } });
  expect(numbersOf((await loadModel(dir2)).transform({ v: vectors([[100, 2]]) }).columns.get('prediction'))).toEqual([30]);
});

test('FMRegressionModel and FMClassificationModel: b + w·x + ½ Σ_f ((Σ v x)² − Σ (v x)²)', async () => {
  const write = (cls: string) => {
    const dir = tempDir();
    writeMetadata(dir, { class: cls, uid: 'fm', paramMap: {} });
    writeData(dir, {
      intercept: { type: F64, values: [0.5] },
      linear: { type: VECTOR, values: [dense([1, -1, 2])] },
      // factors 3 × 2, row-major: v0 = [1, 2], v1 = [0, 1], v2 = [-1, 1].
      factors: { type: MATRIX, values: [denseMatrix(3, 2, [1, 2, 0, 1, -1, 1])] },
    });
    return loadModel(dir);
  };
  // x = [1, 2, 0]: linear 0.5 + 1 − 2 = −0.5; pairwise ⟨v0, v1⟩ x0 x1 = 2 · 2 = 4 → y = 3.5.
  const y = numbersOf((await write('org.apache.spark.ml.regression.FMRegressionModel')).transform({ features: vectors([[1, 2, 0]]) }).columns.get('prediction'));
  expect(y[0]).toBeCloseTo(3.5, 12);
  // x = [1, 0, 1]: linear 0.5 + 1 + 2 = 3.5; ⟨v0, v2⟩ = −1 + 2 = 1 → margin 4.5.
  const out = (await write('org.apache.spark.ml.classification.FMClassificationModel')).transform({ features: vectors([[1, 0, 1]]) });
  expect(arraysOf(out.columns.get('rawPrediction'))[0]![1]).toBeCloseTo(4.5, 12);
  expect(arraysOf(out.columns.get('probability'))[0]![1]).toBeCloseTo(1 / (1 + Math.exp(-4.5)), 12);
  expect(numbersOf(out.columns.get('prediction'))).toEqual([1]);
});

describe('GaussianMixtureModel', () => {
  // Two components in 2-D: N((0,0), diag(1, 4)) with weight 0.3 and N((3,3), [[2,1],[1,2]]) with
  // weight 0.7. Densities by hand: det = 4 and 3, inverses diag(1, 1/4) and [[2,-1],[-1,2]]/3.
  const pdf = (x: number[], mean: number[], inv: number[][], det: number) => {
    const d = [x[0] - mean[0], x[1] - mean[1]];
    const q = d[0] * (inv[0][0] * d[0] + inv[0][1] * d[1]) + d[1] * (inv[1][0] * d[0] + inv[1][1] * d[1]);
    return Math.exp(-q / 2) / (2 * Math.PI * Math.sqrt(det));
  };
  const byHand = (x: number[]) => {
    const p = [0.3 * pdf(x, [0, 0], [[1, 0], [0, 0.25]], 4), 0.7 * pdf(x, [3, 3], [[2 / 3, -1 / 3], [-1 / 3, 2 / 3]], 3)]
      .map((v) => v + 2.220446049250313e-16);
    const sum = p[0] + p[1];
    return p.map((v) => v / sum);
  };

  test('probabilities from weighted densities and the argmax as prediction', async () => {
    const dir = tempDir();
    writeMetadata(dir, { class: 'org.apache.spark.ml.clustering.GaussianMixtureModel', uid: 'gmm', paramMap: { k: 2 }, defaultParamMap: { featuresCol: 'features', predictionCol: 'prediction', probabilityCol: 'probability' } });
    writeData(dir, {
      weights: { type: listOf(F64), values: [[0.3, 0.7]] },
      mus: { type: listOf(VECTOR), values: [[dense([0, 0]), dense([3, 3])]] },
      sigmas: { type: listOf(MATRIX), values: [[denseMatrix(2, 2, [1, 0, 0, 4]), denseMatrix(2, 2, [2, 1, 1, 2])]] },
    });
    const model = await loadModel(dir);
    expect(model.outputs.map((o) => o.name)).toEqual(['probability', 'prediction']);
    const xs = [[0, 0], [3, 3], [1.5, 1.5], [-2, 5], [10, -10]];
    const out = model.transform({ features: vectors(xs) });
    const probabilities = arraysOf(out.columns.get('probability'));
    xs.forEach((x, i) => {
      const expected = byHand(x);
      expected.forEach((p, c) => expect(probabilities[i]![c]).toBeCloseTo(p, 12));
    });
    expect(numbersOf(out.columns.get('prediction'))).toEqual(xs.map((x) => (byHand(x)[1] > byHand(x)[0] ? 1 : 0)));
  });

  test('a singular covariance uses its pseudo-inverse and pseudo-determinant, as Spark', async () => {
    // Σ = [[1,1],[1,1]]: eigenvalue 2 along (1,1)/√2, 0 along (1,-1)/√2. The density only sees
    // the (1,1) direction: log p = -½(log 2π + log 2) - ½ (u²/2), u = (x0 + x1)/√2.
    const dir = tempDir();
    writeMetadata(dir, { class: 'org.apache.spark.ml.clustering.GaussianMixtureModel', uid: 'gmm', paramMap: {}, defaultParamMap: {} });
    writeData(dir, {
      weights: { type: listOf(F64), values: [[0.5, 0.5]] },
      mus: { type: listOf(VECTOR), values: [[dense([0, 0]), dense([4, 4])]] },
      sigmas: { type: listOf(MATRIX), values: [[denseMatrix(2, 2, [1, 1, 1, 1]), denseMatrix(2, 2, [1, 1, 1, 1])]] },
    });
    const model = await loadModel(dir);
    const density = (x: number[], m: number) => {
      const u = (x[0] - m + x[1] - m) / Math.SQRT2;
      return Math.exp(-0.5 * (Math.log(2 * Math.PI) + Math.log(2)) - 0.5 * (u * u / 2));
    };
    const x = [1, 2];
    const p = [0.5 * density(x, 0) + 2.220446049250313e-16, 0.5 * density(x, 4) + 2.220446049250313e-16];
    const probability = arraysOf(model.transform({ features: vectors([x]) }).columns.get('probability'))[0]!;
    expect(probability[0]).toBeCloseTo(p[0] / (p[0] + p[1]), 12);
  });
});
