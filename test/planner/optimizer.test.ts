import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Catalog } from '../../src/catalog/index.js';
import { QuarryEngine } from '../../src/engine/index.js';
import { SizeEstimator, optimize } from '../../src/planner/index.js';
import { analyze, optimizedText, planText, testCatalog } from './support.js';

describe('optimizer rules', () => {
  let catalog: Catalog;
  let cleanup: () => Promise<void>;
  beforeAll(async () => ({ catalog, cleanup } = await testCatalog()));
  afterAll(async () => cleanup());

  it('folds constants', () => {
    expect(optimizedText(catalog, 'SELECT 1 + 2 * 3 AS x, id FROM trips WHERE 2 > 1')).toBe([
      'Project [7 AS x, id]',
      '+- Filter true',
      '   +- Relation default.trips[id] parquet',
    ].join('\n'));
  });

  it('does not fold an expression that raises: the error belongs to run time', () => {
    expect(optimizedText(catalog, 'SELECT 1 / 0 AS x')).toBe('Project [(1.0 / 0.0) AS x]\n+- LocalRelation [], 1 rows');
  });

  it('pushes filters below projections and into partition filters, and prunes columns', () => {
    expect(optimizedText(catalog, "SELECT id FROM (SELECT id, city, fare FROM trips) WHERE city = 'Oslo' AND fare > 1")).toBe([
      'Project [id]',
      '+- Project [id]',
      "   +- Filter ((city = 'Oslo') AND (cast(fare as decimal(12,2)) > 1.00))",
      "      +- Relation default.trips[id, city, fare] parquet, PartitionFilters: [(city = 'Oslo')]",
    ].join('\n'));
  });

  it('splits join filters by side and turns a cross join with an equality into an inner join', () => {
    expect(optimizedText(catalog, "SELECT t.id FROM trips t, cities c WHERE t.city = c.name AND c.population > 1000 AND t.ok")).toBe([
      'Project [id]',
      '+- Join Inner, (city = name)',
      '   :- Project [id, city]',
      '   :  +- Filter ok',
      '   :     +- Relation default.trips[id, city, ok] parquet',
      '   +- Project [name]',
      '      +- Filter (population > 1000)',
      '         +- Relation default.cities[name, population] parquet',
    ].join('\n'));
  });

  it('plans WITH RECURSIVE as a loop whose recursive part reads the working table, filters staying outside', () => {
    const text = optimizedText(catalog, 'WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3) SELECT n FROM t WHERE n > 1')
      .replace(/(UnionLoop(?:Ref)?|WithCTE|CTERelationRef) \d+/g, '$1');
    expect(text).toBe([
      'Project [n]',
      '+- Filter (n > 1)',
      '   +- UnionLoop t [n]',
      '      :- Project [1 AS 1]',
      '      :  +- LocalRelation [], 1 rows',
      '      +- Project [(n + 1) AS (n + 1)]',
      '         +- Filter (n < 3)',
      '            +- UnionLoopRef t [n]',
    ].join('\n'));
  });

  it("filters each side of an inner join by the ON clause's one-sided conjuncts", () => {
    expect(optimizedText(catalog, 'SELECT t.id FROM trips t JOIN cities c ON t.city = c.name AND c.population > 1000 AND t.ok')).toBe([
      'Project [id]',
      '+- Join Inner, (city = name)',
      '   :- Project [id, city]',
      '   :  +- Filter ok',
      '   :     +- Relation default.trips[id, city, ok] parquet',
      '   +- Project [name]',
      '      +- Filter (population > 1000)',
      '         +- Relation default.cities[name, population] parquet',
    ].join('\n'));
  });

  it("filters the inner side of outer, semi and anti joins by the ON clause's conjuncts on that side only", () => {
    expect(optimizedText(catalog, 'SELECT t.id FROM trips t LEFT JOIN cities c ON t.city = c.name AND c.population > 1000 AND t.ok')).toBe([
      'Project [id]',
      '+- Join Left, ((city = name) AND ok)',
      '   :- Relation default.trips[id, city, ok] parquet',
      '   +- Project [name]',
      '      +- Filter (population > 1000)',
      '         +- Relation default.cities[name, population] parquet',
    ].join('\n'));
    // NOT EXISTS: a left-side conjunct stays (a row failing it is kept); the right side's is pushed.
    expect(optimizedText(catalog, 'SELECT id FROM trips t WHERE NOT EXISTS (SELECT 1 FROM cities c WHERE c.name = t.city AND c.population > 5 AND t.ok)')).toBe([
      'Project [id]',
      '+- Join LeftAnti, ((name = city) AND ok)',
      '   :- Relation default.trips[id, city, ok] parquet',
      '   +- Project [name]',
      '      +- Filter (population > 5)',
      '         +- Relation default.cities[name, population] parquet',
    ].join('\n'));
  });

  it('factors a join key out of every branch of an OR and pushes what each side implies (TPC-H Q19)', () => {
    expect(optimizedText(catalog, `SELECT t.id FROM trips t, cities c
      WHERE (t.city = c.name AND c.population > 1000 AND t.ok) OR (c.name = t.city AND t.city = c.name AND c.population < 10 AND t.id = 1)`)).toBe([
      'Project [id]',
      '+- Join Inner, ((city = name) AND (((population > 1000) AND ok) OR (((name = city) AND (population < 10)) AND (id = 1L))))',
      '   :- Filter (ok OR (id = 1L))',
      '   :  +- Relation default.trips[id, city, ok] parquet',
      '   +- Filter ((population > 1000) OR (population < 10))',
      '      +- Relation default.cities[name, population] parquet',
    ].join('\n'));
  });

  it('computes an aggregate written twice once (a CTE inlined at two references), but not a non-deterministic one', () => {
    const twice = (aggregate: string) => optimizedText(catalog, `WITH r AS (SELECT city, ${aggregate} AS total FROM trips GROUP BY city)
      SELECT city FROM r WHERE total = (SELECT max(total) FROM r)`).replace(/(WithCTE|CTERelationRef) \d+/g, '$1');
    const shared = twice('sum(fare)');
    expect(shared.split('\n')[0]).toBe('WithCTE reused');
    expect(shared.match(/CTERelationRef reused/g)).toHaveLength(2);
    expect(shared.match(/Aggregate \[city\]/g)).toHaveLength(1);
    expect(twice('sum(fare * rand())')).not.toMatch(/reused/);
  });

  it('computes a non-deterministic CTE once for all its references', () => {
    const text = optimizedText(catalog, 'WITH r AS (SELECT rand() AS x) SELECT a.x FROM r a, r b')
      .replace(/(WithCTE|CTERelationRef) \d+/g, '$1');
    expect(text.split('\n')[0]).toBe('WithCTE r');
    expect(text.match(/CTERelationRef r/g)).toHaveLength(2);
  });

  it('keeps an OR whose branches share nothing, and leaves outer joins alone', () => {
    expect(optimizedText(catalog, `SELECT t.id FROM trips t LEFT JOIN cities c ON t.city = c.name
      WHERE (c.population > 1000 AND t.ok) OR t.id = 1`)).toBe([
      'Project [id]',
      '+- Filter (((population > 1000) AND ok) OR (id = 1L))',
      '   +- Join Left, (city = name)',
      '      :- Relation default.trips[id, city, ok] parquet',
      '      +- Relation default.cities[name, population] parquet',
    ].join('\n'));
  });

  it('drops an OR that one branch makes true once the common terms are out', () => {
    expect(optimizedText(catalog, 'SELECT id FROM trips WHERE (ok AND id > 1) OR (id > 1)')).toBe([
      'Project [id]',
      '+- Filter (id > 1L)',
      '   +- Relation default.trips[id] parquet',
    ].join('\n'));
  });
});

describe('join ordering by size', () => {
  it('joins a filtered small relation before an unfiltered one the facts also connect to', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'quarry-reorder-'));
    try {
      const engine = await QuarryEngine.open(dir);
      await engine.run('CREATE TABLE facts USING parquet AS SELECT id, id % 100 AS other_id, id % 10 AS dim_id FROM range(20000)');
      await engine.run('CREATE TABLE other USING parquet AS SELECT id, id * 2 AS v FROM range(100)');
      await engine.run("CREATE TABLE dims USING parquet AS SELECT id, concat('d', id) AS name FROM range(10)");
      const sql = "SELECT f.id FROM facts f, other o, dims d WHERE f.other_id = o.id AND f.dim_id = d.id AND d.name = 'd3'";
      const joins = (catalog?: Catalog) => planText(optimize(analyze(engine.catalog, sql), undefined, catalog && new SizeEstimator(catalog)))
        .split('\n').filter((l) => l.includes('Join Inner')).map((l) => l.trim().replace(/^[:+|\- ]+/, ''));
      // Written order without sizes; with them, the filtered dims first.
      expect(joins()).toEqual(['Join Inner, (dim_id = id)', 'Join Inner, (other_id = id)']);
      expect(joins(engine.catalog)).toEqual(['Join Inner, (other_id = id)', 'Join Inner, (dim_id = id)']);
      const sized = (sql: string) => planText(optimize(analyze(engine.catalog, sql), undefined, new SizeEstimator(engine.catalog)));
      // A semi join on the small side's column filters that side before the join, not the join's rows after.
      const semi = sized('SELECT f.id FROM facts f, dims d WHERE f.dim_id = d.id AND d.id IN (SELECT id FROM other WHERE v > 10)');
      expect(semi).toMatch(/Join Inner, \(dim_id = id\)\n(.*\n)*.*Join LeftSemi, \(id = id\)\n(.*\n)*.*Relation default\.dims/);
      expect(semi.split('\n')[1]).toMatch(/Join Inner/);

      // A filtered relation reached only through one dimension (TPC-H Q11's nation through supplier)
      // joins that dimension first, as one build side; through a dimension that joins two more
      // relations (a hub) it does not.
      await engine.run('CREATE TABLE suppliers USING parquet AS SELECT id, id % 10 AS dim_id FROM range(100)');
      const snowflake = sized("SELECT f.id FROM facts f, suppliers s, dims d WHERE f.other_id = s.id AND s.dim_id = d.id AND d.name = 'd3'");
      expect(snowflake.split('\n').filter((l) => l.includes('Join Inner')).map((l) => l.trim().replace(/^[:+|\- ]+/, '')))
        .toEqual(['Join Inner, (other_id = id)', 'Join Inner, (dim_id = id)']);
      expect(snowflake).toBe([
        'Project [id]',
        '+- Join Inner, (other_id = id)',
        '   :- Relation default.facts[id, other_id] parquet',
        '   +- Project [id]',
        '      +- Join Inner, (dim_id = id)',
        '         :- Relation default.suppliers[id, dim_id] parquet',
        '         +- Project [id]',
        '            +- Filter (name = \'d3\')',
        '               +- Relation default.dims[id, name] parquet',
      ].join('\n'));
      const hub = sized("SELECT f.id FROM facts f, suppliers s, dims d, other o WHERE f.other_id = s.id AND s.dim_id = d.id AND d.name = 'd3' AND o.id = s.id");
      expect(hub).not.toMatch(/Join Inner, \(dim_id = id\)\n *:- Relation default\.suppliers/);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
