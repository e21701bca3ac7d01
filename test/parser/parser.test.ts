import { describe, expect, it } from 'vitest';
import { QuarryError } from '../../src/common/errors.js';
import { decimalType, LongType } from '../../src/common/types.js';
import * as ast from '../../src/parser/index.js';
import { parseStatement, parseStatements, parseStatementsWithSpans } from '../../src/parser/index.js';

const query = (sql: string) => {
  const s = parseStatement(sql);
  if (s.kind !== 'queryStatement') throw new Error(`not a query: ${s.kind}`);
  return s.query;
};
const select = (sql: string) => query(sql).body as ast.Select;
const expr = (sql: string) => select(`SELECT ${sql}`).projection[0].expr;

/** A compact rendering of expression trees, to check precedence. */
function show(e: ast.Expr): string {
  switch (e.kind) {
    case 'binary': return `(${show(e.left)} ${e.op} ${show(e.right)})`;
    case 'unary': return `(${e.op} ${show(e.operand)})`;
    case 'column': return e.name.parts.join('.');
    case 'number': return e.text;
    case 'between': return `(${show(e.operand)} ${e.negated ? 'NOT ' : ''}BETWEEN ${show(e.low)} AND ${show(e.high)})`;
    case 'inList': return `(${show(e.operand)} ${e.negated ? 'NOT ' : ''}IN ${e.list.map(show).join(',')})`;
    case 'isNull': return `(${show(e.operand)} IS ${e.negated ? 'NOT ' : ''}NULL)`;
    case 'function': return `${e.name.parts.join('.')}(${e.distinct ? 'DISTINCT ' : ''}${e.args.map(show).join(',')})`;
    case 'star': return '*';
    default: return e.kind;
  }
}

describe('expressions', () => {
  it('follows Spark precedence', () => {
    expect(show(expr('a OR b AND c'))).toBe('(a OR (b AND c))');
    expect(show(expr('NOT a = b'))).toBe('(NOT (a = b))');
    expect(show(expr('-a * b + c % d'))).toBe('(((- a) * b) + (c % d))');
    expect(show(expr('a || b = c'))).toBe('((a || b) = c)');
    expect(show(expr('a + 1 BETWEEN 1 AND 2 + 3'))).toBe('((a + 1) BETWEEN 1 AND (2 + 3))');
    expect(show(expr('a NOT IN (1, 2) AND b IS NOT NULL'))).toBe('((a NOT IN 1,2) AND (b IS NOT NULL))');
    expect(show(expr('a DIV 2 - 1'))).toBe('((a DIV 2) - 1)');
  });

  it('parses calls, counts and qualified stars', () => {
    expect(show(expr('count(*)'))).toBe('count(*)');
    expect(show(expr('count(DISTINCT a, b)'))).toBe('count(DISTINCT a,b)');
    expect(show(expr('db.t.c'))).toBe('db.t.c');
    expect(expr('t.*')).toMatchObject({ kind: 'star', qualifier: { parts: ['t'] } });
    expect(expr('sum(x) FILTER (WHERE x > 0)')).toMatchObject({ kind: 'function', filter: { kind: 'binary', op: '>' } });
  });

  it('keeps literal text and suffixes for the analyzer to type', () => {
    expect(expr('12.50')).toMatchObject({ kind: 'number', text: '12.50' });
    expect(expr('7L')).toMatchObject({ kind: 'number', text: '7', suffix: 'L' });
    expect(expr("DATE '2024-01-01'")).toMatchObject({ kind: 'typedLiteral', type: 'date', value: '2024-01-01' });
    expect(expr("TIMESTAMP'2024-01-01 10:00:00'")).toMatchObject({ kind: 'typedLiteral', type: 'timestamp' });
    expect(expr("'a' 'b'")).toMatchObject({ kind: 'string', value: 'ab' });
    expect(expr("INTERVAL '1' DAY")).toMatchObject({ kind: 'interval', parts: [{ value: '1', unit: 'day' }] });
  });

  it('parses CASE, CAST and ::', () => {
    expect(expr('CASE WHEN a THEN 1 ELSE 2 END')).toMatchObject({ kind: 'case', branches: [{ when: { kind: 'column' } }], else: { kind: 'number' } });
    expect(expr('CASE x WHEN 1 THEN 2 END')).toMatchObject({ kind: 'case', operand: { kind: 'column' } });
    expect(expr('CAST(a AS DECIMAL(10, 2))')).toMatchObject({ kind: 'cast', type: { type: decimalType(10, 2) }, try: false });
    expect(expr('a::bigint')).toMatchObject({ kind: 'cast', type: { type: LongType } });
  });

  it('allows non-reserved keywords as names', () => {
    const s = select('SELECT date, year, key, value, count, first, comment FROM data');
    expect(s.projection.map((p) => (p.expr as ast.ColumnRef).name.parts[0])).toEqual(['date', 'year', 'key', 'value', 'count', 'first', 'comment']);
  });
});

describe('queries', () => {
  it('parses a full SELECT', () => {
    const q = query(`WITH c AS (SELECT 1) SELECT DISTINCT a AS x, b y, t.* FROM t AS t1
      LEFT JOIN u ON t1.id = u.id WHERE a > 1 GROUP BY a, 2 HAVING count(*) > 1
      ORDER BY x DESC NULLS LAST, y LIMIT 10 OFFSET 5`);
    expect(q.with.map((c) => c.name)).toEqual(['c']);
    const s = q.body as ast.Select;
    expect(s.distinct).toBe(true);
    expect(s.projection.map((p) => p.alias)).toEqual(['x', 'y', undefined]);
    expect(s.from[0]).toMatchObject({ kind: 'join', type: 'LEFT', left: { kind: 'table', alias: { name: 't1' } }, right: { kind: 'table' } });
    expect(s.groupBy).toHaveLength(2);
    expect(q.orderBy.map((o) => [o.ascending, o.nullsFirst])).toEqual([[false, false], [true, undefined]]);
    expect(q.limit).toMatchObject({ kind: 'number', text: '10' });
    expect(q.offset).toMatchObject({ kind: 'number', text: '5' });
  });

  it('parses every join kind', () => {
    const types = ['JOIN', 'INNER JOIN', 'CROSS JOIN', 'LEFT OUTER JOIN', 'RIGHT JOIN', 'FULL OUTER JOIN', 'LEFT SEMI JOIN', 'LEFT ANTI JOIN', 'SEMI JOIN']
      .map((j) => (select(`SELECT * FROM a ${j} b ${j.includes('CROSS') ? '' : 'ON a.x = b.x'}`).from[0] as ast.Join).type);
    expect(types).toEqual(['INNER', 'INNER', 'CROSS', 'LEFT', 'RIGHT', 'FULL', 'LEFT SEMI', 'LEFT ANTI', 'LEFT SEMI']);
    expect(select('SELECT * FROM a JOIN b USING (x, y)').from[0]).toMatchObject({ using: ['x', 'y'] });
    expect(select('SELECT * FROM a NATURAL JOIN b').from[0]).toMatchObject({ natural: true });
  });

  it('binds INTERSECT tighter than UNION', () => {
    const body = query('SELECT 1 UNION ALL SELECT 2 INTERSECT SELECT 3').body as ast.SetOperation;
    expect(body).toMatchObject({ op: 'UNION', all: true, right: { kind: 'setOperation', op: 'INTERSECT' } });
  });

  it('parses VALUES as a query and as a relation with column aliases', () => {
    expect(query('VALUES (1, 2), (3, 4)').body).toMatchObject({ kind: 'values', rows: [[{}, {}], [{}, {}]] });
    expect(select('SELECT * FROM VALUES (1) AS v(a)').from[0]).toMatchObject({ kind: 'valuesRef', alias: { name: 'v', columns: ['a'] } });
    expect(select('SELECT * FROM (SELECT 1) s').from[0]).toMatchObject({ kind: 'subquery', alias: { name: 's' } });
  });
});

describe('statements', () => {
  it('parses CREATE TABLE with every clause, in any order', () => {
    const s = parseStatement(`CREATE TABLE IF NOT EXISTS db.trips (id BIGINT NOT NULL COMMENT 'key', city STRING)
      PARTITIONED BY (city) COMMENT 'trips' USING PARQUET LOCATION 'dbfs:/data/trips' TBLPROPERTIES ('a' = '1', b.c 2)`);
    expect(s).toMatchObject({
      kind: 'createTable', name: { parts: ['db', 'trips'] }, ifNotExists: true, using: 'parquet', partitionedBy: ['city'],
      location: 'dbfs:/data/trips', comment: 'trips', properties: [{ key: 'a', value: '1' }, { key: 'b.c', value: '2' }],
      columns: [{ name: 'id', nullable: false, comment: 'key', type: { type: LongType } }, { name: 'city', nullable: true }],
    });
  });

  it('parses CTAS and Hive-style partition columns', () => {
    expect(parseStatement('CREATE TABLE t USING parquet AS SELECT 1 AS a')).toMatchObject({ kind: 'createTable', asQuery: { kind: 'query' } });
    expect(parseStatement('CREATE TABLE t (a INT) PARTITIONED BY (p STRING)')).toMatchObject({ partitionedBy: ['p'], columns: [{ name: 'a' }, { name: 'p' }] });
  });

  it('parses INSERT forms', () => {
    expect(parseStatement("INSERT INTO t VALUES (1, 'a')")).toMatchObject({ kind: 'insert', overwrite: false, query: { body: { kind: 'values' } } });
    expect(parseStatement("INSERT OVERWRITE TABLE t PARTITION (p = 'x') (a, b) SELECT 1, 2")).toMatchObject({
      overwrite: true, partition: [{ column: 'p', value: { kind: 'string' } }], columns: ['a', 'b'],
    });
  });

  it('parses catalog statements', () => {
    expect(parseStatements('SHOW TABLES IN db LIKE "x*"; SHOW TABLES; DESCRIBE TABLE EXTENDED t; DESC t; DROP TABLE IF EXISTS t; USE db; CREATE DATABASE IF NOT EXISTS d; DROP SCHEMA d CASCADE; SHOW DATABASES')
      .map((s) => s.kind)).toEqual(['showTables', 'showTables', 'describeTable', 'describeTable', 'dropTable', 'use', 'createDatabase', 'dropDatabase', 'showDatabases']);
    expect(parseStatement('EXPLAIN EXTENDED SELECT 1')).toMatchObject({ kind: 'explain', mode: 'EXTENDED', statement: { kind: 'queryStatement' } });
  });

  it('splits scripts and reports spans', () => {
    const spans = parseStatementsWithSpans(' SELECT 1; ; SELECT 2 ;');
    expect(spans.map((s) => [s.start, s.end])).toEqual([[1, 9], [13, 21]]);
    expect(parseStatements('-- only a comment')).toEqual([]);
  });
});

describe('syntax errors', () => {
  function failure(sql: string): QuarryError {
    try {
      parseStatements(sql);
    } catch (e) {
      return e as QuarryError;
    }
    throw new Error(`expected ${sql} to fail`);
  }

  it('point at the offending token with 42601', () => {
    const cases: [string, number, string][] = [
      ['SELECT * FORM t', 9, "'FORM'"],
      ['SELECT a FROM t WHERE', 21, 'end of input'],
      ['SELECT (1 + 2', 13, 'end of input'],
      ['CREATE TABLE t (a INT', 21, 'end of input'],
      ['SELECT 1 2', 9, "'2'"],
      ['SELEC 1', 0, "'SELEC'"],
      ['SELECT a FROM t GROUP a', 22, "'a'"],
      ['SELECT a FROM t ORDER a', 22, "'a'"],
    ];
    for (const [sql, position, near] of cases) {
      const e = failure(sql);
      expect([e.sqlState, e.position, e.message.includes(`at or near ${near}`)]).toEqual(['42601', position, true]);
    }
  });

  it('refuses reserved words as bare names', () => {
    expect(failure('SELECT select FROM t').sqlState).toBe('42601');
    expect(failure('SELECT a FROM from').position).toBe(14);
  });

  it('turns pathological nesting into an error, not a crash', () => {
    const deep = `SELECT ${'('.repeat(5000)}1${')'.repeat(5000)}`;
    expect(failure(deep).sqlState).toBe('54001');
  });

  it('names an unknown type (UNSUPPORTED_DATATYPE, 0A000 as in Spark)', () => {
    const e = failure('CREATE TABLE t (a WIDGET)');
    expect([e.sqlState, e.position]).toEqual(['0A000', 18]);
  });
});

describe('DBFS statements', () => {
  it('parses CALL with positional and named arguments, SHOW MOUNTS and LIST', () => {
    const call = parseStatement("CALL mount('wasbs://c@a.blob.core.windows.net/d', mount_point => '/mnt/raw', extra_configs => map('account_key', secret('s', 'k')))");
    if (call.kind !== 'call') throw new Error(call.kind);
    expect(call.name.parts).toEqual(['mount']);
    expect(call.argNames).toEqual([undefined, 'mount_point', 'extra_configs']);
    expect(show(call.args[2])).toBe('map(string,secret(string,string))');
    expect(parseStatement('CALL unmount()')).toMatchObject({ kind: 'call', args: [] });
    expect(parseStatement('SHOW MOUNTS')).toMatchObject({ kind: 'showMounts' });
    expect(parseStatement("LIST 'dbfs:/mnt/raw/' LIMIT 10")).toMatchObject({ kind: 'listFiles', path: 'dbfs:/mnt/raw/', limit: 10 });
    expect(parseStatement("LIST '/tmp'")).toMatchObject({ kind: 'listFiles', path: '/tmp' });
    expect(() => parseStatement('LIST FILES')).toThrow(QuarryError);
  });
});
