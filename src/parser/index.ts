// The parser's public surface: SQL text → statements with their source spans.

import { QuarryError } from '../common/errors.js';
import { Statement } from './ast.js';
import { Cursor } from './cursor.js';
import { parseStatement as parseOne } from './statements.js';
import { parseExpression } from './expressions.js';
import { Expr } from './ast.js';

export * from './ast.js';
export { walkAst } from './walk.js';

export interface StatementSpan {
  readonly statement: Statement;
  /** Offsets of the statement's text in the input, `end` exclusive. */
  readonly start: number;
  readonly end: number;
}

/** Every statement of a `;`-separated script; empty statements are skipped. */
export function parseStatementsWithSpans(sql: string): StatementSpan[] {
  try {
    const p = new Cursor(sql);
    const result: StatementSpan[] = [];
    for (;;) {
      while (p.acceptOp(';')) { /* empty statement */ }
      if (p.atEnd()) return result;
      const start = p.position;
      const statement = parseOne(p);
      result.push({ statement, start, end: p.previous().end });
      if (!p.atEnd() && !p.isOp(';')) throw p.unexpected();
    }
  } catch (e) {
    // A pathological input must not take the process down with it.
    if (e instanceof RangeError) throw new QuarryError('54001', 'statement too complex');
    throw e;
  }
}

export function parseStatements(sql: string): Statement[] {
  return parseStatementsWithSpans(sql).map((s) => s.statement);
}

/** Exactly one statement (a trailing `;` is fine). */
export function parseStatement(sql: string): Statement {
  const statements = parseStatementsWithSpans(sql);
  if (statements.length !== 1) {
    throw new QuarryError('42601', `[PARSE_SYNTAX_ERROR] Expected one statement, found ${statements.length}.`, statements[1]?.start ?? 0);
  }
  return statements[0].statement;
}

/** One expression, the whole of `sql`. */
export function parseExpressionText(sql: string): Expr {
  const p = new Cursor(sql);
  const expr = parseExpression(p);
  if (!p.atEnd()) throw p.unexpected();
  return expr;
}
