// Spark's own SQLQueryTestSuite golden files (../shared/spark-sql/golden/), run over the wire the
// way Spark's ThriftServerQueryTestSuite runs them over JDBC: split each input as Spark does, run
// every query through a Postgres client, render the answers in Spark's text form, compare.

import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';

export const GOLDEN_ROOT = path.resolve(import.meta.dirname, '../../../shared/spark-sql/golden');

export interface GoldenInput {
  readonly file: string;
  readonly queries: readonly string[];
  /** Session settings from `--SET k=v` lines (the imported file's too). */
  readonly settings: readonly (readonly [string, string])[];
}

export interface ExpectedBlock {
  readonly query: string;
  readonly schema: string;
  readonly output: string;
}

/** Every input file, relative to inputs/, in a stable order. */
export function goldenInputFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(GOLDEN_ROOT, 'inputs', dir), { withFileTypes: true })) {
      const relative = dir ? `${dir}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(relative);
      else if (entry.name.endsWith('.sql')) files.push(relative);
    }
  };
  walk('');
  return files.sort();
}

/** An input file split into queries exactly as SQLQueryTestSuite splits it. */
export function readGoldenInput(file: string): GoldenInput {
  const text = fs.readFileSync(path.join(GOLDEN_ROOT, 'inputs', file), 'utf8');
  const lines = text.split('\n');
  const settings: [string, string][] = [];
  const imported: string[] = [];
  for (const line of lines) {
    const trimmed = line.trim();
    const set = /^--SET\s+(.*)$/.exec(trimmed);
    if (set) {
      for (const pair of set[1].split(',')) {
        const eq = pair.indexOf('=');
        if (eq > 0) settings.push([pair.slice(0, eq).trim(), pair.slice(eq + 1).trim()]);
      }
    }
    const importLine = /^--IMPORT\s+(\S+)/.exec(trimmed);
    if (importLine) {
      const other = readGoldenInput(importLine[1]); // relative to inputs/, as Spark resolves it
      imported.push(...other.queries);
      settings.unshift(...other.settings);
    }
  }
  const code = lines.filter((l) => !l.trim().startsWith('--')).join('\n');
  const queries = code.split(/(?<=[^\\]);/)
    .map((q) => q.split('\n').filter((l) => !l.trim().startsWith('--')).join('\n').trim())
    .filter((q) => q.length > 0);
  return { file, queries: [...imported, ...queries], settings };
}

/** The blocks of a `.sql.out` file, split on `-- !query…` lines as Spark reads them back. */
export function readExpected(file: string): ExpectedBlock[] {
  const text = fs.readFileSync(path.join(GOLDEN_ROOT, 'results', `${file}.out`), 'utf8');
  const segments = text.split(/-- !query.*\n/);
  const blocks: ExpectedBlock[] = [];
  for (let i = 1; i + 2 < segments.length + 1; i += 3) {
    blocks.push({ query: segments[i].trim(), schema: segments[i + 1].trim(), output: (segments[i + 2] ?? '').trimEnd() });
  }
  return blocks;
}

/** The error class of an expected error block (its JSON's `errorClass`), or null for a success. */
export function expectedError(block: ExpectedBlock): { errorClass: string | null } | null {
  if (block.schema !== 'struct<>') return null;
  const firstLine = block.output.split('\n', 1)[0];
  if (!/^[\w.$]+(Exception|Error)\b/.test(firstLine)) return null;
  const m = /"errorClass" : "([^"]+)"/.exec(block.output);
  return { errorClass: m ? m[1] : null };
}

/** The error class Quarry reported: its message's `[CLASS]` prefix. */
export function actualErrorClass(message: string): string | null {
  return /^\[([A-Z0-9_.]+)\]/.exec(message)?.[1] ?? null;
}

// ---- Rendering Postgres text values in Spark's HiveResult form --------------------------------

/** A Spark type as DESCRIBE QUERY spells it, parsed far enough to render values. */
type SparkType =
  | { kind: 'scalar'; name: string }
  | { kind: 'array'; element: SparkType }
  | { kind: 'struct'; fields: { name: string; type: SparkType }[] };

export function parseSparkType(text: string): SparkType {
  let i = 0;
  const parse = (): SparkType => {
    if (text.startsWith('array<', i)) {
      i += 6;
      const element = parse();
      i++; // '>'
      return { kind: 'array', element };
    }
    if (text.startsWith('struct<', i)) {
      i += 7;
      const fields: { name: string; type: SparkType }[] = [];
      while (text[i] !== '>') {
        const colon = text.indexOf(':', i);
        const name = text.slice(i, colon).replace(/^`|`$/g, '');
        i = colon + 1;
        fields.push({ name, type: parse() });
        if (text[i] === ',') i++;
      }
      i++;
      return { kind: 'struct', fields };
    }
    // A scalar runs to the next ',' or '>' outside parentheses (decimal(10,2)).
    let depth = 0, j = i;
    while (j < text.length && (depth > 0 || (text[j] !== ',' && text[j] !== '>'))) {
      if (text[j] === '(') depth++;
      else if (text[j] === ')') depth--;
      j++;
    }
    const name = text.slice(i, j);
    i = j;
    return { kind: 'scalar', name };
  };
  return parse();
}

/** Java's Double.toString / Float.toString for the shortest digits JavaScript gives. */
function javaFloat(text: string): string {
  if (text === 'NaN' || text === 'Infinity' || text === '-Infinity') return text;
  const x = Number(text);
  if (x === 0) return Object.is(x, -0) || text.startsWith('-') ? '-0.0' : '0.0';
  const abs = Math.abs(x);
  if (abs >= 1e-3 && abs < 1e7) {
    const plain = abs >= 1e-3 && /e/.test(text) ? x.toFixed(20).replace(/0+$/, '') : text;
    return /[.]/.test(plain) ? plain.replace(/\.$/, '.0') : `${plain}.0`;
  }
  const [mantissa, exponent] = x.toExponential().split('e');
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${exponent.replace('+', '')}`;
}

function renderScalar(text: string, type: string, nested: boolean): string {
  if (type === 'boolean') return text === 't' || text === 'true' ? 'true' : 'false';
  if (type === 'float' || type === 'double') return javaFloat(text);
  if (type === 'timestamp') return text.replace(/[+-]\d\d(:\d\d(:\d\d)?)?$/, '');
  if (type === 'binary') return text.startsWith('\\x') ? Buffer.from(text.slice(2), 'hex').toString('utf8') : text;
  if (type.startsWith('interval')) return hiveInterval(text, type);
  if (nested && (type === 'string' || type.startsWith('varchar') || type.startsWith('char'))) return `"${text}"`;
  return text;
}

/** Postgres interval text (`1 year 2 mons 3 days 04:05:06.5`) in Hive style (`1-2`, `3 04:05:06.500000000`). */
function hiveInterval(text: string, type: string): string {
  let months = 0, days = 0, micros = 0;
  const re = /(-?\d+) (year|mon|day)s?|(-?)(\d+):(\d\d):(\d\d(?:\.\d+)?)/g;
  for (let m; (m = re.exec(text)) !== null;) {
    if (m[2] === 'year') months += 12 * Number(m[1]);
    else if (m[2] === 'mon') months += Number(m[1]);
    else if (m[2] === 'day') days += Number(m[1]);
    else micros += (m[3] ? -1 : 1) * Math.round((Number(m[4]) * 3600 + Number(m[5]) * 60 + Number(m[6])) * 1e6);
  }
  if (type.includes('year') || type.includes('month')) {
    const sign = months < 0 ? '-' : '';
    return `${sign}${Math.trunc(Math.abs(months) / 12)}-${Math.abs(months) % 12}`;
  }
  const total = days * 86_400_000_000 + micros;
  const sign = total < 0 ? '-' : '';
  const abs = Math.abs(total);
  const pad = (n: number) => String(n).padStart(2, '0');
  const d = Math.floor(abs / 86_400_000_000), h = Math.floor(abs / 3_600_000_000) % 24;
  const mi = Math.floor(abs / 60_000_000) % 60, s = Math.floor(abs / 1_000_000) % 60, frac = abs % 1_000_000;
  return `${sign}${d} ${pad(h)}:${pad(mi)}:${pad(s)}.${String(frac * 1000).padStart(9, '0')}`;
}

/** Postgres array text → its elements' texts (null for NULL), nested arrays as their own text. */
function splitPgArray(text: string): (string | null)[] {
  const items: (string | null)[] = [];
  let i = 1;
  if (text === '{}') return items;
  while (i < text.length) {
    if (text[i] === '"') {
      let value = '';
      i++;
      while (text[i] !== '"') {
        if (text[i] === '\\') i++;
        value += text[i++];
      }
      i++;
      items.push(value);
    } else if (text[i] === '{') {
      let depth = 0, j = i;
      do {
        if (text[j] === '{') depth++;
        else if (text[j] === '}') depth--;
        else if (text[j] === '"') { j++; while (text[j] !== '"') { if (text[j] === '\\') j++; j++; } }
        j++;
      } while (depth > 0);
      items.push(text.slice(i, j));
      i = j;
    } else {
      let j = i;
      while (text[j] !== ',' && text[j] !== '}') j++;
      const raw = text.slice(i, j);
      items.push(raw === 'NULL' ? null : raw);
      i = j;
    }
    i++; // ',' or the closing '}'
  }
  return items;
}

/** JSON text → values that keep numbers' exact text (decimals keep their scale). */
function parseRawJson(text: string): unknown {
  let i = 0;
  const ws = () => { while (/\s/.test(text[i] ?? '')) i++; };
  const value = (): unknown => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const out: [string, unknown][] = [];
      ws();
      if (text[i] === '}') { i++; return out; }
      for (;;) {
        ws();
        const key = value() as { str: string };
        ws(); i++; // ':'
        out.push([key.str, value()]);
        ws();
        if (text[i++] === '}') return out;
      }
    }
    if (c === '[') {
      i++;
      const out: unknown[] = [];
      ws();
      if (text[i] === ']') { i++; return { list: out }; }
      for (;;) {
        out.push(value());
        ws();
        if (text[i++] === ']') return { list: out };
      }
    }
    if (c === '"') {
      const start = i;
      i++;
      while (text[i] !== '"') { if (text[i] === '\\') i++; i++; }
      i++;
      return { str: JSON.parse(text.slice(start, i)) as string };
    }
    const m = /^(true|false|null|-?[\d.eE+-]+|NaN|-?Infinity)/.exec(text.slice(i))!;
    i += m[0].length;
    return m[0] === 'null' ? null : { raw: m[0] };
  };
  return value();
}

function renderJson(value: unknown, type: SparkType): string {
  if (value === null) return 'null';
  if (type.kind === 'struct') {
    const members = value as [string, unknown][];
    return `{${type.fields.map((f, k) => `"${f.name}":${renderJson(members[k]?.[1] ?? null, f.type)}`).join(',')}}`;
  }
  const v = value as { str?: string; raw?: string; list?: unknown[] };
  if (type.kind === 'array') {
    if (v.list) return `[${v.list.map((x) => renderJson(x, type.element)).join(',')}]`;
    return render(v.str ?? v.raw ?? '', type, true);
  }
  return renderScalar(v.str ?? v.raw ?? '', type.name, true);
}

/** One Postgres text cell in Spark's form, given the column's Spark type. */
export function render(text: string | null, type: SparkType, nested = false): string {
  if (text === null) return nested ? 'null' : 'NULL';
  switch (type.kind) {
    case 'scalar': return renderScalar(text, type.name, nested);
    case 'array': return `[${splitPgArray(text).map((x) => render(x, type.element, true)).join(',')}]`;
    case 'struct': return renderJson(parseRawJson(text), type);
  }
}

// Fallback types for results DESCRIBE QUERY cannot describe (SET, SHOW, DESCRIBE).
const OID_TYPES: Record<number, string> = {
  16: 'boolean', 17: 'binary', 20: 'bigint', 21: 'smallint', 23: 'int', 25: 'string', 700: 'float', 701: 'double',
  1082: 'date', 1114: 'timestamp_ntz', 1184: 'timestamp', 1186: 'interval day to second',
};

export interface ActualResult {
  readonly schema: string;
  readonly rows: string[];
  readonly error?: { readonly message: string; readonly code?: string };
}

/** Runs one query and renders its answer as Spark would print it. */
export async function runQuery(client: pg.Client, query: string): Promise<ActualResult> {
  let result: pg.QueryResult;
  try {
    result = await client.query({ text: query, rowMode: 'array', types: { getTypeParser: () => (v: string) => v } as never });
  } catch (e) {
    const err = e as Error & { code?: string };
    return { schema: 'struct<>', rows: [], error: { message: err.message, code: err.code } };
  }
  const results = Array.isArray(result) ? result as pg.QueryResult[] : [result];
  const last = results[results.length - 1];
  if (!last.fields || last.fields.length === 0) return { schema: 'struct<>', rows: [] };
  let types: string[] = last.fields.map((f) => (f.dataTypeID === 1700
    ? `decimal(${(f.dataTypeModifier - 4) >> 16},${(f.dataTypeModifier - 4) & 0xffff})`
    : OID_TYPES[f.dataTypeID] ?? 'string'));
  if (/^\s*(\(|select|with|values|from|table)\b/i.test(query)) {
    try {
      const described = await client.query({ text: `DESCRIBE QUERY ${query}`, rowMode: 'array' });
      if (described.rows.length === last.fields.length) types = described.rows.map((r) => String((r as unknown[])[1]));
    } catch { /* keep the types the wire gave */ }
  }
  const parsed = types.map(parseSparkType);
  const schema = `struct<${last.fields.map((f, i) => `${f.name}:${types[i]}`).join(',')}>`;
  const rows = (last.rows as (string | null)[][]).map((row) => row.map((v, i) => render(v, parsed[i])).join('\t'));
  return { schema, rows };
}

/** The query without parenthesised parts and string literals: an ORDER BY left is the query's own. */
function topLevelText(query: string): string {
  let depth = 0, out = '', quote = '';
  for (const c of query) {
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === "'" || c === '"' || c === '`') quote = c;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (depth === 0) out += c;
  }
  return out;
}

export type Verdict = 'passed' | 'wrong error class' | 'unexpected error' | 'expected an error' | 'schema' | 'rows' | 'order';

/** Compares an answer with the golden block, as SQLQueryTestSuite does (unordered outputs sorted). */
export function judge(block: ExpectedBlock, actual: ActualResult): Verdict {
  const expected = expectedError(block);
  if (expected) {
    if (!actual.error) return 'expected an error';
    if (expected.errorClass === null) return 'passed';
    return actualErrorClass(actual.error.message) === expected.errorClass ? 'passed' : 'wrong error class';
  }
  if (actual.error) return 'unexpected error';
  if (actual.schema !== block.schema) return 'schema';
  const expectedRows = block.output === '' ? [] : block.output.split('\n');
  const ordered = /\border\s+by\b/i.test(topLevelText(block.query));
  const rows = ordered ? actual.rows : [...actual.rows].sort();
  const same = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  if (same(rows.join('\n').trimEnd().split('\n').filter((_, i, all) => all.length > 1 || all[0] !== ''), expectedRows)) return 'passed';
  if (ordered && same([...actual.rows].sort(), [...expectedRows].sort())) return 'order';
  return 'rows';
}
