// The lexer: Spark SQL text → tokens with source positions. Linear time, no regular expressions
// over the whole input, so a huge statement costs only its length.

import { syntaxError } from '../common/errors.js';

export type TokenKind = 'word' | 'quoted' | 'string' | 'number' | 'binaryString' | 'parameter' | 'op' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** The source text of the token. */
  readonly text: string;
  /** Identifier or string value (escapes resolved); for numbers the digits without suffix. */
  readonly value: string;
  readonly pos: number;
  readonly end: number;
  /** Number suffix: L, S, Y, D, F, BD (upper-cased). */
  readonly suffix?: string;
}

// Longest first, so `<=>` wins over `<=` and `<`.
const OPERATORS = ['<=>', '!~*', '!~', '~*', '::', '<=', '>=', '<>', '!=', '==', '||', '->', '=>', '=', '<', '>', '+', '-', '*', '/', '%',
  '(', ')', ',', '.', ';', '&', '|', '^', '~', '!', '[', ']', ':', '{', '}'];

const NUMBER_SUFFIXES = ['BD', 'L', 'S', 'Y', 'D', 'F'];

const isDigit = (c: string) => c >= '0' && c <= '9';
const isIdentifierStart = (c: string) => /[\p{L}_]/u.test(c);
const isIdentifierPart = (c: string) => /[\p{L}\p{N}_]/u.test(c);

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const n = sql.length;
  const push = (kind: TokenKind, start: number, value: string, suffix?: string) =>
    tokens.push({ kind, text: sql.slice(start, i), value, pos: start, end: i, suffix });

  while (i < n) {
    const c = sql[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f') { i++; continue; }
    if (c === '-' && sql[i + 1] === '-') {
      while (i < n && sql[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && sql[i + 1] === '*') {
      i = skipBlockComment(sql, i);
      continue;
    }
    const start = i;
    if ((c === 'x' || c === 'X') && sql[i + 1] === "'") {
      i++;
      const hex = readQuoted(sql, i, "'", false);
      i = hex.end;
      if (!/^[0-9a-fA-F]*$/.test(hex.value) || hex.value.length % 2 !== 0) {
        throw syntaxError(`[INVALID_BYTE_STRING] The binary literal X'${hex.value}' must have an even number of hexadecimal digits.`, start);
      }
      push('binaryString', start, hex.value);
      continue;
    }
    if ((c === 'e' || c === 'E') && sql[i + 1] === "'") {
      // Postgres's escape string E'…': backslash escapes, as Spark's strings have anyway.
      const s = readQuoted(sql, i + 1, "'", true);
      i = s.end;
      push('string', start, s.value);
      continue;
    }
    if (isIdentifierStart(c)) {
      i++;
      while (i < n && isIdentifierPart(sql[i])) i++;
      push('word', start, sql.slice(start, i));
      continue;
    }
    if (isDigit(c) || (c === '.' && isDigit(sql[i + 1] ?? ''))) {
      readNumber();
      continue;
    }
    if (c === "'") {
      const s = readQuoted(sql, i, "'", true);
      i = s.end;
      push('string', start, s.value);
      continue;
    }
    if (c === '`' || c === '"') {
      const s = readQuoted(sql, i, c, false);
      i = s.end;
      if (s.value.length === 0 && c === '"') {
        push('string', start, ''); // Spark's empty string literal
        continue;
      }
      if (s.value.length === 0) throw syntaxError('Zero-length delimited identifier', start);
      push('quoted', start, s.value);
      continue;
    }
    if (c === '$' && isDigit(sql[i + 1] ?? '')) {
      i++;
      while (i < n && isDigit(sql[i])) i++;
      push('parameter', start, sql.slice(start + 1, i));
      continue;
    }
    if (c === '?') {
      i++;
      push('parameter', start, '');
      continue;
    }
    const op = OPERATORS.find((o) => sql.startsWith(o, i));
    if (!op) throw syntaxError(`[PARSE_SYNTAX_ERROR] Syntax error at or near '${c}'.`, start);
    i += op.length;
    push('op', start, op);
  }
  tokens.push({ kind: 'eof', text: '', value: '', pos: n, end: n });
  return tokens;

  function readNumber(): void {
    const start = i;
    while (i < n && isDigit(sql[i])) i++;
    if (sql[i] === '.' && !(sql[i + 1] === '.')) {
      i++;
      while (i < n && isDigit(sql[i])) i++;
    }
    if ((sql[i] === 'e' || sql[i] === 'E') && (isDigit(sql[i + 1] ?? '') || ((sql[i + 1] === '+' || sql[i + 1] === '-') && isDigit(sql[i + 2] ?? '')))) {
      i += 2;
      while (i < n && isDigit(sql[i])) i++;
    }
    const digits = sql.slice(start, i);
    // A suffix counts only when no identifier character follows it (`1d` yes, `1day` no).
    const suffix = NUMBER_SUFFIXES.find((s) => sql.slice(i, i + s.length).toUpperCase() === s && !isIdentifierPart(sql[i + s.length] ?? ' '));
    if (suffix) i += suffix.length;
    else if (i < n && isIdentifierStart(sql[i])) {
      // Digits running into letters make an identifier, as Spark's lexer (longest match) reads
      // them: `2012_s` is a column name. A fraction or exponent cannot start one.
      if (!/^\d+$/.test(digits)) throw syntaxError(`[PARSE_SYNTAX_ERROR] Syntax error at or near '${sql.slice(start, i + 1)}'.`, start);
      while (i < n && isIdentifierPart(sql[i])) i++;
      push('word', start, sql.slice(start, i));
      return;
    }
    push('number', start, digits, suffix);
  }
}

function skipBlockComment(sql: string, start: number): number {
  // Spark nests block comments.
  let depth = 0;
  let i = start;
  while (i < sql.length) {
    if (sql[i] === '/' && sql[i + 1] === '*') { depth++; i += 2; continue; }
    if (sql[i] === '*' && sql[i + 1] === '/') {
      depth--; i += 2;
      if (depth === 0) return i;
      continue;
    }
    i++;
  }
  throw syntaxError('[UNCLOSED_BRACKETED_COMMENT] Found an unclosed bracketed comment. Please, append */ at the end of the comment.', start);
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', '0': '\0', Z: '\x1a', '%': '\\%', _: '\\_' };

/**
 * A quoted token starting at `start`. Doubling the quote character escapes it (as in Postgres,
 * which client libraries rely on); in strings, Spark's backslash escapes apply too.
 */
function readQuoted(sql: string, start: number, quote: string, backslashEscapes: boolean): { value: string; end: number } {
  let i = start + 1;
  let value = '';
  while (i < sql.length) {
    const c = sql[i];
    if (c === quote) {
      if (sql[i + 1] === quote) { value += quote; i += 2; continue; }
      return { value, end: i + 1 };
    }
    if (c === '\\' && backslashEscapes && i + 1 < sql.length) {
      const next = sql[i + 1];
      if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(sql.slice(i + 2, i + 6))) {
        value += String.fromCharCode(parseInt(sql.slice(i + 2, i + 6), 16));
        i += 6;
        continue;
      }
      value += ESCAPES[next] ?? next;
      i += 2;
      continue;
    }
    value += c;
    i++;
  }
  throw syntaxError(`[PARSE_SYNTAX_ERROR] Syntax error at or near '${sql.slice(start, start + 20)}': unclosed ${quote === "'" ? 'string literal' : 'quoted identifier'}.`, start);
}
