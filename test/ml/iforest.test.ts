// The spark-iforest IForestModel has no fixture: the test writes a two-tree model in the package's
// layout (treeID, nodeData{id, featureIndex, featureValue, leftChild, rightChild, numInstance}) and
// checks scores computed by hand from the paper's formula, 2^(-E[h(x)] / c(ψ)).

import * as arrow from 'apache-arrow';
import { expect, test } from 'vitest';
import { loadModel } from '../../src/ml/index.js';
import { numbersOf, vectors } from './fixtures.js';
import { structOf, tempDir, writeData, writeMetadata } from './model_dir.js';

const NODE = structOf([
  ['id', new arrow.Int32()], ['featureIndex', new arrow.Int32()], ['featureValue', new arrow.Float64()],
  ['leftChild', new arrow.Int32()], ['rightChild', new arrow.Int32()], ['numInstance', new arrow.Int64()],
]);
const internal = (id: number, f: number, v: number, l: number, r: number) => ({ id, featureIndex: f, featureValue: v, leftChild: l, rightChild: r, numInstance: 0n });
const leafNode = (id: number, size: number) => ({ id, featureIndex: -1, featureValue: -1, leftChild: -1, rightChild: -1, numInstance: BigInt(size) });

// c(n) = 2 H(n-1) - 2 (n-1)/n with H(i) ≈ ln(i) + 0.5772156649; c(2) = 1; c(1) = 0.
const c = (size: number) => (size > 2 ? 2 * (Math.log(size - 1) + 0.5772156649) - (2 * (size - 1)) / size : size === 2 ? 1 : 0);

async function writeForest(params: Record<string, unknown>) {
  const dir = tempDir();
  writeMetadata(dir, {
    class: 'org.apache.spark.ml.iforest.IForestModel', sparkVersion: '2.4.0', uid: 'IForest_test',
    paramMap: { numTrees: 2, maxDepth: 3, featuresCol: 'features', anomalyScoreCol: 'anomalyScore', predictionCol: 'prediction', ...params },
  });
  // Tree 0: x0 < 5 → (x1 < 2 → leaf(1) | leaf(3)) | leaf(6); nodes stored out of order on purpose.
  // Tree 1: x1 < 0 → leaf(1) | leaf(9).
  const nodes = [
    [0, leafNode(2, 1)], [0, internal(0, 0, 5, 1, 4)], [0, internal(1, 1, 2, 2, 3)], [0, leafNode(3, 3)], [0, leafNode(4, 6)],
    [1, internal(0, 1, 0, 1, 2)], [1, leafNode(1, 1)], [1, leafNode(2, 9)],
  ] as const;
  writeData(dir, { treeID: { type: new arrow.Int32(), values: nodes.map(([t]) => t) }, nodeData: { type: NODE, values: nodes.map(([, nd]) => nd) } });
  return dir;
}

test('IForestModel: path lengths, the c(ψ) normalizer and the contamination threshold, by hand', async () => {
  const model = await loadModel(await writeForest({ maxSamples: 10.0, contamination: 0.25 }));
  expect(model.className).toBe('org.apache.spark.ml.iforest.IForestModel');
  expect(model.outputs.map((o) => o.name)).toEqual(['anomalyScore', 'prediction']);
  const xs = [[1, 1], [1, 3], [7, -1], [4.999, 5], [5, 2]];
  const out = model.transform({ features: vectors(xs) });
  const scores = numbersOf(out.columns.get('anomalyScore'));
  // Path lengths: depth of the leaf plus c(leaf size), averaged over the two trees.
  const h = [
    [2 + c(1), 1 + c(9)], // x0 < 5, x1 < 2; x1 ≥ 0
    [2 + c(3), 1 + c(9)],
    [1 + c(6), 1 + c(1)], // x0 ≥ 5; x1 < 0
    [2 + c(3), 1 + c(9)], // 4.999 < 5 goes left; x1 = 5 is not < 2
    [1 + c(6), 1 + c(9)], // 5 is not < 5: right
  ];
  const expected = h.map(([a, b]) => 2 ** (-((a + b) / 2) / c(10)));
  expected.forEach((s, i) => expect(scores[i]).toBeCloseTo(s, 12));
  // Threshold = the exact 0.75 quantile of the batch's scores (rank ceil(0.75·5) = 4); anomalies lie above it.
  const sorted = [...expected].sort((a, b) => a - b);
  const threshold = sorted[3];
  expect(numbersOf(out.columns.get('prediction'))).toEqual(expected.map((s) => (s > threshold ? 1 : 0)));
  expect(numbersOf(out.columns.get('prediction')).filter((p) => p === 1).length).toBe(1);
});

test('IForestModel: maxSamples ≤ 1 scales ψ by the rows scored, as the package does', async () => {
  const model = await loadModel(await writeForest({ maxSamples: 0.5, contamination: 0.1 }));
  const xs = Array.from({ length: 8 }, (_, i) => [i, i - 3]);
  const scores = numbersOf(model.transform({ features: vectors(xs) }).columns.get('anomalyScore'));
  // ψ = 0.5 × 8 rows = 4. Row 0: [0, -3] → tree 0 left-left (depth 2, size 1), tree 1 left (depth 1, size 1).
  expect(scores[0]).toBeCloseTo(2 ** (-((2 + 1) / 2) / c(4)), 12);
});
