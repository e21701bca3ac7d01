// Tree models: DecisionTree, RandomForest and GBT, Spark 2.2 to 3.5, continuous and categorical splits.

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadModel } from '../../src/ml/index.js';
import { Vector } from '../../src/common/vector.js';
import { arraysOf, doubles, fixture, numbersOf, readCsv, strings, vectors } from './fixtures.js';
import { leaf, n, readRows, sum, trees } from './reference.js';

const BANK_NUMERIC = ['age', 'duration', 'campaign', 'pdays', 'previous', 'emp_var_rate', 'cons_price_idx', 'cons_conf_idx', 'euribor3m', 'nr_employed'];
const BANK_STRING = ['job', 'marital', 'education', 'default', 'housing', 'loan', 'contact', 'month', 'day_of_week', 'poutcome', 'y'];

describe('bank-gbt-pipeline-spark3.1 (GBTClassificationModel with 293 categorical splits)', () => {
  test('matches the authors\' 400 saved predictions', async () => {
    const model = await loadModel(fixture('bank-gbt-pipeline-spark3.1', 'model'));
    const rows: Record<string, string>[] = [];
    const keys: string[] = [];
    for (let f = 1; f <= 40; f++) {
      readCsv(fixture('bank-gbt-pipeline-spark3.1', 'batch-data', `${f}.csv`)).forEach((r) => {
        // The authors' scorer renames the dotted columns; row_index is the unnamed first column.
        rows.push(Object.fromEntries(Object.entries(r).map(([k, v]) => [k.replaceAll('.', '_'), v])));
        keys.push(`${f}.csv,${r['']}`);
      });
    }
    const input: Record<string, Vector> = {};
    for (const c of BANK_NUMERIC) input[c] = doubles(rows.map((r) => Number(r[c])));
    for (const c of BANK_STRING) input[c] = strings(rows.map((r) => r[c]));
    const out = model.transform(input);
    const predicted = numbersOf(out.columns.get('prediction'));
    const expected = new Map(readCsv(fixture('bank-gbt-pipeline-spark3.1', 'expected_predictions.csv'))
      .map((r) => [`${r.batch_file},${r.row_index}`, Number(r.prediction)]));
    expect(expected.size).toBe(400);
    expect(predicted.length).toBe(400);
    keys.forEach((k, i) => expect(predicted[i], k).toBe(expected.get(k)));
    expect(predicted.filter((p) => p === 1).length).toBe(41);
    expect(model.predictionColumn).toBe('prediction');
    // Spark skips a StringIndexerModel whose input is absent: scoring needs no `y`, and writes no `label`.
    expect(model.inputs.find((i) => i.name === 'y')?.optional).toBe(true);
    const { y: _y, ...withoutLabel } = input;
    const unlabeled = model.transform(withoutLabel, { columns: ['prediction', 'label'] });
    expect(numbersOf(unlabeled.columns.get('prediction'))).toEqual(predicted);
    expect(unlabeled.columns.has('label')).toBe(false);
    // Probability is the logistic of twice the margin, and the margin is rawPrediction[1].
    const raw = arraysOf(out.columns.get('rawPrediction')), prob = arraysOf(out.columns.get('probability'));
    for (let i = 0; i < 5; i++) {
      expect(prob[i]![1]).toBeCloseTo(1 / (1 + Math.exp(-2 * raw[i]![1])), 12);
      expect(raw[i]![0]).toBe(-raw[i]![1]);
    }
  });

  test('margin equals the weighted sum of the trees\' leaf predictions (computed by hand)', async () => {
    const dir = fixture('bank-gbt-pipeline-spark3.1', 'model', 'stages', '4_GBTClassifier_e0eaff3119fc');
    const forest = trees(await readRows(path.join(dir, 'data')));
    const weights = new Map((await readRows(path.join(dir, 'treesMetadata'))).map((r) => [n(r.treeID), n(r.weights)]));
    expect(weights.get(0)).toBe(1);
    expect(weights.get(1)).toBe(0.1);
    const model = await loadModel(dir);
    // Categorical features 10.. are indexes; pick values that exercise categorical splits.
    const xs = [
      [30, 200, 1, 999, 0, 1.1, 93.9, -36.4, 4.8, 5191, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0],
      [55, 900, 2, 6, 1, -1.8, 92.9, -46.2, 1.3, 5099, 3, 1, 2, 0, 1, 0, 1, 4, 2, 2],
      [41, 90, 5, 999, 0, 1.4, 94.4, -41.8, 4.9, 5228, 7, 2, 5, 1, 0, 1, 0, 9, 4, 1],
    ];
    const out = model.transform({ features: vectors(xs) });
    const raw = arraysOf(out.columns.get('rawPrediction'));
    xs.forEach((x, i) => {
      const margin = sum(forest.map((t, k) => weights.get(k)! * n(leaf(t, x).prediction)));
      expect(raw[i]![1]).toBeCloseTo(margin, 12);
    });
  });
});

describe('nids-dt-pipeline-spark3.3 (StringIndexer, OneHotEncoder, VectorAssembler, StandardScaler, DecisionTree)', () => {
  test('scores the 328 KDD rows: tree leaf counts as rawPrediction, and it agrees with `class` on most', async () => {
    const model = await loadModel(fixture('nids-dt-pipeline-spark3.3', 'pipeline'));
    const rows = readCsv(fixture('nids-dt-pipeline-spark3.3', 'input.csv'));
    expect(rows.length).toBe(328);
    const input: Record<string, Vector> = {};
    for (const spec of model.inputs) {
      input[spec.name] = spec.type.kind === 'string' ? strings(rows.map((r) => r[spec.name])) : doubles(rows.map((r) => Number(r[spec.name])));
    }
    const out = model.transform(input);
    const predicted = numbersOf(out.columns.get('prediction'));
    const label = numbersOf(out.columns.get('class_Index'));
    // prediction 0 = normal, 1 = anomaly (the label indexer's order); the tree fits its training data closely.
    const agree = predicted.filter((p, i) => p === label[i]).length;
    expect(agree / rows.length).toBeGreaterThan(0.95);
    const classIndex = new Map(rows.map((r, i) => [r.class, label[i]]));
    expect(classIndex.get('normal')).toBe(0);
    expect(classIndex.get('anomaly')).toBe(1);

    // By hand for the first rows: standardize with the saved mean/std, walk the raw nodes.
    const stages = fixture('nids-dt-pipeline-spark3.3', 'pipeline', 'stages');
    const scaler = (await readRows(path.join(stages, '09_StandardScaler_0ca887f203cd', 'data')))[0];
    const mean = Array.from(scaler.mean.values, n) as number[], std = Array.from(scaler.std.values, n) as number[];
    const nodes = new Map((await readRows(path.join(stages, '10_DecisionTreeClassifier_b4d02e830fe1', 'data'))).map((r) => [n(r.id), r]));
    const assembled = JSON.parse(fs.readFileSync(path.join(stages, '08_VectorAssembler_6e9e2fdb3076', 'metadata', 'part-00000'), 'utf8')).paramMap.inputCols as string[];
    const raw = arraysOf(out.columns.get('rawPrediction')), prob = arraysOf(out.columns.get('probability'));
    for (let i = 0; i < 6; i++) {
      const x = assembled.map((c, j) => (Number(rows[i][c]) - mean[j]) * (std[j] === 0 ? 0 : 1 / std[j]));
      const node = leaf(nodes, x);
      const counts = Array.from(node.impurityStats, n) as number[];
      expect(raw[i]).toEqual(counts);
      expect(prob[i]![1]).toBeCloseTo(counts[1] / sum(counts), 12);
      expect(predicted[i]).toBe(counts[1] > counts[0] ? 1 : 0);
    }
  });

  test('an unseen category fails as Spark does (handleInvalid = error); `class` is required here', async () => {
    const model = await loadModel(fixture('nids-dt-pipeline-spark3.3', 'pipeline'));
    // Its indexed label feeds a OneHotEncoder, which Spark does not skip.
    expect(model.inputs.find((i) => i.name === 'class')?.optional).toBeFalsy();
    expect(model.inputs.find((i) => i.name === 'flag')?.optional).toBeFalsy();
    const input: Record<string, Vector> = {};
    for (const spec of model.inputs) input[spec.name] = spec.type.kind === 'string' ? strings(['tcp']) : doubles([0]);
    input.service = strings(['no-such-service']);
    expect(() => model.transform(input)).toThrow(/Unseen label: no-such-service/);
  });
});

describe('random forests', () => {
  test('libsvm-rf-spark2.3: soft votes by hand, and the training data is fitted', async () => {
    const dir = fixture('libsvm-rf-spark2.3', 'py_rforest_cls');
    const model = await loadModel(dir);
    const lines = fs.readFileSync(fixture('libsvm-rf-spark2.3', 'sample_libsvm_data.txt'), 'utf8').trim().split('\n');
    const labels = lines.map((l) => Number(l.split(' ')[0]));
    const xs = lines.map((l) => {
      const x = new Array(692).fill(0);
      for (const kv of l.trim().split(' ').slice(1)) { const [k, v] = kv.split(':'); x[Number(k) - 1] = Number(v); }
      return x;
    });
    const out = model.transform({ indexedFeatures: vectors(xs) });
    const predicted = numbersOf(out.columns.get('prediction'));
    // indexedLabel came from a StringIndexer (frequency order): label 1.0 (57 rows) → 0, 0.0 → 1.
    expect(predicted.filter((p, i) => p === 1 - labels[i]).length).toBeGreaterThanOrEqual(95);
    const forest = trees(await readRows(path.join(dir, 'data')));
    expect(forest.length).toBe(10);
    const raw = arraysOf(out.columns.get('rawPrediction')), prob = arraysOf(out.columns.get('probability'));
    for (const i of [0, 1, 2, 50, 99]) {
      const votes = [0, 0];
      for (const t of forest) {
        const stats = Array.from(leaf(t, xs[i]).impurityStats, n) as number[];
        votes[0] += stats[0] / sum(stats);
        votes[1] += stats[1] / sum(stats);
      }
      expect(raw[i]![0]).toBeCloseTo(votes[0], 12);
      expect(raw[i]![1]).toBeCloseTo(votes[1], 12);
      expect(prob[i]![1]).toBeCloseTo(votes[1] / 10, 12);
    }
  });

  test('churn-rf-pipeline-spark2.4 (categorical splits) and sparkify rf/dt (3.2): hand-walked trees agree', async () => {
    const cases: [string[], number][] = [
      [['churn-rf-pipeline-spark2.4', 'model', 'stages', '0_RandomForestClassifier_59755220f858'], 22],
      [['sparkify-cv-spark3.2', 'rf_model', 'bestModel'], 31],
    ];
    for (const [parts, size] of cases) {
      const dir = fixture(...parts);
      const model = await loadModel(dir);
      const forest = trees(await readRows(path.join(dir, 'data')));
      // Deterministic pseudo-random rows; 0/1 in the first features to reach categorical splits.
      const xs = Array.from({ length: 20 }, (_, r) => Array.from({ length: size }, (_, j) => (j < 6 ? (r + j) % 2 : ((r * 37 + j * 11) % 23) / 3 - 2)));
      const prob = arraysOf(model.transform({ features: vectors(xs) }).columns.get('probability'));
      xs.forEach((x, i) => {
        const votes = forest.map((t) => { const s = Array.from(leaf(t, x).impurityStats, n) as number[]; return s[1] / sum(s); });
        expect(prob[i]![1]).toBeCloseTo(sum(votes) / forest.length, 12);
      });
    }
    const dt = await loadModel(fixture('sparkify-cv-spark3.2', 'dec_tre_model'));
    const nodes = new Map((await readRows(fixture('sparkify-cv-spark3.2', 'dec_tre_model', 'bestModel', 'data'))).map((r) => [n(r.id), r]));
    const xs = Array.from({ length: 20 }, (_, r) => Array.from({ length: 31 }, (_, j) => ((r * 13 + j * 7) % 17) / 4 - 2));
    const raw = arraysOf(dt.transform({ features: vectors(xs) }).columns.get('rawPrediction'));
    xs.forEach((x, i) => expect(raw[i]).toEqual(Array.from(leaf(nodes, x).impurityStats, n)));
  });

  test('nslkdd-rf-spark2.2: VectorSlicer picks features by ML attribute name, then 500 trees vote', async () => {
    const dir = fixture('nslkdd-rf-spark2.2', 'model');
    const model = await loadModel(dir);
    expect(model.stages.map((s) => s.className.split('.').pop())).toEqual(['VectorSlicer', 'RandomForestClassificationModel']);
    const slicer = JSON.parse(fs.readFileSync(path.join(dir, 'stages', '0_VectorSlicer_493eb79c5b91ee57d611', 'metadata', 'part-00000'), 'utf8'));
    const names = slicer.paramMap.names as string[];
    // An input vector with two extra features and the wanted ones in reverse order.
    const attrs = ['extra_a', ...[...names].reverse(), 'extra_b'];
    const rows = Array.from({ length: 4 }, (_, r) => attrs.map((_, j) => ((r * 7 + j * 3) % 5 === 0 ? 1 : ((r + j) % 4) / 3)));
    expect(() => model.transform({ indexed_features: vectors(rows) })).toThrow(/attribute names/);
    const out = model.transform({ indexed_features: vectors(rows) }, { attributeNames: { indexed_features: attrs } });
    const sliced = arraysOf(out.columns.get('features'));
    const forest = trees(await readRows(path.join(dir, 'stages', '1_RandomForestClassifier_418ba9b68217b2fbbf40', 'data')));
    expect(forest.length).toBe(500);
    const prob = arraysOf(out.columns.get('probability'));
    rows.forEach((row, i) => {
      const x = names.map((nm) => row[attrs.indexOf(nm)]);
      expect(sliced[i]).toEqual(x);
      const votes = forest.map((t) => { const s = Array.from(leaf(t, x).impurityStats, n) as number[]; return s[1] / sum(s); });
      expect(prob[i]![1]).toBeCloseTo(sum(votes) / 500, 12);
    });
  });
});

describe('wine-scaler-pca-rfr-spark3.5 (StandardScaler → PCA → RandomForestRegressor, chained by hand)', () => {
  test('each step matches the model parameters by hand', async () => {
    const base = fixture('wine-scaler-pca-rfr-spark3.5');
    const [scaler, pca, forestModel] = await Promise.all(['scaler_model', 'pca_model', 'regression_model'].map((d) => loadModel(path.join(base, d))));
    const cols = ['fixed_acidity', 'volatile_acidity', 'citric_acid', 'residual_sugar', 'chlorides', 'free_sulfur_dioxide', 'total_sulfur_dioxide'];
    const rows = readCsv(path.join(base, 'winequality.csv')).slice(0, 50);
    const xs = rows.map((r) => cols.map((c) => Number(r[c])));
    const scaled = arraysOf(scaler.transform({ assembled_features: vectors(xs) }).columns.get('scaled_features'));
    const projected = arraysOf(pca.transform({ scaled_features: vectors(scaled as number[][]) }).columns.get('pca_features'));
    const predicted = numbersOf(forestModel.transform({ pca_features: vectors(projected as number[][]) }).columns.get('prediction'));

    const s = (await readRows(path.join(base, 'scaler_model', 'data')))[0];
    const mean = Array.from(s.mean.values, n) as number[], std = Array.from(s.std.values, n) as number[];
    const pc = (await readRows(path.join(base, 'pca_model', 'data')))[0].pc;
    expect(n(pc.numRows)).toBe(7);
    const pcValues = Array.from(pc.values, n) as number[]; // column-major 7×5
    const forest = trees(await readRows(path.join(base, 'regression_model', 'data')));
    for (let i = 0; i < 10; i++) {
      const z = xs[i].map((x, j) => (x - mean[j]) / std[j]);
      z.forEach((v, j) => expect(scaled[i]![j]).toBeCloseTo(v, 12));
      const p = [0, 1, 2, 3, 4].map((k) => sum(z.map((v, j) => v * pcValues[k * 7 + j])));
      p.forEach((v, k) => expect(projected[i]![k]).toBeCloseTo(v, 12));
      const mean20 = sum(forest.map((t) => n(leaf(t, p).prediction))) / forest.length;
      expect(predicted[i]).toBeCloseTo(mean20, 12);
      expect(predicted[i]).toBeGreaterThan(3);
      expect(predicted[i]).toBeLessThan(9);
    }
  });
});
