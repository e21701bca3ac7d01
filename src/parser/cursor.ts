// The token cursor every grammar file parses with: look ahead, accept or expect words and
// operators, and raise syntax errors that point at the offending token.

import { QuarryError, syntaxError } from '../common/errors.js';
import { Token, tokenize } from './lexer.js';

/**
 * Words that cannot be a bare column or table name or alias (Spark's ANSI reserved words that
 * matter for telling clauses apart). Everything else, `date`, `year`, `key`, `count`, … is a name.
 */
export const RESERVED = new Set([
  'ALL', 'AND', 'ANTI', 'AS', 'BETWEEN', 'BY', 'CASE', 'CAST', 'CROSS', 'DISTINCT', 'ELSE', 'END', 'EXCEPT',
  'FALSE', 'FETCH', 'FOR', 'FROM', 'FULL', 'GROUP', 'HAVING', 'IN', 'INNER', 'INTERSECT', 'INTO', 'IS', 'JOIN',
  'LATERAL', 'LEFT', 'LIKE', 'ILIKE', 'RLIKE', 'REGEXP', 'LIMIT', 'MINUS', 'NATURAL', 'NOT', 'NULL', 'OFFSET', 'ON', 'OR', 'ORDER', 'OUTER',
  'QUALIFY', 'RIGHT', 'SELECT', 'SEMI', 'THEN', 'TRUE', 'UNION', 'USING', 'VALUES', 'WHEN', 'WHERE', 'WINDOW', 'WITH',
  'CLUSTER', 'DISTRIBUTE', 'SORT', 'PIVOT', 'UNPIVOT', 'TABLESAMPLE',
]);

/** Deep nesting is refused before it can exhaust the stack. */
const MAX_DEPTH = 1000;

export class Cursor {
  private readonly tokens: Token[];
  private index = 0;
  private depth = 0;
  /** `?` placeholders seen so far: they are numbered 1, 2, … in order of appearance. */
  questionMarks = 0;

  constructor(readonly sql: string) {
    this.tokens = tokenize(sql);
  }

  peek(ahead = 0): Token {
    return this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)];
  }

  next(): Token {
    const t = this.tokens[this.index];
    if (this.index < this.tokens.length - 1) this.index++;
    return t;
  }

  /** The last token consumed. */
  previous(): Token {
    return this.tokens[Math.max(this.index - 1, 0)];
  }

  /** Where the cursor is, to come back to with `reset` when one reading of ambiguous input fails. */
  mark(): number {
    return this.index;
  }

  reset(mark: number): void {
    this.index = mark;
  }

  get position(): number {
    return this.peek().pos;
  }

  atEnd(): boolean {
    return this.peek().kind === 'eof';
  }

  /** Whether the token `ahead` is the (unquoted) word `word`, case-insensitively. */
  isWord(word: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === 'word' && t.value.toUpperCase() === word;
  }

  isAnyWord(words: readonly string[], ahead = 0): boolean {
    return words.some((w) => this.isWord(w, ahead));
  }

  acceptWord(word: string): boolean {
    if (!this.isWord(word)) return false;
    this.next();
    return true;
  }

  /** Accepts a sequence of words only when all of them follow. */
  acceptWords(...words: string[]): boolean {
    if (!words.every((w, k) => this.isWord(w, k))) return false;
    for (const _ of words) this.next();
    return true;
  }

  expectWord(word: string): Token {
    if (!this.isWord(word)) throw this.unexpected(word);
    return this.next();
  }

  isOp(op: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === 'op' && t.value === op;
  }

  acceptOp(op: string): boolean {
    if (!this.isOp(op)) return false;
    this.next();
    return true;
  }

  expectOp(op: string): Token {
    if (!this.isOp(op)) throw this.unexpected(`'${op}'`);
    return this.next();
  }

  /** An identifier: a non-reserved word or any quoted name. */
  isIdentifier(ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === 'quoted' || (t.kind === 'word' && !RESERVED.has(t.value.toUpperCase()));
  }

  expectIdentifier(what = 'an identifier'): string {
    if (!this.isIdentifier()) throw this.unexpected(what);
    return this.next().value;
  }

  /** A name where any word is fine, reserved or not (after a `.`, a property key). */
  expectAnyName(): string {
    const t = this.peek();
    if (t.kind !== 'word' && t.kind !== 'quoted') throw this.unexpected('a name');
    return this.next().value;
  }

  expectString(what = 'a string literal'): string {
    const t = this.peek();
    if (t.kind !== 'string') throw this.unexpected(what);
    let value = this.next().value;
    while (this.peek().kind === 'string') value += this.next().value;
    return value;
  }

  /** The source text up to the end of the statement (`;` or end of input), consuming it. */
  restOfStatement(): string {
    const start = this.peek();
    let last: Token | null = null;
    while (!this.atEnd() && !this.isOp(';')) last = this.next();
    return last === null ? '' : this.sql.slice(start.pos, last.end);
  }

  /** Syntax error at the current token, in Spark's words. */
  unexpected(expected?: string): QuarryError {
    const t = this.peek();
    const near = t.kind === 'eof' ? 'end of input' : `'${t.text}'`;
    return syntaxError(`[PARSE_SYNTAX_ERROR] Syntax error at or near ${near}${expected ? `: expected ${expected}` : ''}.`, t.pos);
  }

  /** Guards recursion: grammar rules that nest call this around their body. */
  nested<T>(parse: () => T): T {
    if (++this.depth > MAX_DEPTH) {
      throw new QuarryError('54001', 'statement too complex: nesting exceeds 1000 levels', this.position);
    }
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }
}
