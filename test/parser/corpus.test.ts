// The Spark SQL parser corpus (../shared/spark-sql/parser-corpus): statements from Spark's own
// sql-tests and docs must parse; its negative set must be refused as syntax errors with a position.
// The statements that do not parse yet are listed: one that starts parsing fails the test until it
// is taken off the list, so the list only shrinks.

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { QuarryError } from '../../src/common/errors.js';
import { parseStatements } from '../../src/parser/index.js';

const CORPUS = path.resolve(import.meta.dirname, '../../../shared/spark-sql/parser-corpus');

const entries = (file: string) => fs.readFileSync(file, 'utf8').split(/^-- ;;[ \t]*$/m).map((s) => s.trim()).filter(Boolean);

const NOT_YET_PARSED = new Set([
]);

describe('Spark SQL parser corpus', () => {
  const files = fs.readdirSync(path.join(CORPUS, 'corpus')).filter((f) => f.endsWith('.sql')).sort();

  it('parses every statement Spark parses, except those listed as not yet', () => {
    const unexpected: string[] = [];
    let parsed = 0;
    for (const file of files) {
      entries(path.join(CORPUS, 'corpus', file)).forEach((sql, i) => {
        const id = `${file}#${i + 1}`;
        let ok = true;
        try {
          parseStatements(sql);
        } catch {
          ok = false;
        }
        if (ok) parsed++;
        if (ok === NOT_YET_PARSED.has(id)) unexpected.push(`${id} ${ok ? 'parses now: take it off the list' : 'does not parse'}: ${sql.slice(0, 80)}`);
      });
    }
    expect(unexpected).toEqual([]);
    expect(parsed).toBe(249 - NOT_YET_PARSED.size);
  });

  it('refuses every statement of the negative set as a syntax error, with a position', () => {
    for (const sql of entries(path.join(CORPUS, 'corpus-negative', 'negative.sql'))) {
      let error: unknown;
      try {
        parseStatements(sql);
      } catch (e) {
        error = e;
      }
      expect(error, sql).toBeInstanceOf(QuarryError);
      expect(['42601', '0A000'], sql).toContain((error as QuarryError).sqlState);
      expect((error as QuarryError).position, sql).toBeTypeOf('number');
    }
  });
});
