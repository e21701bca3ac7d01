// SQLTransformer at the ML layer: its statement runs only through a SQL engine the loader is given
// (the engine's is tested over the wire in test/integration/sql_transformer_models.test.ts).

import path from 'node:path';
import { expect, test } from 'vitest';
import { loadModel } from '../../src/ml/index.js';
import { tempDir, writeMetadata } from './model_dir.js';

test('a SQLTransformer stage without a SQL engine is refused at load, naming the class', async () => {
  const root = tempDir();
  writeMetadata(root, { class: 'org.apache.spark.ml.PipelineModel', uid: 'p', paramMap: { stageUids: ['sql'] } });
  writeMetadata(path.join(root, 'stages', '0_sql'), { class: 'org.apache.spark.ml.feature.SQLTransformer', uid: 'sql', paramMap: { statement: 'SELECT *, a + b AS c FROM __THIS__' } });
  await expect(loadModel(root)).rejects.toThrow(/SQLTransformer \(uid sql\) needs a SQL engine/);
});
