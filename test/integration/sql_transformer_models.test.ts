// SQLTransformer stages run by Quarry's own SQL engine, through the wire: a hand-written pipeline
// SQLTransformer → VectorAssembler → LogisticRegressionModel, its answers worked out by hand, and
// the statements CREATE MODEL refuses.

import path from 'node:path';
import * as arrow from 'apache-arrow';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer, errorOf, startTestServer } from '../support/server.js';
import { VECTOR, dense, writeData, writeMetadata } from '../ml/model_dir.js';

/** A PipelineModel of SQLTransformer(statement) → VectorAssembler(s, p) → LogisticRegression(w = [0.5, -0.25], b = 0.1). */
function writePipeline(dir: string, statement: string): void {
  writeMetadata(dir, { class: 'org.apache.spark.ml.PipelineModel', uid: 'pipe', paramMap: { stageUids: ['sql', 'va', 'lr'] } });
  writeMetadata(path.join(dir, 'stages', '0_sql'), { class: 'org.apache.spark.ml.feature.SQLTransformer', uid: 'sql', paramMap: { statement } });
  writeMetadata(path.join(dir, 'stages', '1_va'), {
    class: 'org.apache.spark.ml.feature.VectorAssembler', uid: 'va', paramMap: { inputCols: ['s', 'p'], outputCol: 'features' }, defaultParamMap: { handleInvalid: 'error' },
  });
  const lr = path.join(dir, 'stages', '2_lr');
  writeMetadata(lr, { class: 'org.apache.spark.ml.classification.LogisticRegressionModel', uid: 'lr', sparkVersion: '2.0.2', paramMap: {}, defaultParamMap: { threshold: 0.5 } });
  writeData(lr, { numClasses: { type: new arrow.Int32(), values: [2] }, numFeatures: { type: new arrow.Int32(), values: [2] },
    intercept: { type: new arrow.Float64(), values: [0.1] }, coefficients: { type: VECTOR, values: [dense([0.5, -0.25])] } });
}

describe('SQLTransformer stages', () => {
  let server: TestServer;
  let client: pg.Client;
  const dbfs = (p: string) => path.join(server.warehouse, 'dbfs', p);
  // (a, b) → s = a + b, p = a * b → margin = 0.5 s - 0.25 p + 0.1:
  //   (1, 2): s 3, p 2 → 1.1;  (0, -2): s -2, p 0 → -0.9;  (4, 5): s 9, p 20 → -0.4;  (NULL, 1): dropped by the WHERE.
  const rows = 'VALUES (1, 1, 2), (2, 0, -2), (3, 4, 5), (4, NULL, 1) AS t(id, a, b)';

  beforeAll(async () => {
    server = await startTestServer();
    client = await server.client();
    writePipeline(dbfs('models/sums'), 'SELECT *, (a + b) AS s, a * b AS p FROM __THIS__ WHERE a IS NOT NULL');
  });
  afterAll(async () => {
    await server?.close();
  });

  it('registers the pipeline with the columns its statement reads and writes', async () => {
    await client.query("CREATE MODEL sums FROM 'dbfs:/models/sums'");
    const described = (await client.query('DESCRIBE MODEL sums')).rows.map((r) => `${r.info} ${r.name} ${r.detail}`);
    expect(described).toEqual(expect.arrayContaining([
      'input a double', 'input b double', 'output s double', 'output p double', 'output features array<double>', 'output prediction double (prediction)',
      'stage 0 sql org.apache.spark.ml.feature.SQLTransformer',
    ]));
    expect(described.filter((d) => d.startsWith('input'))).toHaveLength(2);
  });

  it('predicts as worked by hand; rows the WHERE drops score NULL', async () => {
    const { rows: scored } = await client.query(`SELECT id, predict(sums, a, b) AS y FROM ${rows} ORDER BY id`);
    expect(scored).toEqual([{ id: 1, y: 1 }, { id: 2, y: 0 }, { id: 3, y: 0 }, { id: 4, y: null }]);
    const { rows: table } = await client.query(`SELECT id, s, p, features, probability FROM ml_transform(sums, TABLE(SELECT * FROM ${rows})) ORDER BY id`);
    expect(table.map((r) => [r.id, r.s, r.p, r.features])).toEqual([[1, 3, 2, [3, 2]], [2, -2, -0, [-2, -0]], [3, 9, 20, [9, 20]], [4, null, null, null]]);
    // sigmoid(1.1), sigmoid(-0.9), sigmoid(-0.4).
    [0.7502601055951177, 0.289050497374996, 0.401312339887548].forEach((p1, i) => expect(table[i].probability[1]).toBeCloseTo(p1, 12));
  });

  it('runs string functions over string inputs', async () => {
    // `len` is also an alias here, and still an input (the one thing the name can resolve to in `len * 2`).
    writePipeline(dbfs('models/lengths'), 'SELECT length(name) AS s, CAST(len AS DOUBLE) * 2 AS p, len + 1 AS len FROM __THIS__');
    await client.query("CREATE MODEL lengths FROM 'dbfs:/models/lengths'");
    // ("abcd", 1): s 4, p 2 → margin 2 - 0.5 + 0.1 = 1.6 → 1;  ("a", 3): s 1, p 6 → 0.5 - 1.5 + 0.1 = -0.9 → 0.
    const { rows: scored } = await client.query("SELECT predict(lengths, name, len) AS y FROM VALUES ('abcd', 1), ('a', 3) AS t(name, len)");
    expect(scored).toEqual([{ y: 1 }, { y: 0 }]);
    // The model writes `len` (the statement's len + 1) besides the input's; the later one shows.
    const { rows: table } = await client.query("SELECT * FROM ml_transform(lengths, TABLE(SELECT 'abcd' AS name, 1 AS len))");
    expect(table).toEqual([{ name: 'abcd', len: 2, s: 4, p: 2, features: [4, 2], rawPrediction: [-1.6, 1.6], probability: expect.any(Array), prediction: 1 }]);
  });

  it('refuses at CREATE MODEL a statement that does not parse, bind, or map rows to rows', async () => {
    const cases: [string, string][] = [
      ['SELEC a FROM __THIS__', 'PARSE_SYNTAX_ERROR'],
      ['SELECT no_such_function(a) AS s, b AS p FROM __THIS__', 'UNRESOLVED_ROUTINE'],
      ['SELECT sum(a) AS s, sum(b) AS p FROM __THIS__', 'one row out for each row in'],
      ['SELECT a AS s, b AS p FROM __THIS__ ORDER BY a', 'one row out for each row in'],
      ['SELECT x.a AS s, y.b AS p FROM __THIS__ x JOIN __THIS__ y ON x.a = y.a', 'one row out for each row in'],
    ];
    for (const [i, [statement, reason]] of cases.entries()) {
      writePipeline(dbfs(`models/bad${i}`), statement);
      const error = await errorOf(client, `CREATE MODEL bad${i} FROM 'dbfs:/models/bad${i}'`);
      expect(error.code).toBe('0A000');
      expect(error.message).toContain('[UNSUPPORTED_FEATURE.SQL_TRANSFORMER]');
      expect(error.message).toContain(reason);
    }
    // Without `*` the statement's columns are all later stages see, as in Spark: `p` is gone.
    writePipeline(dbfs('models/narrow'), 'SELECT a + b AS s FROM __THIS__');
    const narrow = await errorOf(client, "CREATE MODEL narrow FROM 'dbfs:/models/narrow'");
    expect(narrow.code).toBe('42703');
    expect(narrow.message).toContain('VectorAssembler (uid va) reads the column `p`, which an earlier SQLTransformer does not select');
    writePipeline(dbfs('models/dated'), 'SELECT a AS s, b AS p, current_date() AS d FROM __THIS__');
    const typed = await errorOf(client, "CREATE MODEL dated FROM 'dbfs:/models/dated'");
    expect(typed.message).toContain('[DATATYPE_MISMATCH]');
    expect(typed.message).toContain('`d` of type date');
    expect((await client.query('SHOW MODELS')).rows.map((r) => r.modelName)).toEqual(['lengths', 'sums']);
  });
});
