// TIME(p) and the nanosecond timestamps TIMESTAMP_NTZ(p)/TIMESTAMP_LTZ(p) end to end: parsing,
// casts with Spark's truncation, functions, coercion errors, and how a Postgres client sees them.

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer, errorOf, startTestServer } from '../support/server.js';

let server: TestServer;
let client: pg.Client;

beforeAll(async () => {
  server = await startTestServer();
  client = await server.client();
});

afterAll(async () => {
  await server?.close();
});

/** The single value of a one-row, one-column query, as the server's text. */
async function value(sql: string): Promise<string | null> {
  const result = await client.query({ text: sql, rowMode: 'array', types: { getTypeParser: () => (v: string) => v } as never });
  return (result.rows[0] as (string | null)[])[0];
}

describe('TIME(p)', () => {
  it('reads literals and casts from strings, truncating to the precision', async () => {
    expect(await value(`SELECT TIME '12:34:56.789012'`)).toBe('12:34:56.789012');
    expect(await value(`SELECT TIME'0:0:0'`)).toBe('00:00:00');
    expect(await value(`SELECT CAST('12:34:56.789' AS TIME(2))`)).toBe('12:34:56.78');
    expect(await value(`SELECT '23:59:59.999999999' :: time(9)`)).toBe('23:59:59.999999999');
    expect(await value(`SELECT CAST(TIME '12:34:56.789012' AS TIME(0))`)).toBe('12:34:56');
    expect(await value(`SELECT typeof(TIME '12:34:56')`)).toBe('time(6)');
    const named = await client.query(`SELECT TIME'0:0:0', CAST(NULL AS TIME), CAST(NULL AS TIMESTAMP_LTZ(9)), CAST(NULL AS TIMESTAMP_LTZ(6))`);
    expect(named.fields.map((f) => f.name)).toEqual(["TIME '00:00:00'", 'CAST(NULL AS TIME(6))', 'CAST(NULL AS TIMESTAMP_LTZ(9))', 'CAST(NULL AS TIMESTAMP)']);
    expect(await value(`SELECT typeof(CAST(NULL AS TIME(3)))`)).toBe('time(3)');
  });

  it('rejects malformed text and out-of-range precisions with Spark error classes', async () => {
    expect((await errorOf(client, `SELECT CAST('25:00:00' AS TIME)`)).message).toContain('[CAST_INVALID_INPUT]');
    expect(await value(`SELECT try_cast('nope' AS TIME)`)).toBeNull();
    expect((await errorOf(client, `SELECT CAST('12:00' AS TIME(10))`)).message).toContain('[UNSUPPORTED_TIME_PRECISION]');
    expect((await errorOf(client, `SELECT CAST('2020-01-01' AS TIMESTAMP_NTZ(3))`)).message).toContain('[INVALID_TIMESTAMP_PRECISION]');
    expect((await errorOf(client, `SELECT TIME '24:00:00'`)).message).toContain('[INVALID_TYPED_LITERAL]');
  });

  it('casts to numbers as seconds since midnight', async () => {
    expect(await value(`SELECT CAST(TIME '00:01:52.9' AS int)`)).toBe('112');
    expect((await errorOf(client, `SELECT CAST(TIME '23:59:59' AS tinyint)`)).message).toContain('[CAST_OVERFLOW]');
    expect(await value(`SELECT CAST(TIME '23:59:59.999' AS decimal(8, 2))`)).toBe('86400.00');
    expect(await value(`SELECT CAST(TIME '01:02:03.5' AS decimal(15, 9))`)).toBe('3723.500000000');
    expect((await errorOf(client, `SELECT CAST(TIME '01:00:00' AS decimal(3, 0))`)).message).toContain('[NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION]');
    expect((await errorOf(client, `SELECT CAST(TIME '01:00:00' AS boolean)`)).message).toContain('CAST_WITHOUT_SUGGESTION');
  });

  it('takes the time of day from timestamps and today as the date the other way', async () => {
    expect(await value(`SELECT CAST(timestamp_ntz'1969-12-31 23:59:59.123456' AS TIME(3))`)).toBe('23:59:59.123');
    expect(await value(`SELECT CAST(timestamp'2020-05-17 12:34:56.789012' AS TIME(6))`)).toBe('12:34:56.789012');
    expect(await value(`SELECT CAST(CAST(TIME '12:34:56' AS TIMESTAMP_NTZ) AS DATE) = current_date()`)).toBe('t');
    expect(await value(`SELECT CAST(CAST(TIME '12:34:56.789012345' AS TIMESTAMP_LTZ(9)) AS TIME(9))`)).toBe('12:34:56.789012345');
  });

  it('compares, sorts and groups', async () => {
    expect(await value(`SELECT '12:00:01' > TIME '12:00:00'`)).toBe('t');
    const sorted = await client.query({ text: `SELECT t FROM VALUES (TIME '10:00'), (TIME '09:30:00.5'), (TIME '23:00') AS v(t) ORDER BY t DESC`, rowMode: 'array' });
    expect(sorted.rows.map((r) => (r as string[])[0])).toEqual(['23:00:00', '10:00:00', '09:30:00.5']);
    expect(await value(`SELECT count(DISTINCT t) FROM VALUES (TIME '10:00'), (TIME '10:00:00'), (TIME '11:00') AS v(t)`)).toBe('2');
    expect(await value(`SELECT max(t) FROM VALUES (TIME '10:00'), (TIME '11:00') AS v(t)`)).toBe('11:00:00');
  });

  it('refuses to mix with timestamps implicitly', async () => {
    expect((await errorOf(client, `SELECT coalesce(TIME '12:34:56', timestamp_ntz'2020-05-17 12:34:56')`)).message).toContain('DATA_DIFF_TYPES');
    expect((await errorOf(client, `SELECT TIME '12:34:56' UNION ALL SELECT timestamp'2020-05-17 12:34:56'`)).message).toContain('INCOMPATIBLE_COLUMN_TYPE');
  });

  it('has make_time, time_trunc, time_diff, to_time, current_time and the field functions', async () => {
    expect(await value(`SELECT make_time(6, 30, 45.678)`)).toBe('06:30:45.678');
    expect((await errorOf(client, `SELECT make_time(24, 0, 0)`)).message).toContain('DATETIME_FIELD_OUT_OF_BOUNDS');
    expect(await value(`SELECT time_trunc('HOUR', '12:34:56')`)).toBe('12:00:00');
    expect(await value(`SELECT time_trunc('MILLISECOND', TIME '12:34:56.123456')`)).toBe('12:34:56.123');
    expect(await value(`SELECT time_diff('MINUTE', TIME '10:00:00', TIME '12:34:56')`)).toBe('154');
    expect(await value(`SELECT to_time('10:11:12')`)).toBe('10:11:12');
    expect(await value(`SELECT try_to_time('nope')`)).toBeNull();
    expect(await value(`SELECT to_time('10.11.12', 'HH.mm.ss')`)).toBe('10:11:12');
    expect((await errorOf(client, `SELECT to_time('12:34:56.')`)).message).toContain('[CANNOT_PARSE_TIME]');
    expect(await value(`SELECT typeof(current_time(3))`)).toBe('time(3)');
    expect(await value(`SELECT hour(TIME '13:24:35') * 10000 + minute(TIME '13:24:35') * 100 + second(TIME '13:24:35')`)).toBe('132435');
    expect(await value(`SELECT make_timestamp(DATE '2021-07-11', make_time(6, 30, 45.678), 'UTC')`)).toBe('2021-07-11 06:30:45.678+00');
  });

  it('subtracts to a day-time interval and moves by one within the day', async () => {
    expect(await value(`SELECT CAST(TIME '12:00:00' - TIME '10:30:00.5' AS STRING)`)).toBe("INTERVAL '0 01:29:59.5' DAY TO SECOND");
    expect(await value(`SELECT TIME '10:00:00' + INTERVAL '1:30' HOUR TO MINUTE`)).toBe('11:30:00');
    expect(await value(`SELECT INTERVAL '1' SECOND + TIME '10:00:00.123456789'`)).toBe('10:00:01.123456789');
    expect((await errorOf(client, `SELECT TIME '23:00:00' + INTERVAL '2' HOUR`)).message).toContain('[DATETIME_OVERFLOW]');
  });

  it('binds parameters compared with a TIME and bare current_time', async () => {
    const result = await client.query({ text: `SELECT TIME '12:00:00.5' = $1, CAST($2 AS TIME(1))`, values: ['12:00:00.5', '01:02:03.456'], rowMode: 'array' });
    expect(result.rows[0]).toEqual([true, '01:02:03.4']);
    expect(await value(`SELECT typeof(current_time)`)).toBe('time(6)');
  });

  it('is Postgres time (OID 1083) on the wire, typmod its precision', async () => {
    const result = await client.query({ text: `SELECT TIME '12:34:56.5' AS t, CAST(NULL AS TIME(3)) AS n`, rowMode: 'array' });
    expect(result.fields.map((f) => [f.dataTypeID, f.dataTypeModifier])).toEqual([[1083, 6], [1083, 3]]);
    expect(result.rows[0]).toEqual(['12:34:56.5', null]);
  });
});

describe('TIMESTAMP_NTZ(p) and TIMESTAMP_LTZ(p)', () => {
  it('keeps nanoseconds for p > 6 and is the microsecond type up to 6', async () => {
    expect(await value(`SELECT typeof(CAST('2022-01-01 00:00:00.123456789' AS timestamp_ntz(9)))`)).toBe('timestamp_ntz(9)');
    expect(await value(`SELECT typeof(CAST('2022-01-01' AS timestamp_ltz(6)))`)).toBe('timestamp');
    expect(await value(`SELECT typeof(CAST(NULL AS TIMESTAMP(8) WITHOUT TIME ZONE))`)).toBe('timestamp_ntz(8)');
    expect(await value(`SELECT typeof(CAST(NULL AS TIMESTAMP(7) WITH LOCAL TIME ZONE))`)).toBe('timestamp_ltz(7)');
    expect(await value(`SELECT typeof(CAST(NULL AS TIMESTAMP WITHOUT TIME ZONE))`)).toBe('timestamp_ntz');
    expect(await value(`SELECT typeof(CAST(NULL AS TIME(9) WITHOUT TIME ZONE))`)).toBe('time(9)');
    expect(await value(`SELECT CAST(CAST('2020-01-01 00:00:00.123456789' AS timestamp_ntz(8)) AS string)`)).toBe('2020-01-01 00:00:00.12345678');
    expect(await value(`SELECT CAST(CAST('1960-01-01 00:00:00.000000001' AS timestamp_ntz(9)) AS string)`)).toBe('1960-01-01 00:00:00.000000001');
    expect(await value(`SELECT CAST(CAST('2020-01-01 00:00:00.000000001' AS timestamp_ntz(8)) AS string)`)).toBe('2020-01-01 00:00:00');
    expect(await value(`SELECT timestamp_ntz'2020-01-01 00:00:00.123456789'::timestamp_ntz(7)::timestamp_ntz(9)`)).toBe('2020-01-01 00:00:00.1234567');
    expect((await errorOf(client, `SELECT CAST('a' AS timestamp_ntz(9))`)).message).toContain('[CAST_INVALID_INPUT]');
  });

  it('reads fractional seconds since the epoch as a TIMESTAMP, refusing NaN and infinities', async () => {
    expect(await value(`SELECT CAST(CAST(1.5 AS DOUBLE) AS TIMESTAMP) = TIMESTAMP '1970-01-01 00:00:01.5Z'`)).toBe('t');
    expect(await value(`SELECT CAST(-0.0000015BD AS TIMESTAMP) = TIMESTAMP '1970-01-01 00:00:00Z' - INTERVAL '0.000001' SECOND`)).toBe('t');
    expect((await errorOf(client, `SELECT CAST(CAST('inf' AS FLOAT) AS TIMESTAMP)`)).message).toContain('[CAST_INVALID_INPUT]');
    expect(await value(`SELECT try_cast(CAST('NaN' AS DOUBLE) AS TIMESTAMP)`)).toBeNull();
  });

  it('floors to microseconds when cast to the plain types, also before 1970', async () => {
    expect(await value(`SELECT CAST(CAST('2020-01-01 00:00:00.123456789' AS timestamp_ntz(9)) AS timestamp_ntz)`)).toBe('2020-01-01 00:00:00.123456');
    expect(await value(`SELECT CAST(CAST('1969-12-31 23:59:59.999999999' AS timestamp_ntz(9)) AS timestamp_ntz)`)).toBe('1969-12-31 23:59:59.999999');
    expect(await value(`SELECT CAST(timestamp_ltz'1960-01-01 00:00:00.123456789'::timestamp_ltz(9) AS date)`)).toBe('1960-01-01');
  });

  it('compares and orders by the nanoseconds', async () => {
    expect(await value(`SELECT timestamp_ntz'2020-01-01 00:00:00.000000002' > timestamp_ntz'2020-01-01 00:00:00.000000001'`)).toBe('t');
    expect(await value(`SELECT timestamp_ntz'2020-01-01 00:00:00.000000001' = timestamp_ntz'2020-01-01 00:00:00'`)).toBe('f');
    expect(await value(`SELECT max(t)::string FROM VALUES (timestamp_ntz'2020-01-01 00:00:00.000000002'), (timestamp_ntz'2020-01-01 00:00:00.000000001') AS v(t)`)).toBe('2020-01-01 00:00:00.000000002');
  });

  it('moves by day-time intervals and subtracts to one', async () => {
    expect(await value(`SELECT CAST(timestamp_ntz'2020-01-01 00:00:00.123456789' + INTERVAL '1 00:00:01' DAY TO SECOND AS STRING)`)).toBe('2020-01-02 00:00:01.123456789');
    expect(await value(`SELECT typeof(INTERVAL '1' SECOND + timestamp_ltz'2020-01-01 00:00:00.123456789')`)).toBe('timestamp_ltz(9)');
    expect(await value(`SELECT CAST(timestamp_ntz'2020-01-01 00:00:01.000000999' - timestamp_ntz'2020-01-01 00:00:00' AS STRING)`)).toBe("INTERVAL '0 00:00:01' DAY TO SECOND");
  });

  it('goes to clients as timestamp/timestamptz text with all nine digits', async () => {
    const result = await client.query({ text: `SELECT timestamp_ntz'2020-01-01 00:00:00.123456789' AS a, timestamp_ltz'2020-01-01 00:00:00.123456789' AS b`, rowMode: 'array', types: { getTypeParser: () => (v: string) => v } as never });
    expect(result.fields.map((f) => f.dataTypeID)).toEqual([1114, 1184]);
    expect(result.rows[0]).toEqual(['2020-01-01 00:00:00.123456789', '2020-01-01 00:00:00.123456789+00']);
  });
});

describe('tables', () => {
  for (const format of ['parquet', 'csv', 'json']) {
    it(`stores and reads back TIME(p) and nanosecond timestamps in ${format}`, async () => {
      const table = `times_${format}`;
      await client.query(`CREATE TABLE ${table} (t TIME(3), ntz TIMESTAMP_NTZ(9), ltz TIMESTAMP_LTZ(7)) USING ${format}`);
      await client.query(`INSERT INTO ${table} VALUES
        (TIME '12:34:56.789', timestamp_ntz'1960-01-01 00:00:00.000000001', timestamp_ltz'2020-01-01 00:00:00.123456789'),
        ('01:02:03.4567', '2262-04-11 23:47:16.854775807', NULL)`);
      const described = await client.query({ text: `DESCRIBE ${table}`, rowMode: 'array' });
      expect(described.rows.slice(0, 3).map((r) => (r as string[]).slice(0, 2))).toEqual([['t', 'time(3)'], ['ntz', 'timestamp_ntz(9)'], ['ltz', 'timestamp_ltz(7)']]);
      const rows = await client.query({ text: `SELECT t, CAST(ntz AS STRING), CAST(ltz AS STRING) FROM ${table} ORDER BY t`, rowMode: 'array' });
      expect(rows.rows).toEqual([
        ['01:02:03.456', '2262-04-11 23:47:16.854775807', null],
        ['12:34:56.789', '1960-01-01 00:00:00.000000001', '2020-01-01 00:00:00.1234567'],
      ]);
    });
  }
});
