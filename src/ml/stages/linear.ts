// Linear models: LogisticRegressionModel (binomial and multinomial), LinearRegressionModel,
// LinearSVCModel, NaiveBayesModel (multinomial, complement, bernoulli, gaussian),
// GeneralizedLinearRegressionModel.

import { decodeDenseVector, decodeMatrix, num, readDataRow } from '../data.js';
import { DenseMatrix, MlVector, dot, isSparse, toDense } from '../linalg.js';
import { isSet, param } from '../metadata.js';
import { StageLoader } from '../stage.js';
import { scoringError } from '../frame.js';
import { classifierStage, regressorStage, softmax, thresholdsOf } from './predictor.js';

/** coefficients · x + intercept, one margin per matrix row. */
function margins(coef: DenseMatrix, intercepts: Float64Array, x: MlVector): Float64Array {
  const out = new Float64Array(coef.numRows);
  for (let k = 0; k < coef.numRows; k++) out[k] = dot(x, coef.values, k * coef.numCols) + intercepts[k];
  return out;
}

const sigmoid = (m: number) => 1 / (1 + Math.exp(-m));

const logisticRegression: StageLoader = async (m) => {
  const row = await readDataRow(m.dir);
  let coef: DenseMatrix, intercepts: Float64Array, multinomial: boolean;
  if ('coefficientMatrix' in row) {
    coef = decodeMatrix(row.coefficientMatrix);
    intercepts = decodeDenseVector(row.interceptVector);
    multinomial = Boolean(row.isMultinomial);
  } else {
    // Spark 2.0: one coefficient vector and a scalar intercept.
    const c = decodeDenseVector(row.coefficients);
    coef = { numRows: 1, numCols: c.length, values: c };
    intercepts = Float64Array.of(num(row.intercept));
    multinomial = false;
  }
  const numFeatures = coef.numCols;
  if (multinomial) {
    return classifierStage(m, {
      numFeatures,
      raw: (x) => margins(coef, intercepts, x),
      probability: softmax,
    });
  }
  // Binomial: rawPrediction = [-margin, margin], and `thresholds` (if set) folds into one threshold.
  const ts = thresholdsOf(m);
  const threshold = ts && isSet(m, 'thresholds') ? 1 / (1 + ts[0] / ts[1]) : param(m, 'threshold', 0.5);
  return classifierStage(m, {
    numFeatures,
    raw: (x) => {
      const margin = dot(x, coef.values) + intercepts[0];
      return Float64Array.of(-margin, margin);
    },
    probability: (raw) => {
      const p = sigmoid(raw[1]);
      return Float64Array.of(1 - p, p);
    },
    predict: (raw, p) => ((p ? p[1] : sigmoid(raw[1])) > threshold ? 1 : 0),
  });
};

const linearRegression: StageLoader = async (m) => {
  const row = await readDataRow(m.dir);
  const coef = decodeDenseVector(row.coefficients);
  const intercept = num(row.intercept);
  return regressorStage(m, coef.length, (x) => dot(x, coef) + intercept);
};

const linearSVC: StageLoader = async (m) => {
  const row = await readDataRow(m.dir);
  const coef = decodeDenseVector(row.coefficients);
  const intercept = num(row.intercept);
  const threshold = param(m, 'threshold', 0);
  return classifierStage(m, {
    numFeatures: coef.length,
    raw: (x) => {
      const margin = dot(x, coef) + intercept;
      return Float64Array.of(-margin, margin);
    },
    predict: (raw) => (raw[1] > threshold ? 1 : 0),
  });
};

const naiveBayes: StageLoader = async (m) => {
  const row = await readDataRow(m.dir);
  const pi = decodeDenseVector(row.pi), theta = decodeMatrix(row.theta);
  const modelType = param(m, 'modelType', 'multinomial');
  const numClasses = theta.numRows, numFeatures = theta.numCols;
  let raw: (x: MlVector) => Float64Array;
  if (modelType === 'multinomial') {
    raw = (x) => margins(theta, pi, x);
  } else if (modelType === 'complement') {
    raw = (x) => {
      const p = margins(theta, new Float64Array(numClasses), x);
      let max = -Infinity;
      for (const v of p) max = Math.max(max, v);
      let sum = 0;
      for (const v of p) sum += Math.exp(v - max);
      const logSumExp = max + Math.log(sum);
      return p.map((v) => v - logSumExp);
    };
  } else if (modelType === 'bernoulli') {
    // log(1 - exp(theta)) folds into a second weight matrix and a per-class constant.
    const negTheta = theta.values.map((t) => Math.log1p(-Math.exp(t)));
    const weights = theta.values.map((t, k) => t - negTheta[k]);
    const bias = Float64Array.from(pi, (p, c) => {
      let s = p;
      for (let j = 0; j < numFeatures; j++) s += negTheta[c * numFeatures + j];
      return s;
    });
    const w: DenseMatrix = { numRows: numClasses, numCols: numFeatures, values: weights };
    raw = (x) => {
      const values = isSparse(x) ? x.values : x;
      for (const v of values) if (v !== 0 && v !== 1) throw scoringError(`Bernoulli naive Bayes requires 0 or 1 feature values but found ${values}.`);
      return margins(w, bias, x);
    };
  } else if (modelType === 'gaussian') {
    const sigma = decodeMatrix(row.sigma);
    const logVarSum = Float64Array.from({ length: numClasses }, (_, c) => {
      let s = 0;
      for (let j = 0; j < numFeatures; j++) s += Math.log(sigma.values[c * numFeatures + j]);
      return s;
    });
    raw = (x) => {
      const d = toDense(x);
      return Float64Array.from({ length: numClasses }, (_, c) => {
        let s = 0;
        for (let j = 0; j < numFeatures; j++) {
          const diff = d[j] - theta.values[c * numFeatures + j];
          s += (diff * diff) / sigma.values[c * numFeatures + j];
        }
        return pi[c] - (s + logVarSum[c]) / 2;
      });
    };
  } else {
    throw scoringError(`NaiveBayesModel modelType ${modelType} is not supported`);
  }
  return classifierStage(m, { numFeatures, raw, probability: softmax });
};


/** GeneralizedLinearRegressionModel: the inverse link of coefficients · x + intercept (+ offset). */
const generalizedLinearRegression: StageLoader = async (m) => {
  const row = await readDataRow(m.dir);
  const coef = decodeDenseVector(row.coefficients);
  const intercept = num(row.intercept);
  const family = param(m, 'family', 'gaussian').toLowerCase();
  const variancePower = param(m, 'variancePower', 0);
  const defaultLink: Record<string, string> = { gaussian: 'identity', binomial: 'logit', poisson: 'log', gamma: 'inverse' };
  const link = isSet(m, 'link') ? param(m, 'link', 'identity') : family === 'tweedie' ? 'power' : defaultLink[family] ?? 'identity';
  const linkPower = isSet(m, 'linkPower') ? param(m, 'linkPower', 1) : 1 - variancePower;
  const inverse: Record<string, (eta: number) => number> = {
    identity: (eta) => eta,
    log: Math.exp,
    logit: (eta) => 1 / (1 + Math.exp(-eta)),
    inverse: (eta) => 1 / eta,
    probit: (eta) => normalCdf(eta),
    cloglog: (eta) => 1 - Math.exp(-Math.exp(eta)),
    sqrt: (eta) => eta * eta,
    power: (eta) => (linkPower === 0 ? Math.exp(eta) : eta ** (1 / linkPower)),
  };
  const mean = inverse[link];
  if (mean === undefined) throw scoringError(`GeneralizedLinearRegressionModel link ${link} is not supported`);
  const offsetCol = param(m, 'offsetCol', '');
  if (offsetCol) throw scoringError(`GeneralizedLinearRegressionModel ${m.uid}: offsetCol is not supported`);
  return regressorStage(m, coef.length, (x) => mean(dot(x, coef) + intercept));
};

/** Φ(x) for the probit link, through erfc (Numerical Recipes' erfcc: relative error below 1.2e-7). */
function normalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? r : 2 - r;
}

export const loaders: Record<string, StageLoader> = {
  'org.apache.spark.ml.classification.LogisticRegressionModel': logisticRegression,
  'org.apache.spark.ml.regression.LinearRegressionModel': linearRegression,
  'org.apache.spark.ml.classification.LinearSVCModel': linearSVC,
  'org.apache.spark.ml.classification.NaiveBayesModel': naiveBayes,
  'org.apache.spark.ml.regression.GeneralizedLinearRegressionModel': generalizedLinearRegression,
};
