// A catalog with a couple of tables, and SQL → plans through the real parser and analyzer.

import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Catalog } from '../../src/catalog/index.js';
import { TimeZone } from '../../src/common/time_zone.js';
import { QuarryEngine } from '../../src/engine/index.js';
import { parseStatement } from '../../src/parser/index.js';
import { LogicalPlan, QueryBinder, formatLogicalPlan, optimize } from '../../src/planner/index.js';

export async function testCatalog(): Promise<{ catalog: Catalog; cleanup: () => Promise<void> }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'quarry-planner-'));
  const engine = await QuarryEngine.open(dir);
  await engine.run(`CREATE TABLE trips (id BIGINT, city STRING, fare DECIMAL(10,2), ts TIMESTAMP, ok BOOLEAN) USING parquet PARTITIONED BY (city)`);
  await engine.run(`CREATE TABLE cities (name STRING, population INT) USING parquet`);
  return { catalog: engine.catalog, cleanup: () => fs.rm(dir, { recursive: true, force: true }) };
}

export function analyze(catalog: Catalog, sql: string): LogicalPlan {
  const statement = parseStatement(sql);
  if (statement.kind !== 'queryStatement') throw new Error('not a query');
  return new QueryBinder({ catalog, database: 'default', timeZone: TimeZone.UTC }).bindQuery(statement.query).plan;
}

/** Plan text without attribute ids, so expectations do not depend on binding order. */
export const planText = (plan: LogicalPlan) => formatLogicalPlan(plan).replace(/#\d+/g, '');
export const optimizedText = (catalog: Catalog, sql: string) => planText(optimize(analyze(catalog, sql)));
