// The isolation forest of the spark-iforest package (org.apache.spark.ml.iforest.IForestModel).
// Saved like Spark's ensembles: rows of (treeID, nodeData{id, featureIndex, featureValue, leftChild,
// rightChild, numInstance}). The anomaly score is 2^(-E[h(x)] / c(ψ)); a point goes left when
// x[f] < featureValue. As in the package's transform, ψ is maxSamples when > 1, else maxSamples times
// the rows scored, and the prediction threshold (not saved) is the exact (1 − contamination) quantile
// of the batch's scores: both depend on the batch, as they do in Spark.

import path from 'node:path';
import { num, readParquetDir } from '../data.js';
import { Frame, doubleColumn, scoringError } from '../frame.js';
import { toDense } from '../linalg.js';
import { param } from '../metadata.js';
import { DoubleType, StageLoader, spec, vectorSpec } from '../stage.js';

const EULER = 0.5772156649;

/** c(n): the average path length of an unsuccessful search in a binary search tree of n points. */
export function averagePathLength(n: number): number {
  if (n > 2) return 2 * (Math.log(n - 1) + EULER) - (2 * (n - 1)) / n;
  return n === 2 ? 1 : 0;
}

interface IsolationTree {
  feature: Int32Array; value: Float64Array; left: Int32Array; right: Int32Array; size: Float64Array;
}

interface NodeData { id: number; featureIndex: number; featureValue: number; leftChild: number; rightChild: number; numInstance: number | bigint }

function compile(nodes: NodeData[], where: string): IsolationTree {
  const n = nodes.length;
  const t: IsolationTree = {
    feature: new Int32Array(n).fill(-1), value: new Float64Array(n), left: new Int32Array(n).fill(-1),
    right: new Int32Array(n).fill(-1), size: new Float64Array(n),
  };
  for (const node of nodes) {
    const id = num(node.id);
    if (!(id >= 0 && id < n)) throw scoringError(`IForestModel in ${where}: node ids are not 0..${n - 1}`);
    if (num(node.leftChild) !== -1) {
      t.feature[id] = num(node.featureIndex);
      t.value[id] = num(node.featureValue);
      t.left[id] = num(node.leftChild);
      t.right[id] = num(node.rightChild);
    } else {
      t.size[id] = num(node.numInstance);
    }
  }
  return t;
}

function pathLength(t: IsolationTree, x: Float64Array): number {
  let node = 0, depth = 0;
  while (t.feature[node] >= 0) {
    node = x[t.feature[node]] < t.value[node] ? t.left[node] : t.right[node];
    depth++;
  }
  return depth + averagePathLength(t.size[node]);
}

const iforest: StageLoader = async (m) => {
  const rows = await readParquetDir(path.join(m.dir, 'data'));
  const byTree = new Map<number, NodeData[]>();
  for (const r of rows) {
    const id = num(r.treeID);
    if (!byTree.has(id)) byTree.set(id, []);
    byTree.get(id)!.push(r.nodeData as NodeData);
  }
  const trees = [...byTree.keys()].sort((a, b) => a - b).map((id) => compile(byTree.get(id)!, m.dir));
  const features = param(m, 'featuresCol', 'features');
  const scoreCol = param(m, 'anomalyScoreCol', 'anomalyScore');
  const predCol = param(m, 'predictionCol', 'prediction');
  const maxSamples = param(m, 'maxSamples', 1.0);
  const contamination = param(m, 'contamination', 0.1);
  return {
    className: m.className,
    uid: m.uid,
    inputs: [vectorSpec(features)],
    outputs: [spec(scoreCol, DoubleType), spec(predCol, DoubleType)],
    predictionColumn: predCol,
    transform(frame: Frame) {
      const xs = frame.vectors(features);
      const n = xs.length;
      const norm = averagePathLength(maxSamples > 1 ? maxSamples : maxSamples * n);
      const scores = new Float64Array(n);
      let valid: Uint8Array | null = null;
      for (let i = 0; i < n; i++) {
        const x = xs[i];
        if (x === null) { (valid ??= new Uint8Array(n).fill(1))[i] = 0; continue; }
        const d = toDense(x);
        let total = 0;
        for (const t of trees) total += pathLength(t, d);
        scores[i] = 2 ** (-(total / trees.length) / norm);
      }
      const present = valid ? scores.filter((_, i) => valid![i]) : Float64Array.from(scores);
      present.sort();
      const rank = Math.max(1, Math.ceil((1 - contamination) * present.length));
      const threshold = present.length > 0 ? present[rank - 1] : Infinity;
      const prediction = scores.map((s) => (s > threshold ? 1 : 0));
      frame.set(scoreCol, doubleColumn(scores, valid));
      frame.set(predCol, doubleColumn(prediction, valid));
    },
  };
};

export const loaders: Record<string, StageLoader> = {
  'org.apache.spark.ml.iforest.IForestModel': iforest,
};
