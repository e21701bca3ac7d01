// GaussianMixtureModel: each component's density at x, weighted, normalised into the probability
// vector; the prediction is its argmax. Densities follow Spark's MultivariateGaussian, which works
// on the covariance's eigendecomposition so that a singular covariance uses its pseudo-inverse and
// pseudo-determinant instead of failing.

import { decodeDenseVector, decodeMatrix, readDataRow } from '../data.js';
import { Frame, doubleColumn, scoringError, vectorColumn } from '../frame.js';
import { toDense, vectorSize } from '../linalg.js';
import { doubles, param } from '../metadata.js';
import { IntegerType, StageLoader, spec, vectorSpec } from '../stage.js';

/** Spark's EPSILON (the machine epsilon), added to every weighted density as Spark does. */
const EPSILON = 2.220446049250313e-16;

interface Gaussian {
  readonly mean: Float64Array;
  /** Rows of Σ^(-1/2) Uᵀ: |rootSigmaInv · (x − μ)|² is the Mahalanobis distance. */
  readonly rootSigmaInv: Float64Array;
  /** −½ (k log 2π + log pseudo-det Σ). */
  readonly logNormalizer: number;
}

const gaussianMixture: StageLoader = async (m) => {
  const row = await readDataRow(m.dir);
  const weights = doubles(row.weights);
  const means = (row.mus as unknown[]).map(decodeDenseVector);
  const gaussians = (row.sigmas as unknown[]).map((s, i) => gaussian(means[i], decodeMatrix(s).values));
  const features = param(m, 'featuresCol', 'features');
  const probCol = param(m, 'probabilityCol', 'probability');
  const predCol = param(m, 'predictionCol', 'prediction');
  const k = means[0]?.length ?? 0;
  return {
    className: m.className,
    uid: m.uid,
    inputs: [vectorSpec(features)],
    outputs: [vectorSpec(probCol), spec(predCol, IntegerType)],
    predictionColumn: predCol,
    transform(frame: Frame) {
      const xs = frame.vectors(features);
      const n = xs.length;
      const probabilities = new Array<Float64Array | null>(n);
      const predictions = new Float64Array(n);
      let valid: Uint8Array | null = null;
      const delta = new Float64Array(k);
      for (let i = 0; i < n; i++) {
        const v = xs[i];
        if (v === null) {
          probabilities[i] = null;
          (valid ??= new Uint8Array(n).fill(1))[i] = 0;
          continue;
        }
        if (vectorSize(v) !== k) throw scoringError(`GaussianMixtureModel expects ${k} features in \`${features}\`, got ${vectorSize(v)}`);
        const x = toDense(v);
        const p = new Float64Array(gaussians.length);
        let sum = 0, best = 0;
        for (let c = 0; c < gaussians.length; c++) {
          p[c] = EPSILON + weights[c] * Math.exp(logDensity(gaussians[c], x, delta));
          sum += p[c];
        }
        for (let c = 0; c < p.length; c++) {
          p[c] /= sum;
          if (p[c] > p[best]) best = c;
        }
        probabilities[i] = p;
        predictions[i] = best;
      }
      frame.set(probCol, vectorColumn(probabilities));
      frame.set(predCol, doubleColumn(predictions, valid));
    },
  };
};

function gaussian(mean: Float64Array, sigma: Float64Array): Gaussian {
  const k = mean.length;
  const { values, vectors } = symmetricEigen(sigma, k);
  const tolerance = EPSILON * Math.max(...values) * k;
  let logPseudoDet = 0;
  const rootSigmaInv = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    if (values[i] <= tolerance) continue;
    logPseudoDet += Math.log(values[i]);
    const scale = Math.sqrt(1 / values[i]);
    for (let j = 0; j < k; j++) rootSigmaInv[i * k + j] = scale * vectors[j * k + i];
  }
  return { mean, rootSigmaInv, logNormalizer: -0.5 * (k * Math.log(2 * Math.PI) + logPseudoDet) };
}

function logDensity(g: Gaussian, x: Float64Array, delta: Float64Array): number {
  const k = g.mean.length;
  for (let j = 0; j < k; j++) delta[j] = x[j] - g.mean[j];
  let squared = 0;
  for (let i = 0; i < k; i++) {
    let v = 0;
    for (let j = 0; j < k; j++) v += g.rootSigmaInv[i * k + j] * delta[j];
    squared += v * v;
  }
  return g.logNormalizer - 0.5 * squared;
}

/**
 * Eigenvalues and eigenvectors (as columns of a row-major matrix) of a symmetric matrix, by cyclic
 * Jacobi rotations: accurate to rounding for the small covariance matrices of mixture models.
 */
export function symmetricEigen(matrix: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0, scale = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) (i === j ? (scale += a[i * n + j] ** 2) : (off += a[i * n + j] ** 2));
    }
    if (off <= 1e-30 * scale || off === 0) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (apq === 0) continue;
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), s = t * c;
        for (let r = 0; r < n; r++) {
          const arp = a[r * n + p], arq = a[r * n + q];
          a[r * n + p] = c * arp - s * arq;
          a[r * n + q] = s * arp + c * arq;
        }
        for (let r = 0; r < n; r++) {
          const apr = a[p * n + r], aqr = a[q * n + r];
          a[p * n + r] = c * apr - s * aqr;
          a[q * n + r] = s * apr + c * aqr;
        }
        for (let r = 0; r < n; r++) {
          const vrp = v[r * n + p], vrq = v[r * n + q];
          v[r * n + p] = c * vrp - s * vrq;
          v[r * n + q] = s * vrp + c * vrq;
        }
      }
    }
  }
  return { values: Float64Array.from({ length: n }, (_, i) => a[i * n + i]), vectors: v };
}

export const loaders: Record<string, StageLoader> = {
  'org.apache.spark.ml.clustering.GaussianMixtureModel': gaussianMixture,
};
