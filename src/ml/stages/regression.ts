// Regressors outside the linear and tree families: IsotonicRegressionModel (piecewise linear through
// its boundaries) and the factorization machines, FMRegressionModel and FMClassificationModel.

import { decodeDenseVector, decodeMatrix, num, readDataRow } from '../data.js';
import { Frame, doubleColumn, scoringError } from '../frame.js';
import { isSparse, MlVector } from '../linalg.js';
import { param } from '../metadata.js';
import { DoubleType, StageLoader, spec, doubleSpec } from '../stage.js';
import { classifierStage, regressorStage } from './predictor.js';

const isotonicRegression: StageLoader = async (m) => {
  const row = await readDataRow(m.dir);
  const boundaries = Array.from(row.boundaries as ArrayLike<number>, num), predictions = Array.from(row.predictions as ArrayLike<number>, num);
  const features = param(m, 'featuresCol', 'features'), predCol = param(m, 'predictionCol', 'prediction');
  const featureIndex = param(m, 'featureIndex', 0);
  const predict = (x: number): number => {
    // Java's binarySearch: an exact hit, else the insertion point.
    let lo = 0, hi = boundaries.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (boundaries[mid] < x) lo = mid + 1;
      else if (boundaries[mid] > x) hi = mid - 1;
      else return predictions[mid];
    }
    if (lo === 0) return predictions[0];
    if (lo === boundaries.length) return predictions[predictions.length - 1];
    const x0 = boundaries[lo - 1], x1 = boundaries[lo], y0 = predictions[lo - 1], y1 = predictions[lo];
    return x1 === x0 ? y0 : y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
  };
  return {
    className: m.className,
    uid: m.uid,
    // The feature is a number, or element featureIndex of a vector.
    inputs: [doubleSpec(features)],
    outputs: [spec(predCol, DoubleType)],
    predictionColumn: predCol,
    transform(frame: Frame) {
      const c = frame.get(features);
      const n = frame.numRows;
      const out = new Float64Array(n);
      const valid = new Uint8Array(n).fill(1);
      for (let i = 0; i < n; i++) {
        let x: number | null;
        if (c.kind === 'double') x = c.valid && !c.valid[i] ? null : c.values[i];
        else if (c.kind === 'vector') x = c.values[i] === null ? null : at(c.values[i]!, featureIndex);
        else throw scoringError(`IsotonicRegressionModel: column \`${features}\` must be numeric or a vector`);
        if (x === null) valid[i] = 0;
        else out[i] = predict(x);
      }
      frame.set(predCol, doubleColumn(out, valid));
    },
  };
};

function at(v: MlVector, i: number): number {
  if (!isSparse(v)) return v[i];
  const k = v.indices.indexOf(i);
  return k < 0 ? 0 : v.values[k];
}

/** b + w·x + ½ Σ_f ((Σ_i v_if x_i)² − Σ_i v_if² x_i²). */
async function factorizationMachine(m: Parameters<StageLoader>[0]) {
  const row = await readDataRow(m.dir);
  const intercept = num(row.intercept);
  const linear = decodeDenseVector(row.linear);
  const factors = decodeMatrix(row.factors); // numFeatures × factorSize
  const k = factors.numCols;
  return (v: MlVector): number => {
    let y = intercept;
    const idx = isSparse(v) ? v.indices : null, vals = isSparse(v) ? v.values : v;
    const sums = new Float64Array(k), squares = new Float64Array(k);
    for (let t = 0; t < vals.length; t++) {
      const x = vals[t];
      if (x === 0) continue;
      const i = idx ? idx[t] : t;
      y += linear[i] * x;
      for (let f = 0; f < k; f++) {
        const vx = factors.values[i * k + f] * x;
        sums[f] += vx;
        squares[f] += vx * vx;
      }
    }
    for (let f = 0; f < k; f++) y += 0.5 * (sums[f] * sums[f] - squares[f]);
    return y;
  };
}

const fmRegression: StageLoader = async (m) => regressorStage(m, null, await factorizationMachine(m));

const fmClassification: StageLoader = async (m) => {
  const score = await factorizationMachine(m);
  return classifierStage(m, {
    numFeatures: null,
    raw: (x) => {
      const margin = score(x);
      return Float64Array.of(-margin, margin);
    },
    probability: (raw) => {
      const p = 1 / (1 + Math.exp(-raw[1]));
      return Float64Array.of(1 - p, p);
    },
  });
};

export const loaders: Record<string, StageLoader> = {
  'org.apache.spark.ml.regression.IsotonicRegressionModel': isotonicRegression,
  'org.apache.spark.ml.regression.FMRegressionModel': fmRegression,
  'org.apache.spark.ml.classification.FMClassificationModel': fmClassification,
};
