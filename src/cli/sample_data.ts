// The sample table a fresh warehouse starts with, so `SELECT * FROM samples.trips` works at once.

import { QuarryEngine } from '../engine/index.js';

const CITIES = ['Oslo', 'Bergen', 'Trondheim', 'Stavanger', 'Tromso'];

export async function createSampleData(engine: QuarryEngine, rows = 1000): Promise<boolean> {
  if (engine.catalog.databaseExists('samples')) return false;
  await engine.run(`CREATE DATABASE samples COMMENT 'Sample data created with the warehouse'`);
  await engine.run(`CREATE TABLE samples.trips (id BIGINT, city STRING, fare DECIMAL(10,2), distance_km DOUBLE,
    ts TIMESTAMP, ok BOOLEAN) USING parquet PARTITIONED BY (city) COMMENT 'Taxi trips, generated'`);
  // A small deterministic generator: the same warehouse on every machine.
  let seed = 42;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const values: string[] = [];
  const start = Date.UTC(2024, 0, 1);
  for (let id = 1; id <= rows; id++) {
    const distance = Math.round(next() * 300) / 10 + 0.5;
    const fare = (40 + distance * 12.5).toFixed(2);
    const ts = new Date(start + Math.floor(next() * 90 * 86400) * 1000).toISOString().replace('T', ' ').slice(0, 19);
    values.push(`(${id}, '${CITIES[Math.floor(next() * CITIES.length)]}', ${fare}, ${distance}, TIMESTAMP'${ts}', ${next() > 0.1})`);
  }
  await engine.run(`INSERT INTO samples.trips VALUES ${values.join(',\n')}`);
  return true;
}
