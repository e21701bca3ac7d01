// Every load path of every fixture folder loads, and describes itself: class, stages, inputs, outputs;
// and the Parquet decoders behind loading agree.

import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { loadModel } from '../../src/ml/index.js';
import { readWithArrow, readWithHyparquet } from '../../src/ml/data.js';
import { typeToString } from '../../src/common/types.js';
import { fixture } from './fixtures.js';

const short = (cls: string) => cls.slice(cls.lastIndexOf('.') + 1);

// [load path, saved class, stage classes, inputs (name:type, ? = optional), prediction column]
const CASES: [string, string, string[], string[], string | null][] = [
  // nslkdd-rf-spark2.2/model (500 trees) is loaded and described in tree.test.ts.
  ['libsvm-logreg-spark2.3/py_log_reg', 'LogisticRegressionModel', ['LogisticRegressionModel'], ['features:array<double>'], 'prediction'],
  ['libsvm-rf-spark2.3/py_rforest_cls', 'RandomForestClassificationModel', ['RandomForestClassificationModel'], ['indexedFeatures:array<double>'], 'prediction'],
  ['linreg-spark2.1/model', 'LinearRegressionModel', ['LinearRegressionModel'], ['features:array<double>'], 'prediction'],
  ['churn-rf-pipeline-spark2.4/model', 'PipelineModel', ['RandomForestClassificationModel'], ['features:array<double>'], 'prediction'],
  ['kickstarter-tvs-lr-spark2.4/model', 'TrainValidationSplitModel',
    ['RegexTokenizer', 'StopWordsRemover', 'CountVectorizerModel', 'IDFModel', 'StringIndexerModel', 'StringIndexerModel', 'OneHotEncoderModel', 'VectorAssembler', 'LogisticRegressionModel'],
    ['text:string', 'country2:string', 'currency2:string', 'days_campaign:double', 'hours_prepa:double', 'goal:double'], 'predictions'],
  ['kickstarter-tvs-lr-spark2.4/model/bestModel', 'PipelineModel',
    ['RegexTokenizer', 'StopWordsRemover', 'CountVectorizerModel', 'IDFModel', 'StringIndexerModel', 'StringIndexerModel', 'OneHotEncoderModel', 'VectorAssembler', 'LogisticRegressionModel'],
    ['text:string', 'country2:string', 'currency2:string', 'days_campaign:double', 'hours_prepa:double', 'goal:double'], 'predictions'],
  ['bank-gbt-pipeline-spark3.1/model', 'PipelineModel', ['StringIndexerModel', 'OneHotEncoderModel', 'StringIndexerModel', 'VectorAssembler', 'GBTClassificationModel'],
    ['job:string', 'marital:string', 'education:string', 'default:string', 'housing:string', 'loan:string', 'contact:string', 'month:string', 'day_of_week:string', 'poutcome:string', 'y:string?',
      'age:double', 'duration:double', 'campaign:double', 'pdays:double', 'previous:double', 'emp_var_rate:double', 'cons_price_idx:double', 'cons_conf_idx:double', 'euribor3m:double', 'nr_employed:double'], 'prediction'],
  ['flights-minmax-lr-spark2.4/sparkml', 'PipelineModel',
    ['StringIndexerModel', 'StringIndexerModel', 'StringIndexerModel', 'VectorAssembler', 'VectorIndexerModel', 'VectorAssembler', 'MinMaxScalerModel', 'VectorAssembler', 'LogisticRegressionModel'],
    ['OP_CARRIER:string', 'ORIGIN:string', 'DEST:string', 'DAY_OF_MONTH:double', 'DAY_OF_WEEK:double', 'DEP_DELAY:double'], 'prediction'],
  // The older pipeline the author left nested inside the model directory loads on its own too.
  ['flights-minmax-lr-spark2.4/sparkml/9975eab8-e5ff-402a-a6a2-8d629de44079', 'PipelineModel',
    ['StringIndexerModel', 'StringIndexerModel', 'StringIndexerModel', 'VectorAssembler', 'VectorIndexerModel', 'VectorAssembler', 'MinMaxScalerModel', 'VectorAssembler', 'LogisticRegressionModel'],
    ['OP_CARRIER:string', 'ORIGIN:string', 'DEST:string', 'DAY_OF_MONTH:double', 'DAY_OF_WEEK:double', 'DEP_DELAY:double'], 'prediction'],
  ['citybike-kmeans-spark2.4/model', 'KMeansModel', ['KMeansModel'], ['features:array<double>'], 'prediction'],
  ['carins-kmeans-spark3.4/kmeans_model', 'KMeansModel', ['KMeansModel'], ['features:array<double>'], 'prediction'],
  ['wine-scaler-pca-rfr-spark3.5/scaler_model', 'StandardScalerModel', ['StandardScalerModel'], ['assembled_features:array<double>'], null],
  ['wine-scaler-pca-rfr-spark3.5/pca_model', 'PCAModel', ['PCAModel'], ['scaled_features:array<double>'], null],
  ['wine-scaler-pca-rfr-spark3.5/regression_model', 'RandomForestRegressionModel', ['RandomForestRegressionModel'], ['pca_features:array<double>'], 'prediction'],
  ['sparkify-cv-spark3.2/dec_tre_model', 'CrossValidatorModel', ['DecisionTreeClassificationModel'], ['features:array<double>'], 'prediction'],
  ['sparkify-cv-spark3.2/log_reg_model', 'CrossValidatorModel', ['LogisticRegressionModel'], ['features:array<double>'], 'prediction'],
  ['sparkify-cv-spark3.2/rf_model', 'CrossValidatorModel', ['RandomForestClassificationModel'], ['features:array<double>'], 'prediction'],
  ['sparkify-cv-spark3.2/svm_model', 'CrossValidatorModel', ['LinearSVCModel'], ['features:array<double>'], 'prediction'],
  ['sparkify-cv-spark3.2/svm_model/bestModel', 'LinearSVCModel', ['LinearSVCModel'], ['features:array<double>'], 'prediction'],
  ['sentiment-nb-pipeline-spark3.5/nb_model', 'PipelineModel',
    ['Tokenizer', 'StopWordsRemover', 'NGram', 'NGram', 'NGram', 'CountVectorizerModel', 'CountVectorizerModel', 'CountVectorizerModel', 'IDFModel', 'IDFModel', 'IDFModel', 'VectorAssembler', 'StringIndexerModel', 'ChiSqSelectorModel', 'NaiveBayesModel'],
    ['text:string', 'target:string?'], 'prediction'],
  ['anime-brp-lsh-spark3.0/KNN_GRID', 'BucketedRandomProjectionLSHModel', ['BucketedRandomProjectionLSHModel'], ['norm_features:array<double>'], null],
];

test.each(CASES)('%s', async (loadPath, cls, stages, inputs, prediction) => {
  const model = await loadModel(fixture(...loadPath.split('/')));
  expect(short(model.className)).toBe(cls);
  expect(model.stages.map((s) => short(s.className))).toEqual(stages);
  expect(model.inputs.map((i) => `${i.name}:${typeToString(i.type)}${i.optional ? '?' : ''}`)).toEqual(inputs);
  expect(model.predictionColumn).toBe(prediction);
  expect(model.sparkVersion).toMatch(/^[23]\.\d\.\d$/);
});

test('nids-dt-pipeline-spark3.3/pipeline (11 stages, zero-padded stage folders, stray CSVs in the model folder)', async () => {
  const model = await loadModel(fixture('nids-dt-pipeline-spark3.3', 'pipeline'));
  expect(model.stages.map((s) => short(s.className))).toEqual([
    'StringIndexerModel', 'OneHotEncoderModel', 'StringIndexerModel', 'OneHotEncoderModel', 'StringIndexerModel', 'OneHotEncoderModel',
    'StringIndexerModel', 'OneHotEncoderModel', 'VectorAssembler', 'StandardScalerModel', 'DecisionTreeClassificationModel']);
  expect(model.inputs).toHaveLength(4 + 34);
  expect(model.outputs.map((o) => o.name).slice(-5)).toEqual(['features', 'scaledFeatures', 'rawPrediction', 'probability', 'prediction']);
  expect(model.outputs.find((o) => o.name === 'probability')?.type).toEqual({ kind: 'array', element: { kind: 'double' } });
});

// The two Parquet decoders agree on Spark-written model data: parquet-wasm + Arrow (used first) and
// hyparquet (the fallback), over vectors, sparse transposed matrices, maps of maps, arrays of arrays,
// tree nodes with nested splits, and files from parquet-mr 1.8.1 (Spark 2.1) to 1.13 (Spark 3.5).

const DIRS = [
  'linreg-spark2.1/model/data',
  'libsvm-logreg-spark2.3/py_log_reg/data',
  'flights-minmax-lr-spark2.4/sparkml/stages/4_VectorIndexer_4071f7331676/data',
  'bank-gbt-pipeline-spark3.1/model/stages/0_StringIndexer_e0cb7b37abf9/data',
  'bank-gbt-pipeline-spark3.1/model/stages/4_GBTClassifier_e0eaff3119fc/treesMetadata',
  'nids-dt-pipeline-spark3.3/pipeline/stages/10_DecisionTreeClassifier_b4d02e830fe1/data',
  'wine-scaler-pca-rfr-spark3.5/pca_model/data',
  'sentiment-nb-pipeline-spark3.5/nb_model/stages/14_NaiveBayes_fd902b56b6cb/data',
];

/** Numbers however each decoder types them (bigint, typed arrays), for comparison. */
const normal = (x: unknown): unknown => {
  if (typeof x === 'bigint') return Number(x);
  if (x === undefined) return null;
  if (Array.isArray(x) || ArrayBuffer.isView(x)) return Array.from(x as ArrayLike<unknown>, normal);
  if (x !== null && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, normal(v)]));
  return x;
};

test.each(DIRS)('decoders agree on %s', async (dir) => {
  const full = fixture(...dir.split('/'));
  for (const name of fs.readdirSync(full).filter((n) => n.endsWith('.parquet'))) {
    const a = await readWithArrow(path.join(full, name));
    const h = await readWithHyparquet(path.join(full, name));
    expect(a.length).toBe(h.length);
    expect(normal(a)).toEqual(normal(h));
  }
});
