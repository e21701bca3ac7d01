// Shared by bench/tpch.mjs and test/integration/tpch.test.ts: where the TPC-H material lives, the
// data generation cache, registering the Parquet files in a Quarry warehouse and in DuckDB, and the
// comparison of two answers.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '..');
export const shared = path.resolve(root, '..', 'shared', 'tpch');
export const TABLES = ['region', 'nation', 'supplier', 'part', 'partsupp', 'customer', 'orders', 'lineitem'];

/** The 22 queries: [{ name: 'q01', sql }] (a trailing `;` dropped). */
export function loadQueries(dir = path.join(shared, 'queries')) {
  return fs.readdirSync(dir).filter((f) => /^q\d\d\.sql$/.test(f)).sort()
    .map((f) => ({ name: f.slice(0, 3), sql: fs.readFileSync(path.join(dir, f), 'utf8').trim().replace(/;\s*$/, '') }));
}

/** Generates SF `sf` into `dir` unless `dir/parquet` already has all 8 tables; returns `dir/parquet`. */
export function generate(dir, sf, { quiet = false } = {}) {
  const parquet = path.join(dir, 'parquet');
  if (TABLES.every((t) => fs.existsSync(path.join(parquet, `${t}.parquet`)))) return parquet;
  fs.mkdirSync(dir, { recursive: true });
  execFileSync(process.execPath, [path.join(shared, 'gen', 'tpchgen.mjs'), '--out', dir, '--sf', String(sf)],
    { cwd: root, stdio: quiet ? 'ignore' : 'inherit' });
  return parquet;
}

/**
 * Places the Parquet files under `<dbfsRoot>/tpch/<table>/` (hard links, or copies across file
 * systems: DBFS refuses symlinks that lead out of its root) and returns the CREATE TABLE statements.
 */
export function placeInDbfs(parquetDir, dbfsRoot) {
  return TABLES.map((t) => {
    const dir = path.join(dbfsRoot, 'tpch', t);
    fs.mkdirSync(dir, { recursive: true });
    const target = path.join(dir, `${t}.parquet`);
    if (!fs.existsSync(target)) {
      try {
        fs.linkSync(path.join(parquetDir, `${t}.parquet`), target);
      } catch {
        fs.copyFileSync(path.join(parquetDir, `${t}.parquet`), target);
      }
    }
    return `CREATE TABLE IF NOT EXISTS ${t} USING parquet LOCATION 'dbfs:/tpch/${t}'`;
  });
}

/** DuckDB views over the same files. */
export function duckdbViews(parquetDir) {
  return TABLES.map((t) => `CREATE OR REPLACE VIEW ${t} AS SELECT * FROM read_parquet('${path.join(parquetDir, `${t}.parquet`)}')`);
}

// ---------------------------------------------------------------- comparing answers

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A cell as text (null stays null): pg returns text when its type parsers are identity; DuckDB's JSON rows hold strings and numbers. */
export function cellText(v) {
  if (v === null || v === undefined) return null;
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

function scaleOf(text) {
  const m = /\.(\d*)(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m) return /[eE]/.test(text) ? 17 : 0;
  return Math.max(0, m[1].length - Number(m[2] ?? 0));
}

/**
 * Two cells match: equal text, or both numbers within a relative 1e-6, or within half a unit of the
 * last digit of the less precise of the two (a DECIMAL(…, 6) average against a DOUBLE one).
 */
export function cellsMatch(a, b) {
  if (a === null || b === null) return a === b;
  if (a === b) return true;
  if (!NUMBER.test(a) || !NUMBER.test(b)) return false;
  const x = Number(a);
  const y = Number(b);
  const diff = Math.abs(x - y);
  if (diff <= 1e-6 * Math.max(Math.abs(x), Math.abs(y))) return true;
  const scale = Math.min(scaleOf(a), scaleOf(b));
  return diff <= 0.5 * 10 ** -scale * (1 + 1e-9);
}

function compareCells(a, b) {
  if (a === b) return 0;
  if (a === null) return 1; // NULLS LAST for ASC, as Spark and DuckDB
  if (b === null) return -1;
  if (NUMBER.test(a) && NUMBER.test(b)) {
    const d = Number(a) - Number(b);
    if (d !== 0) return d < 0 ? -1 : 1;
    return 0;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareRows(a, b) {
  for (let i = 0; i < a.length; i++) {
    const c = compareCells(a[i], b[i]);
    if (c !== 0) return c;
  }
  return 0;
}

/** The last top-level ORDER BY of a query as [{ expr, desc }] (lower-case expressions), or []. */
export function orderByOf(sql) {
  const text = sql.replace(/--[^\n]*/g, ' ').replace(/\s+/g, ' ').toLowerCase();
  let depth = 0;
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (depth === 0 && text.startsWith('order by ', i) && (i === 0 || text[i - 1] === ' ')) start = i + 'order by '.length;
  }
  if (start < 0) return [];
  const clause = text.slice(start).replace(/\blimit\b.*$/, '').trim();
  const items = [];
  let current = '';
  depth = 0;
  for (const ch of clause) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) { items.push(current); current = ''; } else current += ch;
  }
  items.push(current);
  return items.map((item) => {
    const m = /^(.*?)(?:\s+(asc|desc))?(?:\s+nulls\s+(?:first|last))?$/.exec(item.trim());
    return { expr: m[1].trim(), desc: m[2] === 'desc' };
  });
}

/**
 * Compares Quarry's answer with DuckDB's. Both are { columns: string[], rows: (string|null)[][] }.
 * The order is checked on the ORDER BY keys only (rows that tie on them may come in any order), then
 * the rows are compared as sorted multisets. Returns null when they match, else a description.
 */
export function compareAnswers(sql, actual, expected) {
  if (actual.columns.length !== expected.columns.length) {
    return `${actual.columns.length} columns (${actual.columns.join(', ')}), expected ${expected.columns.length} (${expected.columns.join(', ')})`;
  }
  if (actual.rows.length !== expected.rows.length) return `${actual.rows.length} rows, expected ${expected.rows.length}`;
  const order = orderByOf(sql);
  const keys = order.map((o) => ({ index: actual.columns.findIndex((c) => c.toLowerCase() === o.expr), desc: o.desc }));
  if (keys.length > 0 && keys.every((k) => k.index >= 0)) {
    for (let r = 1; r < actual.rows.length; r++) {
      for (const k of keys) {
        let c = compareCells(actual.rows[r - 1][k.index], actual.rows[r][k.index]);
        if (k.desc) c = -c;
        if (c < 0) break;
        if (c > 0) return `row ${r + 1} is out of ORDER BY order: ${JSON.stringify(actual.rows[r - 1])} before ${JSON.stringify(actual.rows[r])}`;
      }
    }
  }
  const a = [...actual.rows].sort(compareRows);
  const e = [...expected.rows].sort(compareRows);
  for (let r = 0; r < a.length; r++) {
    for (let c = 0; c < a[r].length; c++) {
      if (!cellsMatch(a[r][c], e[r][c])) {
        return `row ${JSON.stringify(a[r])} differs from expected ${JSON.stringify(e[r])} (column ${actual.columns[c]})`;
      }
    }
  }
  return null;
}
