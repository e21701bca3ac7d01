// KMeansModel: the authors' 145 saved cluster assignments (2.4), and nearest centers by hand (3.4).

import fs from 'node:fs';
import { expect, test } from 'vitest';
import { loadModel } from '../../src/ml/index.js';
import { fixture, numbersOf, readCsv, vectors } from './fixtures.js';
import { n, readRows, vec } from './reference.js';

test('citybike-kmeans-spark2.4: all 145 expected predictions', async () => {
  const model = await loadModel(fixture('citybike-kmeans-spark2.4', 'model'));
  expect(model.outputs).toEqual([{ name: 'prediction', type: { kind: 'int' } }]);
  const stations = JSON.parse(fs.readFileSync(fixture('citybike-kmeans-spark2.4', 'input_Brisbane_CityBike.json'), 'utf8')) as Record<string, number | null>[];
  // Rows without numeric latitude and longitude (null, "not relevant", nested `coordinates`) never
  // reach the model: 143 rows. The authors' 145 output rows repeat two rows of station 99.
  const kept = stations.filter((s) => typeof s.latitude === 'number' && typeof s.longitude === 'number');
  expect(kept.length).toBe(143);
  const out = model.transform({ features: vectors(kept.map((s) => [s.latitude!, s.longitude!])) });
  const predicted = numbersOf(out.columns.get('prediction'));
  expect(out.columns.get('prediction')!.data).toBeInstanceOf(Int32Array);
  const expected = fs.readFileSync(fixture('citybike-kmeans-spark2.4', 'expected_predictions.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  expect(expected.length).toBe(145);
  // Spark wrote the output in its own order and ids repeat: match on (id, latitude, longitude).
  const key = (s: { id: unknown; latitude: unknown; longitude: unknown }) => `${Number(s.id)}|${s.latitude}|${s.longitude}`;
  const byKey = new Map(expected.map((e) => [key(e), e.prediction]));
  expect(byKey.size).toBe(143);
  kept.forEach((s, i) => expect(predicted[i], `station ${key(s)}`).toBe(byKey.get(key(s))));
  const counts = expected.map((e) => predicted[kept.findIndex((s) => key(s) === key(e))]);
  expect(counts.filter((p) => p === 0).length).toBe(80);
  expect(counts.filter((p) => p === 1).length).toBe(65);
});

test('carins-kmeans-spark3.4: nearest of the two 29-dimensional centers, by hand', async () => {
  const model = await loadModel(fixture('carins-kmeans-spark3.4', 'kmeans_model'));
  const rows = readCsv(fixture('carins-kmeans-spark3.4', 'input.csv')).slice(0, 200);
  const xs = rows.map((r) => Object.values(r).map(Number));
  expect(xs[0].length).toBe(29);
  const predicted = numbersOf(model.transform({ features: vectors(xs) }).columns.get('prediction'));
  const centers = (await readRows(fixture('carins-kmeans-spark3.4', 'kmeans_model', 'data')))
    .sort((a, b) => n(a.clusterIdx) - n(b.clusterIdx)).map((r) => vec(r.clusterCenter));
  const dist = (x: number[], c: number[]) => x.reduce((s, v, j) => s + (v - c[j]) ** 2, 0);
  xs.forEach((x, i) => expect(predicted[i]).toBe(dist(x, centers[0]) <= dist(x, centers[1]) ? 0 : 1));
  expect(new Set(predicted).size).toBe(2);
});
