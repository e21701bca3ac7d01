// Decision trees and their ensembles: DecisionTree, RandomForest and GBT, classification and
// regression. Nodes are saved one row each (ensembles add treeID, and treesMetadata holds GBT
// weights); each tree is compiled into typed arrays indexed by node id and walked per row.

import path from 'node:path';
import { Row, num, readParquetDir } from '../data.js';
import { MlVector, densifyInto, toDense } from '../linalg.js';
import { Metadata } from '../metadata.js';
import { StageLoader } from '../stage.js';
import { scoringError } from '../frame.js';
import { classifierStage, normalize, regressorStage } from './predictor.js';

export interface CompiledTree {
  /** Split feature per node; -1 marks a leaf. */
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  /** Categories that go left, for categorical splits. */
  readonly leftCategories: readonly (ReadonlySet<number> | null)[];
  /**
   * The split's kind, for the hot loop: 0 continuous; -1 categorical, see leftCategories; else
   * categorical with the left categories (all below 30) as bits under a marker bit 30.
   */
  readonly categoryMask: Int32Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly prediction: Float64Array;
  /** Class counts (classification leaves) or variance stats. */
  readonly stats: readonly Float64Array[];
}

interface NodeRow {
  id: number; prediction: number; impurityStats: unknown; leftChild: number; rightChild: number;
  split: { featureIndex: number; leftCategoriesOrThreshold: unknown; numCategories: number };
}

/** Nodes by id: Spark does not promise each tree's rows sit together or in order. */
export function compileTree(nodes: readonly NodeRow[], where: string): CompiledTree {
  const n = nodes.length;
  const feature = new Int32Array(n).fill(-1), left = new Int32Array(n).fill(-1), right = new Int32Array(n).fill(-1);
  const threshold = new Float64Array(n), prediction = new Float64Array(n);
  const leftCategories = new Array<ReadonlySet<number> | null>(n).fill(null);
  const categoryMask = new Int32Array(n);
  const stats = new Array<Float64Array>(n);
  const seen = new Uint8Array(n);
  for (const node of nodes) {
    const id = num(node.id);
    if (!(id >= 0 && id < n) || seen[id]) throw scoringError(`Spark ML tree in ${where}: node ids are not 0..${n - 1}`);
    seen[id] = 1;
    prediction[id] = num(node.prediction);
    stats[id] = Float64Array.from((node.impurityStats ?? []) as ArrayLike<number | bigint>, num);
    const l = num(node.leftChild);
    if (l === -1) continue;
    left[id] = l;
    right[id] = num(node.rightChild);
    const split = node.split;
    feature[id] = num(split.featureIndex);
    const values = Array.from((split.leftCategoriesOrThreshold ?? []) as ArrayLike<number | bigint>, num);
    if (num(split.numCategories) === -1) threshold[id] = values[0];
    else {
      leftCategories[id] = new Set(values);
      const small = values.every((c) => Number.isInteger(c) && c >= 0 && c < 30);
      categoryMask[id] = small ? values.reduce((mask, c) => mask | (1 << c), 1 << 30) : -1;
    }
  }
  return { feature, threshold, leftCategories, categoryMask, left, right, prediction, stats };
}

/** The leaf a (dense) feature row reaches: continuous splits go left when x <= threshold. */
export function leafOf(t: CompiledTree, x: Float64Array): number {
  const { feature, threshold, categoryMask, left, right } = t;
  let node = 0;
  for (;;) {
    const f = feature[node];
    if (f < 0) return node;
    const v = x[f];
    const mask = categoryMask[node];
    let goLeft: boolean;
    if (mask === 0) goLeft = v <= threshold[node];
    else if (mask > 0) goLeft = v >= 0 && v < 30 && Number.isInteger(v) && ((mask >>> v) & 1) === 1;
    else goLeft = t.leftCategories[node]!.has(v);
    node = goLeft ? left[node] : right[node];
  }
}

interface Forest {
  readonly trees: CompiledTree[];
  readonly weights: number[];
}

async function loadSingle(m: Metadata): Promise<Forest> {
  const rows = await readParquetDir(path.join(m.dir, 'data'));
  return { trees: [compileTree(rows as unknown as NodeRow[], m.dir)], weights: [1] };
}

async function loadEnsemble(m: Metadata): Promise<Forest> {
  const rows = await readParquetDir(path.join(m.dir, 'data'));
  const byTree = new Map<number, NodeRow[]>();
  for (const r of rows) {
    const id = num(r.treeID);
    let list = byTree.get(id);
    if (!list) byTree.set(id, (list = []));
    list.push(r.nodeData as NodeRow);
  }
  const meta = await readParquetDir(path.join(m.dir, 'treesMetadata'));
  const weightOf = new Map(meta.map((r: Row) => [num(r.treeID), num(r.weights)]));
  const ids = [...byTree.keys()].sort((a, b) => a - b);
  return { trees: ids.map((id) => compileTree(byTree.get(id)!, `${m.dir} tree ${id}`)), weights: ids.map((id) => weightOf.get(id) ?? 1) };
}

const numFeaturesOf = (m: Metadata): number | null => (typeof m.raw.numFeatures === 'number' ? m.raw.numFeatures : null);

/** A row as dense features, in one scratch array reused from row to row. */
function densifier(numFeatures: number | null): (x: MlVector) => Float64Array {
  let scratch = new Float64Array(numFeatures ?? 0);
  return (x) => {
    if (x instanceof Float64Array) return x;
    if (scratch.length !== x.size) scratch = new Float64Array(x.size);
    densifyInto(x, scratch);
    return scratch;
  };
}

/** Walks every tree for one row. */
function walker(forest: Forest, numFeatures: number | null) {
  const dense = densifier(numFeatures);
  return (x: MlVector, visit: (tree: CompiledTree, leaf: number, k: number) => void) => {
    const row = dense(x);
    for (let k = 0; k < forest.trees.length; k++) visit(forest.trees[k], leafOf(forest.trees[k], row), k);
  };
}

function treeClassifier(ensemble: boolean, kind: 'tree' | 'forest'): StageLoader {
  return async (m) => {
    const forest = ensemble ? await loadEnsemble(m) : await loadSingle(m);
    const numClasses = num(m.raw.numClasses as number);
    const dense = densifier(numFeaturesOf(m));
    // A forest votes with each tree's class distribution (soft voting): each leaf's, computed once.
    const leafVotes = forest.trees.map((tree) => tree.stats.map((counts) => {
      if (kind === 'tree') return counts.subarray(0, numClasses);
      let total = 0;
      for (const c of counts) total += c;
      return Float64Array.from({ length: numClasses }, (_, c) => (total === 0 ? 0 : counts[c] / total));
    }));
    const { trees } = forest;
    return classifierStage(m, {
      numFeatures: numFeaturesOf(m),
      raw: (x) => {
        const row = dense(x);
        const votes = new Float64Array(numClasses);
        for (let k = 0; k < trees.length; k++) {
          const v = leafVotes[k][leafOf(trees[k], row)];
          for (let c = 0; c < numClasses; c++) votes[c] += v[c];
        }
        return votes;
      },
      // Tree by tree over all rows, so that one tree's nodes stay in cache; each row still adds
      // its trees' votes in tree order, so the sums are the same as raw()'s.
      rawBatch: (xs) => {
        const rows = xs.map((x) => (x === null ? null : toDense(x)));
        const votes = new Float64Array(rows.length * numClasses);
        for (let k = 0; k < trees.length; k++) {
          const tree = trees[k], treeVotes = leafVotes[k];
          for (let i = 0; i < rows.length; i++) {
            const row = rows[i];
            if (row === null) continue;
            const v = treeVotes[leafOf(tree, row)];
            for (let c = 0; c < numClasses; c++) votes[i * numClasses + c] += v[c];
          }
        }
        return rows.map((row, i) => (row === null ? null : votes.subarray(i * numClasses, (i + 1) * numClasses)));
      },
      probability: normalize,
    });
  };
}

const gbtClassifier: StageLoader = async (m) => {
  const forest = await loadEnsemble(m);
  const walk = walker(forest, numFeaturesOf(m));
  return classifierStage(m, {
    numFeatures: numFeaturesOf(m),
    raw: (x) => {
      let margin = 0;
      walk(x, (tree, leaf, k) => { margin += forest.weights[k] * tree.prediction[leaf]; });
      return Float64Array.of(-margin, margin);
    },
    // Logistic loss: P(1) = 1 / (1 + exp(-2 · margin)).
    probability: (raw) => {
      const p0 = 1 / (1 + Math.exp(-2 * raw[0]));
      return Float64Array.of(p0, 1 - p0);
    },
  });
};

function treeRegressor(ensemble: boolean, combine: 'single' | 'mean' | 'weighted'): StageLoader {
  return async (m) => {
    const forest = ensemble ? await loadEnsemble(m) : await loadSingle(m);
    const walk = walker(forest, numFeaturesOf(m));
    const count = forest.trees.length;
    return regressorStage(m, numFeaturesOf(m), (x) => {
      let sum = 0;
      walk(x, (tree, leaf, k) => { sum += (combine === 'weighted' ? forest.weights[k] : 1) * tree.prediction[leaf]; });
      return combine === 'mean' ? sum / count : sum;
    });
  };
}

export const loaders: Record<string, StageLoader> = {
  'org.apache.spark.ml.classification.DecisionTreeClassificationModel': treeClassifier(false, 'tree'),
  'org.apache.spark.ml.classification.RandomForestClassificationModel': treeClassifier(true, 'forest'),
  'org.apache.spark.ml.classification.GBTClassificationModel': gbtClassifier,
  'org.apache.spark.ml.regression.DecisionTreeRegressionModel': treeRegressor(false, 'single'),
  'org.apache.spark.ml.regression.RandomForestRegressionModel': treeRegressor(true, 'mean'),
  'org.apache.spark.ml.regression.GBTRegressionModel': treeRegressor(true, 'weighted'),
};
