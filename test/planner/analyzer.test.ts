import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/catalog/index.js';
import { QuarryError } from '../../src/common/errors.js';
import { typeToString } from '../../src/common/types.js';
import { outputOf } from '../../src/planner/index.js';
import { analyze, testCatalog } from './support.js';

describe('analyzer', () => {
  let catalog: Catalog;
  let cleanup: () => Promise<void>;
  beforeAll(async () => ({ catalog, cleanup } = await testCatalog()));
  afterAll(async () => cleanup());

  const types = (sql: string) => outputOf(analyze(catalog, sql)).map((a) => `${a.name}:${typeToString(a.type)}`);
  const failure = (sql: string) => {
    try { analyze(catalog, sql); } catch (e) { return e as QuarryError; }
    throw new Error('expected an error');
  };

  it('types literals and arithmetic the Spark way', () => {
    expect(types('SELECT 1 AS a, 2147483648 AS b, 1.50 AS c, 1e2 AS d, 1 / 2 AS e, 1 + 1L AS f')).toEqual(
      ['a:int', 'b:bigint', 'c:decimal(3,2)', 'd:double', 'e:double', 'f:bigint']);
    // An integer literal meeting a decimal takes only the digits it needs (Spark's DecimalType.fromLiteral): 1 is decimal(1,0).
    expect(types('SELECT fare + 1 AS x, fare * fare AS y, sum(fare) AS s, avg(fare) AS m, fare + id AS z FROM trips GROUP BY fare, id')).toEqual(
      ['x:decimal(11,2)', 'y:decimal(21,4)', 's:decimal(20,2)', 'm:decimal(14,6)', 'z:decimal(23,2)']);
    expect(types('SELECT count(*), id FROM trips GROUP BY id')).toEqual(['count(1):bigint', 'id:bigint']);
  });

  it('names unaliased columns as Spark does', () => {
    expect(types('SELECT id, t.city, upper(city), id + 1 FROM trips t')).toEqual(['id:bigint', 'city:string', 'upper(city):string', '(id + 1):bigint']);
  });

  it('resolves qualified, aliased and ambiguous names', () => {
    expect(types('SELECT t.id, c.name FROM trips t JOIN cities c ON t.city = c.name')).toEqual(['id:bigint', 'name:string']);
    expect(types('SELECT default.trips.id FROM trips')).toEqual(['id:bigint']);
    const ambiguous = failure('SELECT id FROM trips a JOIN trips b ON a.id = b.id');
    expect(ambiguous.sqlState).toBe('42702');
  });

  it('points at unknown tables and columns', () => {
    const table = failure('SELECT * FROM nope');
    expect([table.sqlState, table.position]).toEqual(['42P01', 14]);
    const column = failure('SELECT id, nope FROM trips');
    expect([column.sqlState, column.position]).toEqual(['42703', 11]);
    expect(column.message).toMatch(/Did you mean/);
  });

  it('checks grouping', () => {
    expect(failure('SELECT city, id FROM trips GROUP BY city').sqlState).toBe('42803');
    expect(failure('SELECT id FROM trips WHERE sum(id) > 1').sqlState).toBe('42803');
    expect(types('SELECT city AS c, count(*) AS n FROM trips GROUP BY c HAVING count(*) > 1 ORDER BY n')).toEqual(['c:string', 'n:bigint']);
  });

  it('refuses operands without a common type', () => {
    const e = failure("SELECT DATE'2024-01-01' = true");
    expect(e.sqlState).toBe('42804');
  });

  it("enforces Spark's rules for recursive CTEs", () => {
    const errorClass = (sql: string) => failure(sql).errorClass;
    expect(types('WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) SELECT * FROM t')).toEqual(['n:int']);
    expect(errorClass('WITH RECURSIVE t(n) AS (SELECT 1 UNION SELECT n + 1 FROM t) SELECT * FROM t')).toBe('UNION_NOT_SUPPORTED_IN_RECURSIVE_CTE');
    expect(errorClass('WITH RECURSIVE t(n) AS (SELECT n FROM t UNION ALL SELECT 1) SELECT * FROM t')).toBe('INVALID_RECURSIVE_CTE');
    expect(errorClass('WITH RECURSIVE t(n) AS (SELECT 1 EXCEPT SELECT n FROM t) SELECT * FROM t')).toBe('INVALID_RECURSIVE_CTE');
    expect(errorClass('WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n FROM t ORDER BY 1) SELECT * FROM t')).toBe('INVALID_RECURSIVE_CTE');
    expect(errorClass('WITH RECURSIVE t(n) AS (SELECT 1L UNION ALL SELECT sum(n) FROM t) SELECT * FROM t')).toBe('INVALID_RECURSIVE_REFERENCE.PLACE');
    expect(errorClass('WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT t.n FROM cities LEFT JOIN t ON t.n = cities.population) SELECT * FROM t'))
      .toBe('INVALID_RECURSIVE_REFERENCE.PLACE');
    expect(errorClass('WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT t.n FROM t RIGHT JOIN cities ON t.n = cities.population) SELECT * FROM t'))
      .toBe('INVALID_RECURSIVE_REFERENCE.PLACE');
    // The reference may stand on the outer side of an outer join.
    expect(types('WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT t.n + 1 FROM t LEFT JOIN cities ON t.n = cities.population WHERE t.n < 3) SELECT * FROM t'))
      .toEqual(['n:int']);
    expect(errorClass('WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1L FROM t) SELECT * FROM t')).toBe('CANNOT_MERGE_INCOMPATIBLE_DATA_TYPE');
  });
});
