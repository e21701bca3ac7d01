// The output columns Spark's predictors write, shared by every model family: a classifier writes
// rawPrediction, probability (when probabilistic) and prediction; a regressor only prediction.

import { ColumnSpec, Frame, doubleColumn, scoringError, vectorColumn } from '../frame.js';
import { MlVector, vectorSize } from '../linalg.js';
import { Metadata, doubles, isSet, param } from '../metadata.js';
import { DoubleType, Stage, spec, vectorSpec } from '../stage.js';
import { DataType } from '../../common/types.js';

export interface ClassifierScoring {
  readonly numFeatures: number | null;
  /** Raw scores (margins, votes, log-likelihoods), one per class. */
  raw(x: MlVector): Float64Array;
  /** raw() of many rows at once, when the model has a faster way (a forest walks tree by tree). */
  rawBatch?(xs: readonly (MlVector | null)[]): (Float64Array | null)[];
  /** Probabilities from raw scores; absent for non-probabilistic models (LinearSVC). */
  probability?(raw: Float64Array): Float64Array;
  /** The predicted class; defaults to Spark's thresholded argmax of probability (else of raw). */
  predict?(raw: Float64Array, probability: Float64Array | null): number;
}

/** Spark's probability2prediction: argmax, of p_i / t_i when `thresholds` is set. */
export function thresholdedArgmax(p: Float64Array, thresholds: number[] | null): number {
  let best = 0, bestValue = -Infinity;
  for (let i = 0; i < p.length; i++) {
    const v = thresholds ? (thresholds[i] === 0 ? Infinity : p[i] / thresholds[i]) : p[i];
    if (v > bestValue) { best = i; bestValue = v; }
  }
  return best;
}

export function normalize(raw: Float64Array): Float64Array {
  let sum = 0;
  for (const x of raw) sum += x;
  return sum === 0 ? Float64Array.from(raw) : raw.map((x) => x / sum);
}

/** exp-normalize in a numerically safe way (log-space scores to probabilities). */
export function softmax(raw: Float64Array): Float64Array {
  let max = -Infinity;
  for (const x of raw) max = Math.max(max, x);
  const out = raw.map((x) => Math.exp(x - max));
  let sum = 0;
  for (const x of out) sum += x;
  return out.map((x) => x / sum);
}

export const thresholdsOf = (m: Metadata): number[] | null => (isSet(m, 'thresholds') || 'thresholds' in m.defaultParamMap ? doubles(param(m, 'thresholds', [])) : null);

function featuresOf(frame: Frame, name: string, numFeatures: number | null, cls: string): readonly (MlVector | null)[] {
  const vs = frame.vectors(name);
  if (numFeatures !== null) {
    for (const v of vs) {
      if (v !== null && vectorSize(v) !== numFeatures) {
        throw scoringError(`${cls.slice(cls.lastIndexOf('.') + 1)} expects ${numFeatures} features in \`${name}\`, got ${vectorSize(v)}`);
      }
    }
  }
  return vs;
}

export function classifierStage(m: Metadata, scoring: ClassifierScoring): Stage {
  const features = param(m, 'featuresCol', 'features');
  const rawCol = param(m, 'rawPredictionCol', 'rawPrediction');
  const probCol = scoring.probability ? param(m, 'probabilityCol', 'probability') : '';
  const predCol = param(m, 'predictionCol', 'prediction');
  const thresholds = thresholdsOf(m);
  const outputs: ColumnSpec[] = [];
  if (rawCol) outputs.push(vectorSpec(rawCol));
  if (probCol) outputs.push(vectorSpec(probCol));
  if (predCol) outputs.push(spec(predCol, DoubleType));
  return {
    className: m.className,
    uid: m.uid,
    inputs: [vectorSpec(features)],
    outputs,
    predictionColumn: predCol || undefined,
    transform(frame: Frame) {
      const xs = featuresOf(frame, features, scoring.numFeatures, m.className);
      const n = xs.length;
      const raws = new Array<Float64Array | null>(n), probs = new Array<Float64Array | null>(n);
      const pred = new Float64Array(n);
      let valid: Uint8Array | null = null;
      const batch = scoring.rawBatch?.(xs);
      for (let i = 0; i < n; i++) {
        const x = xs[i];
        if (x === null) {
          raws[i] = probs[i] = null;
          (valid ??= new Uint8Array(n).fill(1))[i] = 0;
          continue;
        }
        const raw = batch ? batch[i]! : scoring.raw(x);
        const p = scoring.probability ? scoring.probability(raw) : null;
        raws[i] = raw;
        probs[i] = p;
        pred[i] = scoring.predict ? scoring.predict(raw, p) : thresholdedArgmax(p ?? raw, thresholds);
      }
      if (rawCol) frame.set(rawCol, vectorColumn(raws));
      if (probCol) frame.set(probCol, vectorColumn(probs));
      if (predCol) frame.set(predCol, doubleColumn(pred, valid));
    },
  };
}

export function regressorStage(m: Metadata, numFeatures: number | null, predict: (x: MlVector) => number,
  predictionType: DataType = DoubleType, inputs?: ColumnSpec[]): Stage {
  const features = param(m, 'featuresCol', 'features');
  const predCol = param(m, 'predictionCol', 'prediction');
  return {
    className: m.className,
    uid: m.uid,
    inputs: inputs ?? [vectorSpec(features)],
    outputs: [spec(predCol, predictionType)],
    predictionColumn: predCol,
    transform(frame: Frame) {
      const xs = featuresOf(frame, features, numFeatures, m.className);
      const out = new Float64Array(xs.length);
      let valid: Uint8Array | null = null;
      for (let i = 0; i < xs.length; i++) {
        const x = xs[i];
        if (x === null) { (valid ??= new Uint8Array(xs.length).fill(1))[i] = 0; continue; }
        out[i] = predict(x);
      }
      frame.set(predCol, doubleColumn(out, valid));
    },
  };
}
