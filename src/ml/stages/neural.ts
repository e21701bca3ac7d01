// MultilayerPerceptronClassificationModel: affine layers with sigmoid between them and softmax on
// top. All weights sit in one vector, layer by layer: an out × in matrix (column-major) then out biases.

import { decodeDenseVector, num, readDataRow } from '../data.js';
import { scoringError } from '../frame.js';
import { toDense } from '../linalg.js';
import { param } from '../metadata.js';
import { StageLoader } from '../stage.js';
import { classifierStage, softmax } from './predictor.js';

const multilayerPerceptron: StageLoader = async (m) => {
  const row = await readDataRow(m.dir);
  // Spark 2.x saves `layers` with the weights; 3.x keeps them in the params.
  const layers = Array.from((row.layers ?? param<number[]>(m, 'layers', [])) as ArrayLike<number | bigint>, num);
  const weights = decodeDenseVector(row.weights);
  let expected = 0;
  for (let l = 0; l + 1 < layers.length; l++) expected += layers[l] * layers[l + 1] + layers[l + 1];
  if (layers.length < 2 || expected !== weights.length) {
    throw scoringError(`MultilayerPerceptronClassificationModel ${m.uid}: layers [${layers}] do not match ${weights.length} weights`);
  }
  return classifierStage(m, {
    numFeatures: layers[0],
    // rawPrediction is the last layer's output before softmax.
    raw: (v) => {
      let x = toDense(v);
      let offset = 0;
      for (let l = 0; l + 1 < layers.length; l++) {
        const numIn = layers[l], numOut = layers[l + 1];
        const y = new Float64Array(numOut);
        for (let o = 0; o < numOut; o++) {
          let s = weights[offset + numIn * numOut + o];
          for (let i = 0; i < numIn; i++) s += weights[offset + i * numOut + o] * x[i];
          y[o] = l + 2 < layers.length ? 1 / (1 + Math.exp(-s)) : s;
        }
        offset += numIn * numOut + numOut;
        x = y;
      }
      return x;
    },
    probability: softmax,
  });
};

export const loaders: Record<string, StageLoader> = {
  'org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel': multilayerPerceptron,
};
