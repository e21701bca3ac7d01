// The demo's ETL on a blob mount: the real KDD Cup 99 sample is copied onto an Azurite-backed
// mount (with the code `quarry fs cp` runs), read as an external CSV table, turned into a
// partitioned Parquet table managed in a database that lives on the mount, and aggregated; the
// answers are checked against DuckDB reading the same CSV.

import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalStorage, clearRangeCache, copyPath, dbfsEndpoint } from '../../src/catalog/index.js';
import { BlobStorage } from '../../src/catalog/storage/blob_storage.js';
import { AZURITE_KEY, Azurite, startAzurite } from '../support/azurite.js';
import { TestServer, startTestServer } from '../support/server.js';

const CSV = path.resolve(import.meta.dirname, '../../../shared/kdd/kddcup_10pct_sample.csv');

const COLUMNS = `duration INT, protocol_type STRING, service STRING, flag STRING, src_bytes BIGINT, dst_bytes BIGINT,
  land INT, wrong_fragment INT, urgent INT, hot INT, num_failed_logins INT, logged_in INT,
  num_compromised INT, root_shell INT, su_attempted INT, num_root INT, num_file_creations INT,
  num_shells INT, num_access_files INT, num_outbound_cmds INT, is_host_login INT, is_guest_login INT,
  count INT, srv_count INT, serror_rate DOUBLE, srv_serror_rate DOUBLE, rerror_rate DOUBLE,
  srv_rerror_rate DOUBLE, same_srv_rate DOUBLE, diff_srv_rate DOUBLE, srv_diff_host_rate DOUBLE,
  dst_host_count INT, dst_host_srv_count INT, dst_host_same_srv_rate DOUBLE, dst_host_diff_srv_rate DOUBLE,
  dst_host_same_src_port_rate DOUBLE, dst_host_srv_diff_host_rate DOUBLE, dst_host_serror_rate DOUBLE,
  dst_host_srv_serror_rate DOUBLE, dst_host_rerror_rate DOUBLE, dst_host_srv_rerror_rate DOUBLE,
  label STRING`;

describe('the KDD ETL on an Azurite-backed mount', () => {
  let azurite: Azurite;
  let server: TestServer;
  let client: pg.Client;
  beforeAll(async () => {
    azurite = await startAzurite();
    await azurite.service.getContainerClient('raw').create();
    server = await startTestServer();
    client = await server.client();
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    await azurite?.close();
  });

  it('copies the CSV onto the mount, builds the partitioned Parquet table there, and agrees with DuckDB', async () => {
    await client.query(`CALL mount('wasbs://raw@devstoreaccount1.blob.core.windows.net/', '/mnt/raw',
      map('account_key', '${AZURITE_KEY}', 'endpoint', '${azurite.endpoint}'))`);
    const local = new LocalStorage(path.dirname(CSV));
    const copied = await copyPath({ storage: local, key: path.basename(CSV), display: CSV }, dbfsEndpoint(server.engine.catalog.dbfs, 'dbfs:/mnt/raw/kdd/'), { targetIsDirectory: true });
    expect(copied).toBe(1);
    expect((await client.query("LIST 'dbfs:/mnt/raw/kdd/'")).rows.map((r) => [r.name, Number(r.size)])).toEqual([['kddcup_10pct_sample.csv', 3_013_694]]);

    await client.query("CREATE DATABASE lake LOCATION 'dbfs:/mnt/raw/warehouse/lake.db'");
    await client.query('USE lake');
    await client.query(`CREATE TABLE kdd_temp (${COLUMNS}) USING CSV LOCATION '/mnt/raw/kdd/' OPTIONS ("header"="false")`);
    const ctas = await client.query('CREATE TABLE kdd USING parquet PARTITIONED BY (protocol_type) AS SELECT * FROM kdd_temp');
    expect(ctas.command).toBe('SELECT');
    expect(ctas.rowCount).toBe(20_000);
    await client.query('DROP TABLE kdd_temp');
    await client.query('REFRESH TABLE kdd');

    // The managed table lives on the mount; dropping the external CSV table left its file.
    const tableDir = (await client.query("LIST 'dbfs:/mnt/raw/warehouse/lake.db/kdd'")).rows.map((r) => r.name).filter((n: string) => !n.startsWith('_'));
    expect(tableDir).toEqual(['protocol_type=icmp/', 'protocol_type=tcp/', 'protocol_type=udp/']);
    expect((await client.query("LIST 'dbfs:/mnt/raw/kdd/'")).rows).toHaveLength(1);

    const duck = await (await DuckDBInstance.create()).connect();
    const csv = `read_csv('${CSV}', header = false, columns = {${COLUMNS.split(',').map((c) => c.trim().split(/\s+/)).map(([n, t]) => `'${n}': '${t === 'STRING' ? 'VARCHAR' : t}'`).join(', ')}})`;
    const duckRows = async (sql: string) => (await duck.runAndReadAll(sql)).getRowObjectsJson();

    const perProtocol = await client.query(`SELECT protocol_type, count(*)::int AS n, sum(src_bytes)::bigint AS src, round(avg(dst_host_srv_count), 6)::double AS srv
      FROM kdd GROUP BY protocol_type ORDER BY protocol_type`);
    const expected = await duckRows(`SELECT protocol_type, count(*)::INT AS n, sum(src_bytes)::BIGINT AS src, round(avg(dst_host_srv_count), 6)::DOUBLE AS srv
      FROM ${csv} GROUP BY protocol_type ORDER BY protocol_type`);
    expect(perProtocol.rows.map((r) => ({ ...r, src: String(r.src) }))).toEqual(expected.map((r) => ({ ...r, src: String(r.src) })));

    const topServices = await client.query(`SELECT service, flag, count(*)::int AS n FROM kdd WHERE protocol_type = 'tcp' AND label <> 'normal.'
      GROUP BY service, flag ORDER BY n DESC, service, flag LIMIT 10`);
    const expectedTop = await duckRows(`SELECT service, flag, count(*)::INT AS n FROM ${csv} WHERE protocol_type = 'tcp' AND label <> 'normal.'
      GROUP BY service, flag ORDER BY n DESC, service, flag LIMIT 10`);
    expect(topServices.rows).toEqual(expectedTop);

    const labels = await client.query('SELECT label, count(*)::int AS n, max(duration) AS longest FROM kdd GROUP BY label ORDER BY n DESC, label');
    const expectedLabels = await duckRows(`SELECT label, count(*)::INT AS n, max(duration) AS longest FROM ${csv} GROUP BY label ORDER BY n DESC, label`);
    expect(labels.rows).toEqual(expectedLabels);
    expect(labels.rows).toHaveLength(23);

    // One column of one partition: the footer and that column's chunk are fetched, not the file.
    const tcp = (await client.query("LIST 'dbfs:/mnt/raw/warehouse/lake.db/kdd/protocol_type=tcp/'")).rows;
    const storage = server.engine.catalog.dbfs.locate('/mnt/raw').storage as BlobStorage;
    clearRangeCache();
    storage.stats.bytes = 0;
    storage.stats.requests = 0;
    const tcpBytes = await client.query("SELECT sum(src_bytes)::bigint AS s FROM kdd WHERE protocol_type = 'tcp'");
    const expectedTcp = await duckRows(`SELECT sum(src_bytes)::BIGINT AS s FROM ${csv} WHERE protocol_type = 'tcp'`);
    expect(String(tcpBytes.rows[0].s)).toBe(String(expectedTcp[0].s));
    const fileBytes = tcp.reduce((sum, r) => sum + Number(r.size), 0);
    expect(storage.stats.bytes).toBeLessThan(fileBytes / 3);
    console.log(`kdd on blob, sum(src_bytes) of protocol_type=tcp: fetched ${storage.stats.bytes} of ${fileBytes} bytes in ${storage.stats.requests} ranged GETs`);

    // Dropping the managed table removes its files from the container.
    await client.query('DROP TABLE kdd');
    const left: string[] = [];
    for await (const b of azurite.service.getContainerClient('raw').listBlobsFlat({ prefix: 'warehouse/lake.db/kdd/' })) left.push(b.name);
    expect(left).toEqual([]);
  }, 120_000);
});
