// Reads ../shared/clients/captured/*.sql: what real clients and BI tools send, captured from a
// PostgreSQL 15 log. A file is a sequence of statements, each optionally preceded by a header
// comment `-- #N [...] (extended, execute S_1) | parameters: $1 = '41', $2 = NULL`.

import fs from 'node:fs';
import path from 'node:path';

export const CAPTURED_DIR = path.resolve(import.meta.dirname, '../../../shared/clients/captured');

export interface CapturedStatement {
  readonly file: string;
  /** 1-based, in file order. */
  readonly index: number;
  readonly sql: string;
  /** Bind parameters in text form (null for NULL); undefined when sent without any. */
  readonly parameters?: readonly (string | null)[];
  /** A repeated Execute of a portal already run (JDBC fetchSize): not a statement of its own. */
  readonly isPortalFetch: boolean;
}

export function capturedFiles(): string[] {
  const top = fs.readdirSync(CAPTURED_DIR).filter((f) => f.endsWith('.sql'));
  const pub = fs.readdirSync(path.join(CAPTURED_DIR, 'public')).filter((f) => f.endsWith('.sql')).map((f) => `public/${f}`);
  return [...top, ...pub].sort();
}

export function readCaptured(file: string): CapturedStatement[] {
  const text = fs.readFileSync(path.join(CAPTURED_DIR, file), 'utf8');
  const statements: CapturedStatement[] = [];
  let header: string | null = null;
  let start = -1;
  let i = 0;
  const finish = (end: number) => {
    const sql = text.slice(start, end).trim();
    start = -1;
    if (sql === '') return;
    statements.push({
      file,
      index: statements.length + 1,
      sql,
      parameters: header ? parseParameters(header) : undefined,
      isPortalFetch: header !== null && /execute fetch from/.test(header),
    });
    header = null;
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '-' && text[i + 1] === '-') {
      const eol = text.indexOf('\n', i);
      const line = text.slice(i, eol < 0 ? text.length : eol);
      // A comment before a statement starts is a header (or prose); inside one it is SQL.
      if (start < 0 && line.startsWith('-- #')) header = line;
      if (start < 0 && line.trim() === '-- ping') {
        statements.push({ file, index: statements.length + 1, sql: line, isPortalFetch: false });
        // The ping is the whole query: its `;` on the next line is not another statement.
        const semicolon = text.indexOf(';', i);
        i = semicolon < 0 ? text.length : semicolon + 1;
        continue;
      }
      i = eol < 0 ? text.length : eol + 1;
      continue;
    }
    if (start < 0 && /\s/.test(c)) { i++; continue; }
    if (start < 0) start = i;
    if (c === "'" || c === '"') {
      const close = text.indexOf(c, i + 1);
      i = close < 0 ? text.length : close + 1;
      continue;
    }
    if (c === '$' && text[i + 1] === '$') {
      const close = text.indexOf('$$', i + 2);
      i = close < 0 ? text.length : close + 2;
      continue;
    }
    if (c === ';') {
      finish(i);
      i++;
      continue;
    }
    i++;
  }
  if (start >= 0) finish(text.length);
  return statements;
}

function parseParameters(header: string): (string | null)[] | undefined {
  const at = header.indexOf('| parameters:');
  if (at < 0) return undefined;
  const values: (string | null)[] = [];
  const re = /\$\d+ = (NULL|'((?:[^']|'')*)')/g;
  for (const m of header.slice(at).matchAll(re)) values.push(m[1] === 'NULL' ? null : m[2].replace(/''/g, "'"));
  return values;
}
