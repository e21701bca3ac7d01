// The two Parquet decoders agree on Spark-written model data: parquet-wasm + Arrow (used first) and
// hyparquet (the fallback), over vectors, sparse transposed matrices, maps of maps, arrays of arrays,
// tree nodes with nested splits, and files from parquet-mr 1.8.1 (Spark 2.1) to 1.13 (Spark 3.5).

import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { readWithArrow, readWithHyparquet } from '../../src/ml/data.js';
import { fixture } from './fixtures.js';

const DIRS = [
  'linreg-spark2.1/model/data',
  'libsvm-logreg-spark2.3/py_log_reg/data',
  'flights-minmax-lr-spark2.4/sparkml/stages/4_VectorIndexer_4071f7331676/data',
  'bank-gbt-pipeline-spark3.1/model/stages/0_StringIndexer_e0cb7b37abf9/data',
  'bank-gbt-pipeline-spark3.1/model/stages/4_GBTClassifier_e0eaff3119fc/data',
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

test.each(DIRS)('%s', async (dir) => {
  const full = fixture(...dir.split('/'));
  for (const name of fs.readdirSync(full).filter((n) => n.endsWith('.parquet'))) {
    const a = await readWithArrow(path.join(full, name));
    const h = await readWithHyparquet(path.join(full, name));
    expect(a.length).toBe(h.length);
    expect(normal(a)).toEqual(normal(h));
  }
});
