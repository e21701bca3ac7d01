// Saved Spark ML models as SQL functions, through the wire: CREATE/SHOW/DESCRIBE/DROP MODEL,
// predict() and ml_transform(), checked against the predictions the models' authors saved
// (../shared/ml-models, read in place and copied only into the test's own warehouse).

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { TestServer, errorOf, startTestServer } from '../support/server.js';

const MODELS = path.resolve(import.meta.dirname, '../../../shared/ml-models');

let server: TestServer;
let client: pg.Client;

/** Puts a fixture directory into the test warehouse's DBFS at `dbfsPath`. */
function place(fixture: string, dbfsPath: string): void {
  fs.cpSync(path.join(MODELS, fixture), path.join(server.warehouse, 'dbfs', dbfsPath), { recursive: true });
}

describe('ML models as SQL functions', () => {
  beforeAll(async () => {
    server = await startTestServer();
    place('linreg-spark2.1/model', 'models/linreg');
    place('bank-gbt-pipeline-spark3.1/model', 'models/bank');
    place('bank-gbt-pipeline-spark3.1/batch-data', 'raw/bank');
    client = await server.client();
  });

  afterAll(async () => {
    await server?.close();
  });

  it('registers, describes and lists a model', async () => {
    await client.query("CREATE MODEL lr FROM 'dbfs:/models/linreg'");
    const shown = await client.query('SHOW MODELS');
    expect(shown.rows).toEqual([{ namespace: 'default', modelName: 'lr', className: 'org.apache.spark.ml.regression.LinearRegressionModel', location: 'dbfs:/models/linreg' }]);
    const described = await client.query('DESCRIBE MODEL lr');
    expect(described.rows).toContainEqual({ info: 'input', name: 'features', detail: 'array<double>' });
    expect(described.rows).toContainEqual({ info: 'output', name: 'prediction', detail: 'double (prediction)' });
    const routines = await client.query("SELECT routine_name, routine_type, external_name FROM information_schema.routines WHERE routine_schema = 'default'");
    expect(routines.rows).toEqual([{ routine_name: 'lr', routine_type: 'FUNCTION', external_name: 'org.apache.spark.ml.regression.LinearRegressionModel' }]);
    expect((await errorOf(client, "CREATE MODEL lr FROM 'dbfs:/models/linreg'")).code).toBe('42723');
    await client.query("CREATE MODEL IF NOT EXISTS lr FROM 'dbfs:/models/linreg'");
  });

  it("scores with predict() and ml_transform() as the authors' tests expect", async () => {
    // The three values of the authors' own test (README of linreg-spark2.1).
    const expected = new Map([[0, 0.3951605206669529], [1000, 303.7370258016517], [-10, -2.638258132142895]]);
    const scalar = await client.query('SELECT x, predict(lr, *) AS y FROM (SELECT x, array(CAST(x AS DOUBLE)) AS features FROM VALUES (0), (1000), (-10) AS t(x))');
    for (const row of scalar.rows) expect(row.y).toBeCloseTo(expected.get(row.x)!, 9);
    const table = await client.query('SELECT x, prediction FROM ml_transform(lr, TABLE(SELECT x, array(CAST(x AS DOUBLE)) AS features FROM VALUES (0), (1000), (-10) AS t(x))) WHERE prediction > 0 ORDER BY x');
    expect(table.rows.map((r) => r.x)).toEqual([0, 1000]);
    expect(table.rows[1].prediction).toBeCloseTo(303.7370258016517, 9);
    // A one-input model takes one argument by position too.
    const positional = await client.query('SELECT predict(lr, array(1000.0D)) AS y');
    expect(positional.rows[0].y).toBeCloseTo(303.7370258016517, 9);
    // array(…) of number columns reaches the model as one block of rows: the same predictions,
    // integers widened, and a NULL element refused as an array value with one would be.
    const block = await client.query('SELECT x, predict(lr, array(x)) AS y FROM VALUES (0), (1000), (-10) AS t(x)');
    for (const row of block.rows) expect(row.y).toBeCloseTo(expected.get(row.x)!, 9);
    expect((await errorOf(client, 'SELECT predict(lr, array(x)) FROM VALUES (1), (NULL) AS t(x)')).message).toContain('NULL element');
  });

  it('scores a pipeline over a CSV table, row for row as Spark did', async () => {
    await client.query("CREATE MODEL bank FROM 'dbfs:/models/bank'");
    await client.query("CREATE TABLE leads USING csv OPTIONS (header 'true', inferSchema 'true') LOCATION 'dbfs:/raw/bank'");
    // The authors' scorer renamed the dotted columns before transform(); so does this query.
    const scored = await client.query(`
      SELECT _c0 AS row_index, predict(bank, *) AS prediction FROM (
        SELECT *, \`emp.var.rate\` AS emp_var_rate, \`cons.price.idx\` AS cons_price_idx,
               \`cons.conf.idx\` AS cons_conf_idx, \`nr.employed\` AS nr_employed FROM leads)`);
    const expectedLines = fs.readFileSync(path.join(MODELS, 'bank-gbt-pipeline-spark3.1/expected_predictions.csv'), 'utf8').trim().split('\n').slice(1);
    const expected = expectedLines.map((l) => { const f = l.split(','); return `${f[1]}:${Number(f[3])}`; }).sort();
    const actual = scored.rows.map((r) => `${r.row_index}:${r.prediction}`).sort();
    expect(actual).toHaveLength(400);
    expect(actual).toEqual(expected);
    // Batch scoring into a table.
    await client.query('CREATE TABLE scored USING parquet AS SELECT prediction, probability, y FROM ml_transform(bank, TABLE(SELECT *, `emp.var.rate` AS emp_var_rate, `cons.price.idx` AS cons_price_idx, `cons.conf.idx` AS cons_conf_idx, `nr.employed` AS nr_employed FROM leads))');
    const summary = await client.query("SELECT count(*)::int AS n, count_if(prediction = 1.0)::int AS yes FROM scored");
    expect(summary.rows[0]).toEqual({ n: 400, yes: 41 });
    // The probability vectors are stored as array<double> and read back whole.
    const probabilities = await client.query('SELECT probability FROM scored WHERE prediction = 1.0 LIMIT 1');
    const [p0, p1] = probabilities.rows[0].probability as number[];
    expect(p0 + p1).toBeCloseTo(1, 12);
    expect(p1).toBeGreaterThan(0.5);
  });

  it('refuses what it cannot score, with clear errors, and drops models', async () => {
    expect((await errorOf(client, 'SELECT predict(nope, 1)')).code).toBe('42883');
    const missing = await errorOf(client, 'SELECT predict(bank, age) FROM leads');
    expect(missing.code).toBe('42703');
    expect(missing.message).toContain('job');
    // An unsupported stage fails at CREATE MODEL, naming its class.
    const dir = path.join(server.warehouse, 'dbfs', 'models', 'lda', 'metadata');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'part-00000'), JSON.stringify({ class: 'org.apache.spark.ml.clustering.LocalLDAModel', timestamp: 0, sparkVersion: '3.5.0', uid: 'LDA_1', paramMap: {} }));
    const unsupported = await errorOf(client, "CREATE MODEL lda FROM 'dbfs:/models/lda'");
    expect(unsupported.message).toContain('LocalLDAModel');
    expect((await client.query('SHOW MODELS')).rows.map((r) => r.modelName)).toEqual(['bank', 'lr']);
    await client.query('DROP MODEL lr');
    expect((await errorOf(client, 'DROP MODEL lr')).code).toBe('42883');
    await client.query('DROP MODEL IF EXISTS lr');
    expect((await client.query('SHOW MODELS')).rows.map((r) => r.modelName)).toEqual(['bank']);
  });

  it('keeps models in the catalog across a restart', async () => {
    const { QuarryEngine } = await import('../../src/engine/index.js');
    const reopened = await QuarryEngine.open(server.warehouse);
    expect(reopened.catalog.listModels('default').map((m) => [m.name, m.className])).toEqual([['bank', 'org.apache.spark.ml.PipelineModel']]);
  });
});
