// Stages that rescale or project one vector column: StandardScalerModel, MinMaxScalerModel,
// MaxAbsScalerModel, RobustScalerModel, Normalizer, ElementwiseProduct, PCAModel.

import { decodeDenseVector, decodeMatrix, readDataRow } from '../data.js';
import { Frame, vectorColumn } from '../frame.js';
import { MlVector, isSparse, toDense, vectorSize } from '../linalg.js';
import { Metadata, param } from '../metadata.js';
import { StageLoader, vectorSpec } from '../stage.js';
import { scoringError } from '../frame.js';

/** A stage mapping inputCol → outputCol one vector at a time. */
function vectorMap(m: Metadata, f: (v: MlVector) => MlVector) {
  const input = param(m, 'inputCol', ''), output = param(m, 'outputCol', `${m.uid}__output`);
  return {
    className: m.className,
    uid: m.uid,
    inputs: [vectorSpec(input)],
    outputs: [vectorSpec(output)],
    transform(frame: Frame) {
      frame.set(output, vectorColumn(frame.vectors(input).map((v) => (v === null ? null : f(v)))));
    },
  };
}

function checkSize(v: MlVector, n: number, what: string): void {
  if (vectorSize(v) !== n) throw scoringError(`${what}: expected a vector of size ${n}, got ${vectorSize(v)}`);
}

/** Maps the stored values of a sparse vector (zeros stay zero), or every value of a dense one. */
function mapValues(v: MlVector, f: (x: number, i: number) => number): MlVector {
  if (!isSparse(v)) return Float64Array.from(v, f);
  return { size: v.size, indices: v.indices, values: Float64Array.from(v.values, (x, k) => f(x, v.indices[k])) };
}

const standardScaler: StageLoader = async (m) => {
  const row = await readDataRow(m.dir);
  const std = decodeDenseVector(row.std), mean = decodeDenseVector(row.mean);
  const withMean = param(m, 'withMean', false), withStd = param(m, 'withStd', true);
  const inverse = std.map((s) => (s === 0 ? 0 : 1 / s));
  return vectorMap(m, (v) => {
    checkSize(v, std.length, 'StandardScalerModel');
    if (withMean) {
      // Centering makes the vector dense.
      const d = Float64Array.from(toDense(v));
      for (let i = 0; i < d.length; i++) d[i] = withStd ? (d[i] - mean[i]) * inverse[i] : d[i] - mean[i];
      return d;
    }
    return withStd ? mapValues(v, (x, i) => x * inverse[i]) : v;
  });
};

const minMaxScaler: StageLoader = async (m) => {
  const row = await readDataRow(m.dir);
  const lo = decodeDenseVector(row.originalMin), hi = decodeDenseVector(row.originalMax);
  const min = param(m, 'min', 0), max = param(m, 'max', 1);
  const scale = max - min;
  return vectorMap(m, (v) => {
    checkSize(v, lo.length, 'MinMaxScalerModel');
    const d = Float64Array.from(toDense(v));
    for (let i = 0; i < d.length; i++) {
      if (Number.isNaN(d[i])) continue;
      const range = hi[i] - lo[i];
      // A constant feature lands in the middle of [min, max].
      d[i] = (range !== 0 ? (d[i] - lo[i]) / range : 0.5) * scale + min;
    }
    return d;
  });
};

const maxAbsScaler: StageLoader = async (m) => {
  const row = await readDataRow(m.dir);
  const maxAbs = decodeDenseVector(row.maxAbs).map((x) => (x === 0 ? 1 : x));
  return vectorMap(m, (v) => mapValues(v, (x, i) => x / maxAbs[i]));
};

const normalizer: StageLoader = async (m) => {
  const p = param(m, 'p', 2);
  return vectorMap(m, (v) => {
    const values = isSparse(v) ? v.values : v;
    let norm = 0;
    if (p === 1) for (const x of values) norm += Math.abs(x);
    else if (p === 2) { for (const x of values) norm += x * x; norm = Math.sqrt(norm); }
    else if (p === Infinity) for (const x of values) norm = Math.max(norm, Math.abs(x));
    else { for (const x of values) norm += Math.abs(x) ** p; norm = norm ** (1 / p); }
    return norm === 0 ? v : mapValues(v, (x) => x / norm);
  });
};

/** RobustScalerModel (3.0+): subtract the median, divide by the quantile range (0 for a constant feature). */
const robustScaler: StageLoader = async (m) => {
  const row = await readDataRow(m.dir);
  const range = decodeDenseVector(row.range), median = decodeDenseVector(row.median);
  const centering = param(m, 'withCentering', false), scaling = param(m, 'withScaling', true);
  const inverse = range.map((r) => (r === 0 ? 0 : 1 / r));
  return vectorMap(m, (v) => {
    checkSize(v, range.length, 'RobustScalerModel');
    if (centering) {
      const d = Float64Array.from(toDense(v));
      for (let i = 0; i < d.length; i++) d[i] = scaling ? (d[i] - median[i]) * inverse[i] : d[i] - median[i];
      return d;
    }
    return scaling ? mapValues(v, (x, i) => x * inverse[i]) : v;
  });
};

/** ElementwiseProduct: the Hadamard product with the `scalingVec` param. */
const elementwiseProduct: StageLoader = async (m) => {
  // Vector params are saved as JSON {type: 1, values} (dense) or {type: 0, size, indices, values}.
  const s = param<{ type: number; size?: number; indices?: number[]; values: number[] } | null>(m, 'scalingVec', null);
  if (s === null) throw scoringError(`ElementwiseProduct ${m.uid} has no scalingVec`);
  const scaling = s.type === 1 ? Float64Array.from(s.values) : toDense({ size: s.size!, indices: Int32Array.from(s.indices!), values: Float64Array.from(s.values) });
  return vectorMap(m, (v) => {
    checkSize(v, scaling.length, 'ElementwiseProduct');
    return mapValues(v, (x, i) => x * scaling[i]);
  });
};

const pca: StageLoader = async (m) => {
  const row = await readDataRow(m.dir);
  const pc = decodeMatrix(row.pc); // numFeatures × k
  return vectorMap(m, (v) => {
    checkSize(v, pc.numRows, 'PCAModel');
    const d = toDense(v);
    const out = new Float64Array(pc.numCols);
    for (let i = 0; i < pc.numRows; i++) {
      const x = d[i];
      if (x === 0) continue;
      for (let j = 0; j < pc.numCols; j++) out[j] += pc.values[i * pc.numCols + j] * x;
    }
    return out;
  });
};

export const loaders: Record<string, StageLoader> = {
  'org.apache.spark.ml.feature.StandardScalerModel': standardScaler,
  'org.apache.spark.ml.feature.MinMaxScalerModel': minMaxScaler,
  'org.apache.spark.ml.feature.MaxAbsScalerModel': maxAbsScaler,
  'org.apache.spark.ml.feature.Normalizer': normalizer,
  'org.apache.spark.ml.feature.PCAModel': pca,
  'org.apache.spark.ml.feature.ElementwiseProduct': elementwiseProduct,
  'org.apache.spark.ml.feature.RobustScalerModel': robustScaler,
};
