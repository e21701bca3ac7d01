// Saved Spark ML models on a blob mount (Azurite): CREATE MODEL from the mount scores exactly as the
// same model read from the local DBFS root, and a model saved again at the same path is read anew.

import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AZURITE_KEY, Azurite, startAzurite } from '../support/azurite.js';
import { TestServer, errorOf, startTestServer } from '../support/server.js';

const MODELS = path.resolve(import.meta.dirname, '../../../shared/ml-models');

/** Uploads every file of a local folder under `prefix` in the container. */
async function upload(azurite: Azurite, container: string, folder: string, prefix: string): Promise<void> {
  const client = azurite.service.getContainerClient(container);
  for (const entry of fs.readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const key = `${prefix}/${path.relative(folder, file).split(path.sep).join('/')}`;
    await client.getBlockBlobClient(key).uploadData(fs.readFileSync(file));
  }
}

describe('ML models on a blob mount', () => {
  let azurite: Azurite;
  let server: TestServer;
  let client: pg.Client;
  const leads = `SELECT *, \`emp.var.rate\` AS emp_var_rate, \`cons.price.idx\` AS cons_price_idx,
    \`cons.conf.idx\` AS cons_conf_idx, \`nr.employed\` AS nr_employed FROM leads`;

  beforeAll(async () => {
    azurite = await startAzurite();
    await azurite.service.getContainerClient('lake').create();
    await upload(azurite, 'lake', path.join(MODELS, 'bank-gbt-pipeline-spark3.1/model'), 'models/bank');
    server = await startTestServer();
    fs.cpSync(path.join(MODELS, 'bank-gbt-pipeline-spark3.1/model'), path.join(server.warehouse, 'dbfs/models/bank'), { recursive: true });
    fs.cpSync(path.join(MODELS, 'bank-gbt-pipeline-spark3.1/batch-data'), path.join(server.warehouse, 'dbfs/raw/bank'), { recursive: true });
    client = await server.client();
    await client.query(`CALL mount('wasbs://lake@devstoreaccount1.blob.core.windows.net/', '/mnt/lake',
      map('account_key', '${AZURITE_KEY}', 'endpoint', '${azurite.endpoint}'))`);
    await client.query("CREATE TABLE leads USING csv OPTIONS (header 'true', inferSchema 'true') LOCATION 'dbfs:/raw/bank'");
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await azurite?.close();
  });

  it('registers a pipeline from the mount and predicts as the local copy does', async () => {
    await client.query("CREATE MODEL bank_blob FROM '/mnt/lake/models/bank'");
    await client.query("CREATE MODEL bank_local FROM 'dbfs:/models/bank'");
    const shown = await client.query("SHOW MODELS");
    expect(shown.rows.find((r) => r.modelName === 'bank_blob').location).toBe('dbfs:/mnt/lake/models/bank');
    const { rows } = await client.query(`SELECT _c0 AS i, predict(bank_blob, *) AS blob, predict(bank_local, *) AS local FROM (${leads}) ORDER BY i`);
    expect(rows).toHaveLength(400);
    expect(rows.map((r) => r.blob)).toEqual(rows.map((r) => r.local));
    // And as Spark did (the authors' saved predictions).
    const expected = fs.readFileSync(path.join(MODELS, 'bank-gbt-pipeline-spark3.1/expected_predictions.csv'), 'utf8').trim().split('\n').slice(1)
      .map((l) => { const f = l.split(','); return `${f[1]}:${Number(f[3])}`; }).sort();
    expect(rows.map((r) => `${r.i}:${r.blob}`).sort()).toEqual(expected);
    // The copy is kept beside DBFS, never inside it.
    expect((await client.query("LIST 'dbfs:/'")).rows.map((r) => r.name)).not.toContain('model-cache/');
    expect(fs.readdirSync(path.join(server.warehouse, 'model-cache')).filter((n) => !n.startsWith('.'))).toHaveLength(1);
  });

  it('reads a model saved again at the same path anew', async () => {
    // Overwrite the blob path with another model (a linear regression) and register it again.
    const container = azurite.service.getContainerClient('lake');
    for await (const blob of container.listBlobsFlat({ prefix: 'models/bank/' })) await container.deleteBlob(blob.name);
    await upload(azurite, 'lake', path.join(MODELS, 'linreg-spark2.1/model'), 'models/bank');
    // A copy a stopped server left half done, hours ago: cleaned up by the next copy.
    const stale = path.join(server.warehouse, 'model-cache', '.copy-stale');
    fs.mkdirSync(path.join(stale, 'metadata'), { recursive: true });
    const hoursAgo = new Date(Date.now() - 3 * 3600_000);
    fs.utimesSync(stale, hoursAgo, hoursAgo);
    await client.query("CREATE OR REPLACE MODEL bank_blob FROM 'dbfs:/mnt/lake/models/bank'");
    expect(fs.existsSync(stale)).toBe(false);
    const { rows } = await client.query('SELECT predict(bank_blob, array(1000.0D)) AS y');
    expect(rows[0].y).toBeCloseTo(303.7370258016517, 9);
    expect(fs.readdirSync(path.join(server.warehouse, 'model-cache')).filter((n) => !n.startsWith('.'))).toHaveLength(2);
  });

  it('fails clearly for a path with no model and leaves the catalog as it was', async () => {
    const error = await errorOf(client, "CREATE MODEL nothing FROM '/mnt/lake/models/none'");
    expect(error.code).toBe('58030');
    expect(error.message).toContain('dbfs:/mnt/lake/models/none');
    expect((await client.query('SHOW MODELS')).rows.map((r) => r.modelName)).toEqual(['bank_blob', 'bank_local']);
  });
});
