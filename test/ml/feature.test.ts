// Feature stages on small model directories written in a temp folder (Spark's layout and param
// names), each checked against values worked out by hand.

import fs from 'node:fs';
import path from 'node:path';
import * as arrow from 'apache-arrow';
import { describe, expect, test } from 'vitest';
import { loadModel } from '../../src/ml/index.js';
import { IntegerType } from '../../src/common/types.js';
import { vectorFromScalars } from '../../src/common/vector.js';
import { arraysOf, doubles, numbersOf, strings, vectors } from './fixtures.js';
import { VECTOR, dense, listOf, tempDir, writeData, writeMetadata } from './model_dir.js';

const STRINGS = listOf(new arrow.Utf8());

function stringIndexer(params: Record<string, unknown>, labels: string[][], spark3 = true): string {
  const dir = tempDir();
  writeMetadata(dir, { class: 'org.apache.spark.ml.feature.StringIndexerModel', uid: 'si', paramMap: params, defaultParamMap: { handleInvalid: 'error' } });
  if (spark3) writeData(dir, { labelsArray: { type: listOf(STRINGS), values: [labels] } });
  else writeData(dir, { labels: { type: STRINGS, values: [labels[0]] } });
  return dir;
}

describe('StringIndexerModel', () => {
  test('Spark 2.x `labels`, handleInvalid error / keep / skip', async () => {
    const input = { color: strings(['red', 'blue', 'green', null, 'red']) };
    const error = await loadModel(stringIndexer({ inputCol: 'color', outputCol: 'ci' }, [['red', 'blue']], false));
    expect(() => error.transform(input)).toThrow(/Unseen label: green/);
    expect(() => error.transform({ color: strings([null]) })).toThrow(/NULL value/);
    const keep = await loadModel(stringIndexer({ inputCol: 'color', outputCol: 'ci', handleInvalid: 'keep' }, [['red', 'blue']], false));
    const kept = keep.transform(input);
    expect(numbersOf(kept.columns.get('ci'))).toEqual([0, 1, 2, 2, 0]);
    expect(kept.sourceRows).toBeNull();
    const skip = await loadModel(stringIndexer({ inputCol: 'color', outputCol: 'ci', handleInvalid: 'skip' }, [['red', 'blue']], false));
    const skipped = skip.transform(input);
    expect(skipped.numRows).toBe(3);
    expect(numbersOf(skipped.columns.get('ci'))).toEqual([0, 1, 0]);
    expect(Array.from(skipped.sourceRows!)).toEqual([0, 1, 4]);
  });

  test('Spark 3.x `labelsArray`, several columns, numbers cast to strings as Spark casts them', async () => {
    const model = await loadModel(stringIndexer({ inputCols: ['a', 'b'], outputCols: ['ai', 'bi'] }, [['x', 'y'], ['2', '1.5', '1.0E7']]));
    expect(model.inputs.map((i) => i.name)).toEqual(['a', 'b']);
    const out = model.transform({ a: strings(['y', 'x', 'x']), b: doubles([1.5, 1e7, 1.5]) });
    expect(numbersOf(out.columns.get('ai'))).toEqual([1, 0, 0]);
    expect(numbersOf(out.columns.get('bi'))).toEqual([1, 2, 1]);
    // An int column casts to "2", not "2.0".
    const ints = model.transform({ a: strings(['x']), b: vectorFromScalars(IntegerType, [2]) });
    expect(numbersOf(ints.columns.get('bi'))).toEqual([0]);
  });
});

describe('OneHotEncoderModel', () => {
  async function encoder(params: Record<string, unknown>) {
    const dir = tempDir();
    writeMetadata(dir, { class: 'org.apache.spark.ml.feature.OneHotEncoderModel', uid: 'ohe', paramMap: { inputCols: ['i'], outputCols: ['v'], ...params }, defaultParamMap: { dropLast: true, handleInvalid: 'error' } });
    writeData(dir, { categorySizes: { type: listOf(new arrow.Int32()), values: [[3]] } });
    return loadModel(dir);
  }
  test('dropLast and handleInvalid combine into the vector size', async () => {
    const input = { i: doubles([0, 1, 2]) };
    expect(arraysOf((await encoder({})).transform(input).columns.get('v'))).toEqual([[1, 0], [0, 1], [0, 0]]);
    expect(arraysOf((await encoder({ dropLast: false })).transform(input).columns.get('v'))).toEqual([[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
    const keep = await encoder({ handleInvalid: 'keep' });
    expect(arraysOf(keep.transform({ i: doubles([2, 7]) }).columns.get('v'))).toEqual([[0, 0, 1], [0, 0, 0]]);
    const keepAll = await encoder({ handleInvalid: 'keep', dropLast: false });
    expect(arraysOf(keepAll.transform({ i: doubles([7]) }).columns.get('v'))).toEqual([[0, 0, 0, 1]]);
    const strict = await encoder({});
    expect(() => strict.transform({ i: doubles([3]) })).toThrow(/Unseen value: 3.0/);
  });
});

test('VectorAssembler: numbers and vectors, handleInvalid error / skip / keep', async () => {
  const make = async (handleInvalid?: string) => {
    const dir = tempDir();
    writeMetadata(dir, { class: 'org.apache.spark.ml.feature.VectorAssembler', uid: 'va', paramMap: { inputCols: ['a', 'v'], outputCol: 'f', ...(handleInvalid ? { handleInvalid } : {}) }, defaultParamMap: { handleInvalid: 'error' } });
    return loadModel(dir);
  };
  const input = { a: doubles([1, null, NaN]), v: vectors([[2, 3], [4, 5], [6, 7]]) };
  const error = await make();
  expect(() => error.transform(input)).toThrow(/Encountered null while assembling/);
  expect(arraysOf(error.transform({ a: doubles([1]), v: vectors([[2, 3]]) }).columns.get('f'))).toEqual([[1, 2, 3]]);
  const skip = (await make('skip')).transform(input);
  expect(skip.numRows).toBe(1);
  expect(arraysOf(skip.columns.get('f'))).toEqual([[1, 2, 3]]);
  const keep = (await make('keep')).transform(input);
  expect(arraysOf(keep.columns.get('f'))).toEqual([[1, 2, 3], [NaN, 4, 5], [NaN, 6, 7]]);
});

test('Bucketizer (single and multi-column, infinite splits as Spark writes them) and ImputerModel', async () => {
  const dir = tempDir();
  writeMetadata(dir, { class: 'org.apache.spark.ml.feature.Bucketizer', uid: 'b', paramMap: { inputCol: 'x', outputCol: 'bx', splits: ['-Inf', 0, 10, 'Inf'], handleInvalid: 'keep' } });
  const b = await loadModel(dir);
  expect(numbersOf(b.transform({ x: doubles([-5, 0, 9.99, 10, 1e9, NaN]) }).columns.get('bx'))).toEqual([0, 1, 1, 2, 2, 3]);
  const dir2 = tempDir();
  writeMetadata(dir2, { class: 'org.apache.spark.ml.feature.Bucketizer', uid: 'b2', paramMap: { inputCols: ['x', 'y'], outputCols: ['bx', 'by'], splitsArray: [[0, 1, 2], [0, 5, 10]] } });
  const b2 = await loadModel(dir2);
  const out = b2.transform({ x: doubles([0.5, 2]), y: doubles([10, 0]) });
  expect(numbersOf(out.columns.get('bx'))).toEqual([0, 1]);
  expect(numbersOf(out.columns.get('by'))).toEqual([1, 0]);
  expect(() => b2.transform({ x: doubles([3]), y: doubles([1]) })).toThrow(/out of Bucketizer bounds/);

  const dir3 = tempDir();
  writeMetadata(dir3, { class: 'org.apache.spark.ml.feature.ImputerModel', uid: 'imp', paramMap: { inputCols: ['x', 'y'], outputCols: ['xi', 'yi'], missingValue: -1 } });
  writeData(dir3, { x: { type: new arrow.Float64(), values: [2.5] }, y: { type: new arrow.Float64(), values: [7] } });
  const imp = (await loadModel(dir3)).transform({ x: doubles([1, -1, null]), y: doubles([-1, 3, 4]) });
  expect(numbersOf(imp.columns.get('xi'))).toEqual([1, 2.5, 2.5]);
  expect(numbersOf(imp.columns.get('yi'))).toEqual([7, 3, 4]);
});

test('IndexToString, Binarizer (numbers and vectors), ElementwiseProduct', async () => {
  const dir = tempDir();
  writeMetadata(dir, { class: 'org.apache.spark.ml.feature.IndexToString', uid: 'its', paramMap: { inputCol: 'prediction', outputCol: 'label', labels: ['no', 'yes'] } });
  const its = await loadModel(dir);
  const labels = its.transform({ prediction: doubles([1, 0, null]) }).columns.get('label')!;
  expect(labels.type).toEqual({ kind: 'string' });
  expect(Array.from({ length: 3 }, (_, i) => (labels.validity && !labels.validity[i] ? null : (labels.data as string[])[i]))).toEqual(['yes', 'no', null]);
  expect(() => its.transform({ prediction: doubles([2]) })).toThrow(/Unseen index: 2.0/);
  const dir2 = tempDir();
  writeMetadata(dir2, { class: 'org.apache.spark.ml.feature.Binarizer', uid: 'bin', paramMap: { inputCols: ['x', 'v'], outputCols: ['bx', 'bv'], thresholds: [0.5, 2] } });
  const bin = (await loadModel(dir2)).transform({ x: doubles([0.5, 0.6]), v: vectors([[1, 2, 3], [3, 0, 2.5]]) });
  expect(numbersOf(bin.columns.get('bx'))).toEqual([0, 1]);
  expect(arraysOf(bin.columns.get('bv'))).toEqual([[0, 0, 1], [1, 0, 1]]);
  const dir3 = tempDir();
  writeMetadata(dir3, { class: 'org.apache.spark.ml.feature.ElementwiseProduct', uid: 'ep', paramMap: { inputCol: 'v', outputCol: 'w', scalingVec: { type: 1, values: [2, 0, -1] } } });
  expect(arraysOf((await loadModel(dir3)).transform({ v: vectors([[1, 5, 3]]) }).columns.get('w'))).toEqual([[2, 0, -3]]);
});

test('MaxAbsScalerModel, Normalizer, VectorSlicer by index', async () => {
  const dir = tempDir();
  writeMetadata(dir, { class: 'org.apache.spark.ml.feature.MaxAbsScalerModel', uid: 'mas', paramMap: { inputCol: 'v', outputCol: 's' } });
  writeData(dir, { maxAbs: { type: VECTOR, values: [dense([2, 0, 4])] } });
  expect(arraysOf((await loadModel(dir)).transform({ v: vectors([[1, 5, -2]]) }).columns.get('s'))).toEqual([[0.5, 5, -0.5]]);
  const dir2 = tempDir();
  writeMetadata(dir2, { class: 'org.apache.spark.ml.feature.Normalizer', uid: 'nz', paramMap: { inputCol: 'v', outputCol: 'n', p: 1 } });
  expect(arraysOf((await loadModel(dir2)).transform({ v: vectors([[1, -3], [0, 0]]) }).columns.get('n'))).toEqual([[0.25, -0.75], [0, 0]]);
  const dir3 = tempDir();
  writeMetadata(dir3, { class: 'org.apache.spark.ml.feature.VectorSlicer', uid: 'vs', paramMap: { inputCol: 'v', outputCol: 'w', indices: [2, 0], names: [] } });
  expect(arraysOf((await loadModel(dir3)).transform({ v: vectors([[1, 2, 3]]) }).columns.get('w'))).toEqual([[3, 1]]);
});

describe('loading', () => {
  test('an unsupported class fails at load time, naming the class', async () => {
    const dir = tempDir();
    writeMetadata(dir, { class: 'org.apache.spark.ml.clustering.LocalLDAModel', uid: 'lda', paramMap: {} });
    await expect(loadModel(dir)).rejects.toThrow(/org\.apache\.spark\.ml\.clustering\.LocalLDAModel .*is not supported/);
    // A pipeline with a Python-defined stage fails at load time too, naming it.
    const root = tempDir();
    writeMetadata(root, { class: 'pyspark.ml.pipeline.PipelineModel', uid: 'p', paramMap: { stageUids: ['Cleanser_1'] } });
    writeMetadata(path.join(root, 'stages', '0_Cleanser_1'), { class: '__main__.Cleanser', uid: 'Cleanser_1', paramMap: {} });
    await expect(loadModel(root)).rejects.toThrow(/__main__\.Cleanser \(a Python-defined or third-party class\)/);
  });

  test('a missing directory is a clear error', async () => {
    await expect(loadModel(path.join(tempDir(), 'nope'))).rejects.toThrow(/Not a saved Spark ML model/);
  });

  test('nested PipelineModel inside a TrainValidationSplitModel, stage dirs zero-padded', async () => {
    const root = tempDir();
    writeMetadata(root, { class: 'org.apache.spark.ml.tuning.TrainValidationSplitModel', uid: 'tvs', paramMap: {} });
    const best = path.join(root, 'bestModel');
    const stageNames = Array.from({ length: 10 }, (_, i) => `n${i}`);
    writeMetadata(best, { class: 'org.apache.spark.ml.PipelineModel', uid: 'outer', paramMap: { stageUids: ['inner', ...stageNames.slice(1)] } });
    // Stage 0 is itself a pipeline (one Normalizer); stages 1..9 rescale by 1 (MaxAbs with maxAbs 1).
    const inner = path.join(best, 'stages', '00_inner');
    writeMetadata(inner, { class: 'org.apache.spark.ml.PipelineModel', uid: 'inner', paramMap: { stageUids: ['nz'] } });
    writeMetadata(path.join(inner, 'stages', '0_nz'), { class: 'org.apache.spark.ml.feature.Normalizer', uid: 'nz', paramMap: { inputCol: 'v', outputCol: 'c0', p: 2 } });
    for (let i = 1; i < 10; i++) {
      const d = path.join(best, 'stages', `0${i}_n${i}`);
      writeMetadata(d, { class: 'org.apache.spark.ml.feature.MaxAbsScalerModel', uid: `n${i}`, paramMap: { inputCol: `c${i - 1}`, outputCol: `c${i}` } });
      writeData(d, { maxAbs: { type: VECTOR, values: [dense([1, 1])] } });
    }
    fs.writeFileSync(path.join(best, 'stages', 'stray.csv'), 'not a stage');
    const model = await loadModel(root);
    expect(model.className).toBe('org.apache.spark.ml.tuning.TrainValidationSplitModel');
    expect(model.stages).toHaveLength(10);
    expect(model.inputs.map((i) => i.name)).toEqual(['v']);
    expect(arraysOf(model.transform({ v: vectors([[3, 4]]) }).columns.get('c9'))).toEqual([[0.6, 0.8]]);
    expect(model.predictionColumn).toBeNull();
  });
});

test('supportedClasses lists every class the loader accepts', async () => {
  const { supportedClasses } = await import('../../src/ml/index.js');
  const classes = supportedClasses();
  for (const c of ['org.apache.spark.ml.PipelineModel', 'org.apache.spark.ml.tuning.CrossValidatorModel', 'org.apache.spark.ml.iforest.IForestModel',
    'org.apache.spark.ml.classification.GBTClassificationModel', 'org.apache.spark.ml.feature.StringIndexerModel', 'org.apache.spark.ml.clustering.GaussianMixtureModel']) {
    expect(classes).toContain(c);
  }
  expect(classes).not.toContain('org.apache.spark.ml.clustering.LocalLDAModel');
});

test('the 2.x OneHotEncoder Transformer takes its size from the StringIndexer before it, else from the batch', async () => {
  const root = tempDir();
  writeMetadata(root, { class: 'org.apache.spark.ml.PipelineModel', sparkVersion: '2.1.0', uid: 'p', paramMap: { stageUids: ['si', 'ohe'] } });
  const si = `${root}/stages/0_si`;
  writeMetadata(si, { class: 'org.apache.spark.ml.feature.StringIndexerModel', sparkVersion: '2.1.0', uid: 'si', paramMap: { inputCol: 'c', outputCol: 'ci', handleInvalid: 'keep' } });
  writeData(si, { labels: { type: STRINGS, values: [['a', 'b', 'c']] } });
  writeMetadata(`${root}/stages/1_ohe`, { class: 'org.apache.spark.ml.feature.OneHotEncoder', sparkVersion: '2.1.0', uid: 'ohe', paramMap: { inputCol: 'ci', outputCol: 'v', dropLast: true } });
  // 3 labels + __unknown = 4 categories, dropLast → size 3; "zz" (index 3, the last) encodes as zeros.
  const out = (await loadModel(root)).transform({ c: strings(['b', 'zz', 'c']) });
  expect(arraysOf(out.columns.get('v'))).toEqual([[0, 1, 0], [0, 0, 0], [0, 0, 1]]);
  const alone = await loadModel(`${root}/stages/1_ohe`);
  // No attribute: size = max + 1 − 1 over the batch.
  expect(arraysOf(alone.transform({ ci: doubles([0, 4]) }).columns.get('v'))).toEqual([[1, 0, 0, 0], [0, 0, 0, 0]]);
});
