// Expressions by precedence climbing (Pratt). Spark's precedence, loosest first:
// OR, AND, NOT, comparisons / IS / IN / BETWEEN / LIKE, |, ^, &, + - ||, * / % DIV, unary, ::.

import { syntaxError } from '../common/errors.js';
import {
  BinaryType, BooleanType, ByteType, DataType, DateType, DoubleType, FloatType, IntegerType, LongType, ShortType, StringType,
  TimestampType, decimalType, typeToString,
} from '../common/types.js';
import * as ast from './ast.js';
import { Cursor } from './cursor.js';
import { parseTypeName } from './data_types.js';
import { parseQuery, parseSortItem, startsQuery } from './queries.js';

const Power = { Lowest: 0, Or: 1, And: 2, Not: 3, Comparison: 4, BitOr: 5, BitXor: 6, BitAnd: 7, Additive: 8, Multiplicative: 9, Unary: 10, Postfix: 11 } as const;
type Power = (typeof Power)[keyof typeof Power];

const BINARY: Record<string, [number, ast.BinaryOperator]> = {
  '=': [Power.Comparison, '='], '==': [Power.Comparison, '=='], '<>': [Power.Comparison, '<>'], '!=': [Power.Comparison, '!='],
  '<': [Power.Comparison, '<'], '<=': [Power.Comparison, '<='], '>': [Power.Comparison, '>'], '>=': [Power.Comparison, '>='],
  '<=>': [Power.Comparison, '<=>'], '~': [Power.Comparison, '~'], '~*': [Power.Comparison, '~*'],
  '!~': [Power.Comparison, '!~'], '!~*': [Power.Comparison, '!~*'],
  '|': [Power.BitOr, '|'], '^': [Power.BitXor, '^'], '&': [Power.BitAnd, '&'],
  '+': [Power.Additive, '+'], '-': [Power.Additive, '-'], '||': [Power.Additive, '||'],
  '*': [Power.Multiplicative, '*'], '/': [Power.Multiplicative, '/'], '%': [Power.Multiplicative, '%'],
};

export function parseExpression(p: Cursor, minPower: number = Power.Lowest): ast.Expr {
  return p.nested(() => {
    let left = parsePrefix(p);
    for (;;) {
      const next = parseInfix(p, left, minPower);
      if (next === null) return left;
      left = next;
    }
  });
}

/** One infix or postfix step on `left`, or null when the next token binds looser than `minPower`. */
function parseInfix(p: Cursor, left: ast.Expr, minPower: number): ast.Expr | null {
  const t = p.peek();
  const pos = left.pos;
  if (t.kind === 'word' && t.value.toUpperCase() === 'OPERATOR' && p.isOp('(', 1)) {
    // Postgres's qualified operator: x OPERATOR(pg_catalog.~) y.
    if (Power.Comparison <= minPower) return null;
    p.next();
    p.next();
    while (p.peek().kind === 'word' && p.isOp('.', 1)) { p.next(); p.next(); }
    const op = p.next().value;
    p.expectOp(')');
    const binary = BINARY[op];
    if (!binary) throw p.unexpected('an operator');
    return { kind: 'binary', pos, op: binary[1], left, right: parseExpression(p, binary[0]) };
  }
  if (t.kind === 'word') {
    const word = t.value.toUpperCase();
    if (word === 'OR' || word === 'AND') {
      const power = word === 'OR' ? Power.Or : Power.And;
      if (power <= minPower) return null;
      p.next();
      return { kind: 'binary', pos, op: word, left, right: parseExpression(p, power) };
    }
    if (word === 'DIV') {
      if (Power.Multiplicative <= minPower) return null;
      p.next();
      return { kind: 'binary', pos, op: 'DIV', left, right: parseExpression(p, Power.Multiplicative) };
    }
    if (word === 'COLLATE') {
      // Collations are accepted and ignored: strings compare by code point.
      if (Power.Postfix <= minPower) return null;
      p.next();
      p.expectAnyName();
      while (p.acceptOp('.')) p.expectAnyName();
      return left;
    }
    if (Power.Comparison <= minPower) return null;
    if (word === 'IS') {
      p.next();
      const negated = p.acceptWord('NOT');
      if (p.acceptWord('NULL')) return { kind: 'isNull', pos, operand: left, negated };
      if (p.acceptWord('TRUE')) return { kind: 'isBoolean', pos, operand: left, value: true, negated };
      if (p.acceptWord('FALSE')) return { kind: 'isBoolean', pos, operand: left, value: false, negated };
      if (p.acceptWord('UNKNOWN')) return { kind: 'isBoolean', pos, operand: left, value: null, negated };
      if (p.acceptWords('DISTINCT', 'FROM')) {
        const equal: ast.Expr = { kind: 'binary', pos, op: '<=>', left, right: parseExpression(p, Power.Comparison) };
        return negated ? equal : { kind: 'unary', pos, op: 'NOT', operand: equal };
      }
      throw p.unexpected('NULL, TRUE, FALSE, UNKNOWN or DISTINCT FROM');
    }
    const negated = word === 'NOT' && p.isAnyWord(['IN', 'BETWEEN', 'LIKE', 'ILIKE', 'RLIKE', 'REGEXP'], 1);
    if (negated) p.next();
    if (p.acceptWord('IN')) return parseIn(p, left, negated);
    if (p.acceptWord('BETWEEN')) {
      const low = parseExpression(p, Power.Comparison);
      p.expectWord('AND');
      const high = parseExpression(p, Power.Comparison);
      return { kind: 'between', pos, operand: left, low, high, negated };
    }
    for (const operator of ['LIKE', 'ILIKE', 'RLIKE', 'REGEXP'] as const) {
      if (!p.acceptWord(operator)) continue;
      const pattern = parseExpression(p, Power.Comparison);
      const escape = operator !== 'RLIKE' && operator !== 'REGEXP' && p.acceptWord('ESCAPE') ? p.expectString('an escape character') : undefined;
      return { kind: 'like', pos, operator: operator === 'REGEXP' ? 'RLIKE' : operator, operand: left, pattern, escape, negated };
    }
    if (negated) throw p.unexpected();
    return null;
  }
  if (t.kind !== 'op') return null;
  if (t.value === '.' && (left.kind === 'function' || left.kind === 'subscript' || left.kind === 'fieldAccess') && p.peek(1).kind !== 'op') {
    // Dereferencing a call's or an element's struct: named_struct(…).a, arr[0].b.
    if (Power.Postfix <= minPower) return null;
    p.next();
    return { kind: 'fieldAccess', pos, operand: left, field: p.expectAnyName() };
  }
  if (t.value === '[') {
    if (Power.Postfix <= minPower) return null;
    p.next();
    const index = parseExpression(p);
    p.expectOp(']');
    return { kind: 'subscript', pos, operand: left, index };
  }
  if (t.value === '::') {
    if (Power.Postfix <= minPower) return null;
    p.next();
    return { kind: 'cast', pos, operand: left, type: parseTypeName(p), try: false };
  }
  const binary = BINARY[t.value];
  if (!binary || binary[0] <= minPower) return null;
  p.next();
  const quantifier = binary[0] === Power.Comparison && p.isOp('(', 1) ? p.peek().value.toUpperCase() : '';
  if (quantifier === 'ANY' || quantifier === 'SOME' || quantifier === 'ALL') return parseQuantified(p, left, binary[1]);
  return { kind: 'binary', pos, op: binary[1], left, right: parseExpression(p, binary[0]) };
}

/** After `x op`: `ANY (array)`, `SOME (SELECT …)`, `ALL (…)`. */
function parseQuantified(p: Cursor, operand: ast.Expr, op: string): ast.Expr {
  const word = p.next().value.toUpperCase();
  const quantifier = word === 'ALL' ? 'ALL' : 'ANY';
  p.expectOp('(');
  const node: ast.Quantified = startsQuery(p)
    ? { kind: 'quantified', pos: operand.pos, op, quantifier, operand, query: parseQuery(p) }
    : { kind: 'quantified', pos: operand.pos, op, quantifier, operand, array: parseExpression(p) };
  p.expectOp(')');
  return node;
}

function parseIn(p: Cursor, operand: ast.Expr, negated: boolean): ast.Expr {
  p.expectOp('(');
  if (startsQuery(p)) {
    const query = parseQuery(p);
    p.expectOp(')');
    return { kind: 'inSubquery', pos: operand.pos, operand, query, negated };
  }
  const list = parseExpressionList(p);
  p.expectOp(')');
  return { kind: 'inList', pos: operand.pos, operand, list, negated };
}

export function parseExpressionList(p: Cursor): ast.Expr[] {
  const list = [parseExpression(p)];
  while (p.acceptOp(',')) list.push(parseExpression(p));
  return list;
}

/** How many parameters a lambda starting here has (`x ->`, `(a, b) ->`), or 0 when none starts here. */
function lambdaAhead(p: Cursor): number {
  if (p.isIdentifier() && p.isOp('->', 1)) return 1;
  if (!p.isOp('(')) return 0;
  let k = 1, count = 0;
  for (;;) {
    if (!p.isIdentifier(k)) return 0;
    count++;
    k++;
    if (p.isOp(')', k)) return p.isOp('->', k + 1) ? count : 0;
    if (!p.isOp(',', k)) return 0;
    k++;
  }
}

function parseLambda(p: Cursor, count: number): ast.Expr {
  const pos = p.position;
  const params: string[] = [];
  if (p.acceptOp('(')) {
    for (let i = 0; i < count; i++) {
      if (i > 0) p.expectOp(',');
      params.push(p.expectIdentifier('a lambda parameter'));
    }
    p.expectOp(')');
  } else params.push(p.expectIdentifier('a lambda parameter'));
  p.expectOp('->');
  return { kind: 'lambda', pos, params, body: parseExpression(p) };
}

function parsePrefix(p: Cursor): ast.Expr {
  const t = p.peek();
  const pos = t.pos;
  const lambda = lambdaAhead(p);
  if (lambda > 0) return parseLambda(p, lambda);
  switch (t.kind) {
    case 'number':
      p.next();
      return { kind: 'number', pos, text: t.value, suffix: t.suffix as ast.NumberLiteral['suffix'] };
    case 'string':
      if (adjacentLiterals(p) > 1) return { kind: 'string', pos, value: concatenateLiterals(p) };
      return { kind: 'string', pos, value: p.expectString() };
    case 'binaryString': {
      p.next();
      return { kind: 'binaryLiteral', pos, value: Uint8Array.from(Buffer.from(t.value, 'hex')) };
    }
    case 'parameter': {
      p.next();
      return { kind: 'parameter', pos, index: t.value === '' ? ++p.questionMarks : Number(t.value) };
    }
    case 'quoted':
      // "S" 'par' "k": adjacent literals concatenate in Spark (a lone "name" stays a name).
      if (t.text.startsWith('"') && isStringRun(p)) return { kind: 'string', pos, value: concatenateLiterals(p) };
      return parseName(p);
    case 'op':
      if (t.value === '-' || t.value === '+' || t.value === '~') {
        p.next();
        // A signed number is one literal in Spark's grammar: -10L :: STRING casts -10.
        if (t.value === '-' && p.peek().kind === 'number') return { kind: 'unary', pos, op: '-', operand: parsePrefix(p) };
        return { kind: 'unary', pos, op: t.value, operand: parseExpression(p, Power.Unary) };
      }
      if (t.value === '!') {
        p.next();
        return { kind: 'unary', pos, op: 'NOT', operand: parseExpression(p, Power.Not) };
      }
      if (t.value === '*') {
        p.next();
        return { kind: 'star', pos };
      }
      if (t.value === '(') {
        p.next();
        if (startsQuery(p)) {
          const query = parseQuery(p);
          p.expectOp(')');
          return { kind: 'scalarSubquery', pos, query };
        }
        let inner = parseExpression(p);
        if (p.isOp(',') || p.isWord('AS')) {
          // A row constructor, `(a, b AS y)`: Spark's struct.
          const args = [inner];
          const argNames: (string | undefined)[] = [p.acceptWord('AS') ? p.expectAnyName() : undefined];
          while (p.acceptOp(',')) {
            args.push(parseExpression(p));
            argNames.push(p.acceptWord('AS') ? p.expectAnyName() : undefined);
          }
          p.expectOp(')');
          return { kind: 'function', pos, name: { pos, parts: ['struct'] }, args, distinct: false, argNames };
        }
        p.expectOp(')');
        while (p.isOp('.') && p.peek(1).kind !== 'op') {
          p.next();
          inner = { kind: 'fieldAccess', pos, operand: inner, field: p.expectAnyName() };
        }
        return inner;
      }
      throw p.unexpected('an expression');
    case 'word':
      return parseWordPrefix(p);
    default:
      throw p.unexpected('an expression');
  }
}

const isDoubleQuoted = (t: { kind: string; text: string }) => t.kind === 'quoted' && t.text.startsWith('"');
const isLiteralToken = (t: { kind: string; text: string }) => t.kind === 'string' || isDoubleQuoted(t);

/** How many string tokens ('…' or "…") follow one another from here. */
function adjacentLiterals(p: Cursor): number {
  let k = 0;
  while (isLiteralToken(p.peek(k))) k++;
  return k;
}

/**
 * Whether the "…" here starts a run of adjacent literals Spark concatenates: with a '…' among
 * them, or three or more ("a" "b" alone reads as a name and its alias, as Postgres clients mean).
 */
function isStringRun(p: Cursor): boolean {
  const n = adjacentLiterals(p);
  if (n >= 3) return true;
  return n === 2 && (p.peek(0).kind === 'string' || p.peek(1).kind === 'string');
}

function concatenateLiterals(p: Cursor): string {
  let value = '';
  while (isLiteralToken(p.peek())) value += p.next().value;
  return value;
}

const TYPED_LITERALS: Record<string, ast.TypedLiteral['type']> = {
  DATE: 'date', TIMESTAMP: 'timestamp', TIMESTAMP_NTZ: 'timestamp_ntz', TIMESTAMP_LTZ: 'timestamp_ltz', TIME: 'time',
};

function parseWordPrefix(p: Cursor): ast.Expr {
  const t = p.peek();
  const pos = t.pos;
  const word = t.value.toUpperCase();
  switch (word) {
    case 'NULL': p.next(); return { kind: 'null', pos };
    case 'TRUE': p.next(); return { kind: 'boolean', pos, value: true };
    case 'FALSE': p.next(); return { kind: 'boolean', pos, value: false };
    case 'NOT': p.next(); return { kind: 'unary', pos, op: 'NOT', operand: parseExpression(p, Power.Not) };
    case 'CASE': return parseCase(p);
    case 'CAST': case 'TRY_CAST': {
      p.next();
      p.expectOp('(');
      const operand = parseExpression(p);
      p.expectWord('AS');
      const type = parseTypeName(p);
      p.expectOp(')');
      return { kind: 'cast', pos, operand, type, try: word === 'TRY_CAST' };
    }
    case 'EXTRACT':
      // EXTRACT(field FROM source) is date_part('field', source).
      if (p.isOp('(', 1)) {
        p.next();
        p.next();
        const field = p.next();
        p.expectWord('FROM');
        const source = parseExpression(p);
        p.expectOp(')');
        return { kind: 'function', pos, name: { pos, parts: ['date_part'] }, args: [{ kind: 'string', pos: field.pos, value: field.value }, source], distinct: false };
      }
      break;
    case 'TRIM':
      if (p.isOp('(', 1)) return parseTrim(p);
      break;
    case 'SUBSTRING': case 'SUBSTR': case 'OVERLAY':
      if (p.isOp('(', 1)) {
        const sqlForm = parseFromForForm(p, word);
        if (sqlForm) return sqlForm;
      }
      break;
    case 'POSITION':
      // POSITION(substr IN str) is locate(substr, str); position(substr, str[, pos]) a plain call.
      if (p.isOp('(', 1)) {
        const mark = p.mark();
        p.next();
        p.next();
        const substr = parseExpression(p, Power.Comparison);
        if (p.acceptWord('IN')) {
          const str = parseExpression(p);
          p.expectOp(')');
          return { kind: 'function', pos, name: { pos, parts: ['locate'] }, args: [substr, str], distinct: false };
        }
        p.reset(mark);
      }
      break;
    case 'EXISTS':
      // EXISTS (SELECT …); exists(array, x -> …) is the higher-order function.
      if (p.isOp('(', 1) && startsQuery(p, 2)) {
        p.next();
        p.expectOp('(');
        const query = parseQuery(p);
        p.expectOp(')');
        return { kind: 'exists', pos, query };
      }
      break;
    case 'INTERVAL':
      if (p.peek(1).kind === 'string' || p.peek(1).kind === 'number' || (p.isOp('-', 1) && (p.peek(2).kind === 'number' || p.peek(2).kind === 'string'))) return parseInterval(p);
      break;
    case 'TABLE':
      // A table argument of a table function: TABLE(t), TABLE t, TABLE(SELECT …).
      if ((p.isOp('(', 1) && startsQuery(p, 2)) || (p.isIdentifier(1) && !p.isOp('(', 1))) {
        p.next();
        const parenthesised = p.acceptOp('(');
        const arg: ast.Expr = startsQuery(p) ? { kind: 'scalarSubquery', pos: p.position, query: parseQuery(p) } : parseName(p);
        if (parenthesised) p.expectOp(')');
        return { kind: 'function', pos, name: { pos, parts: ['table'] }, args: [arg], distinct: false };
      }
      break;
    case 'ARRAY':
      if (p.isOp('[', 1)) {
        p.next();
        p.next();
        const args = p.isOp(']') ? [] : parseExpressionList(p);
        p.expectOp(']');
        return { kind: 'function', pos, name: { pos, parts: ['array'] }, args, distinct: false };
      }
      if (p.isOp('(', 1) && startsQuery(p, 2)) {
        p.next();
        p.next();
        const query = parseQuery(p);
        p.expectOp(')');
        return { kind: 'arraySubquery', pos, query };
      }
      break;
  }
  if (word in TYPED_LITERALS && p.peek(1).kind === 'string') {
    p.next();
    return { kind: 'typedLiteral', pos, type: TYPED_LITERALS[word], value: p.expectString() };
  }
  if (word in TYPED_LITERALS && p.peek(1).kind === 'quoted' && p.peek(1).text.startsWith('"')) {
    p.next(); // DATE "2020-01-01": Spark's double-quoted string
    return { kind: 'typedLiteral', pos, type: TYPED_LITERALS[word], value: p.next().value };
  }
  if (!p.isIdentifier() && !p.isOp('(', 1)) throw p.unexpected('an expression');
  return parseName(p);
}

/** A column, `t.*`, or a function call: `a`, `t.a`, `db.t.a`, `f(x)`, `count(DISTINCT x)`. */
function parseName(p: Cursor): ast.Expr {
  const pos = p.position;
  const doubleQuoted = p.peek().kind === 'quoted' && p.peek().text.startsWith('"');
  const parts = [p.next().value];
  while (p.isOp('.')) {
    p.next();
    if (p.acceptOp('*')) return { kind: 'star', pos, qualifier: { pos, parts } };
    parts.push(p.expectAnyName());
  }
  const name: ast.QualifiedName = { pos, parts };
  if (!p.isOp('(')) return { kind: 'column', pos, name, ...(doubleQuoted && parts.length === 1 ? { doubleQuoted } : {}) };
  p.next();
  let distinct = false;
  let args: ast.Expr[] = [];
  let argNames: (string | undefined)[] | undefined;
  if (!p.isOp(')')) {
    if (p.acceptWord('DISTINCT')) distinct = true;
    else p.acceptWord('ALL');
    if (parts.length === 1 && parts[0].toUpperCase() === 'STRUCT') {
      // struct(expr [AS name], t.*, …): Spark names the fields.
      argNames = [];
      do {
        args.push(parseExpression(p));
        argNames.push(p.acceptWord('AS') ? p.expectAnyName() : undefined);
      } while (p.acceptOp(','));
    } else args = parseExpressionList(p);
  }
  p.expectOp(')');
  let filter: ast.Expr | undefined;
  if (p.isWord('FILTER') && p.isOp('(', 1)) {
    p.next();
    p.next();
    p.expectWord('WHERE');
    filter = parseExpression(p);
    p.expectOp(')');
  }
  const ignoreNulls = p.acceptWords('IGNORE', 'NULLS') ? true : (p.acceptWords('RESPECT', 'NULLS'), undefined);
  const over = p.acceptWord('OVER') ? parseWindowSpec(p) : undefined;
  const castAlias = parts.length === 1 ? CAST_ALIASES[parts[0].toUpperCase()] : undefined;
  if (castAlias && args.length === 1 && !distinct && !filter && !over) {
    // int(x), double(x), date(x)…: Spark's cast functions, named CAST(x AS INT) like a CAST.
    return { kind: 'cast', pos, operand: args[0], type: { pos, type: castAlias, text: typeToString(castAlias).toUpperCase() }, try: false };
  }
  return { kind: 'function', pos, name, args, distinct, filter, over, ...(argNames ? { argNames } : {}), ...(ignoreNulls ? { ignoreNulls } : {}) };
}

const CAST_ALIASES: Record<string, DataType> = {
  BOOLEAN: BooleanType, TINYINT: ByteType, SMALLINT: ShortType, INT: IntegerType, BIGINT: LongType, FLOAT: FloatType,
  DOUBLE: DoubleType, DECIMAL: decimalType(10, 0), DATE: DateType, TIMESTAMP: TimestampType, BINARY: BinaryType, STRING: StringType,
};

export function parseWindowSpec(p: Cursor): ast.WindowSpec {
  const pos = p.position;
  if (!p.isOp('(')) return { pos, name: p.expectIdentifier('a window name'), partitionBy: [], orderBy: [] };
  p.next();
  const name = p.isIdentifier() && !p.isAnyWord(['PARTITION', 'DISTRIBUTE', 'ORDER', 'SORT', 'ROWS', 'RANGE']) ? p.next().value : undefined;
  const partitionBy: ast.Expr[] = [];
  if (p.acceptWord('PARTITION') || p.acceptWord('DISTRIBUTE')) {
    p.expectWord('BY');
    partitionBy.push(...parseExpressionList(p));
  }
  const orderBy: ast.SortItem[] = [];
  if (p.acceptWord('ORDER') || p.acceptWord('SORT')) {
    p.expectWord('BY');
    do orderBy.push(parseSortItem(p));
    while (p.acceptOp(','));
  }
  let frame: ast.WindowFrame | undefined;
  if (p.isWord('ROWS') || p.isWord('RANGE')) {
    const framePos = p.position;
    const units = p.next().value.toUpperCase() as 'ROWS' | 'RANGE';
    if (p.acceptWord('BETWEEN')) {
      const start = parseFrameBound(p);
      p.expectWord('AND');
      frame = { pos: framePos, units, start, end: parseFrameBound(p) };
    } else {
      frame = { pos: framePos, units, start: parseFrameBound(p), end: { kind: 'currentRow' } };
    }
  }
  p.expectOp(')');
  return { pos, name, partitionBy, orderBy, frame };
}

function parseFrameBound(p: Cursor): ast.FrameBound {
  if (p.acceptWords('CURRENT', 'ROW')) return { kind: 'currentRow' };
  if (p.acceptWord('UNBOUNDED')) {
    if (p.acceptWord('PRECEDING')) return { kind: 'unboundedPreceding' };
    p.expectWord('FOLLOWING');
    return { kind: 'unboundedFollowing' };
  }
  const t = p.peek();
  // A row count is an INT; a wider number is a value distance (for RANGE frames; ROWS refuses it as Spark does).
  if (t.kind === 'number' && /^\d+$/.test(t.value) && !t.suffix && Number(t.value) <= 2147483647 && p.isAnyWord(['PRECEDING', 'FOLLOWING'], 1)) {
    p.next();
    if (p.acceptWord('PRECEDING')) return { kind: 'offset', rows: -Number(t.value) };
    p.expectWord('FOLLOWING');
    return { kind: 'offset', rows: Number(t.value) };
  }
  // Any other distance (2.5, INTERVAL 1 DAY) is one in ORDER BY values: RANGE frames only.
  const value = parseExpression(p, Power.Comparison);
  const preceding = p.acceptWord('PRECEDING');
  if (!preceding) p.expectWord('FOLLOWING');
  return { kind: 'valueOffset', value, preceding };
}

/** TRIM([BOTH | LEADING | TRAILING] [chars] FROM str), TRIM(chars FROM str) or trim(str [, chars]). */
function parseTrim(p: Cursor): ast.Expr {
  const pos = p.next().pos;
  p.expectOp('(');
  const side = p.acceptWord('BOTH') ? 'trim' : p.acceptWord('LEADING') ? 'ltrim' : p.acceptWord('TRAILING') ? 'rtrim' : undefined;
  const call = (name: string, args: ast.Expr[]): ast.Expr => ({ kind: 'function', pos, name: { pos, parts: [name] }, args, distinct: false });
  if (side && p.acceptWord('FROM')) {
    const source = parseExpression(p);
    p.expectOp(')');
    return call(side, [source]);
  }
  const first = parseExpression(p);
  if (p.acceptWord('FROM')) {
    const source = parseExpression(p);
    p.expectOp(')');
    return call(side ?? 'trim', [source, first]);
  }
  const rest = p.acceptOp(',') ? parseExpressionList(p) : [];
  p.expectOp(')');
  return call(side ?? 'trim', [first, ...rest]);
}

/**
 * The SQL-standard forms SUBSTRING(str FROM pos [FOR len]) and OVERLAY(str PLACING repl FROM pos
 * [FOR len]): Spark's substring(str, pos, len) (len 2147483647 when absent) and overlay(str, repl,
 * pos[, len]). Null when the call is an ordinary comma-separated one.
 */
function parseFromForForm(p: Cursor, word: string): ast.Expr | null {
  const mark = p.mark();
  const pos = p.next().pos;
  p.next();
  const source = parseExpression(p);
  const overlay = word === 'OVERLAY';
  if (overlay ? !p.isWord('PLACING') : !p.isWord('FROM')) {
    p.reset(mark);
    return null;
  }
  const args: ast.Expr[] = [source];
  if (overlay && p.acceptWord('PLACING')) args.push(parseExpression(p));
  p.expectWord('FROM');
  args.push(parseExpression(p));
  if (p.acceptWord('FOR')) args.push(parseExpression(p));
  else if (!overlay) args.push({ kind: 'number', pos, text: '2147483647' });
  p.expectOp(')');
  return { kind: 'function', pos, name: { pos, parts: [overlay ? 'overlay' : 'substring'] }, args, distinct: false };
}

function parseCase(p: Cursor): ast.Expr {
  const pos = p.next().pos;
  const operand = p.isWord('WHEN') ? undefined : parseExpression(p);
  const branches: { when: ast.Expr; then: ast.Expr }[] = [];
  while (p.acceptWord('WHEN')) {
    const when = parseExpression(p);
    p.expectWord('THEN');
    branches.push({ when, then: parseExpression(p) });
  }
  if (branches.length === 0) throw p.unexpected('WHEN');
  const otherwise = p.acceptWord('ELSE') ? parseExpression(p) : undefined;
  p.expectWord('END');
  return { kind: 'case', pos, operand, branches, else: otherwise };
}

const INTERVAL_UNITS = ['YEAR', 'MONTH', 'WEEK', 'DAY', 'HOUR', 'MINUTE', 'SECOND', 'MILLISECOND', 'MICROSECOND'];

function parseInterval(p: Cursor): ast.Expr {
  const pos = p.next().pos;
  const parts: { value: string; unit: string }[] = [];
  while (p.peek().kind === 'string' || p.peek().kind === 'number' || (p.isOp('-') && (p.peek(1).kind === 'number' || p.peek(1).kind === 'string'))) {
    const negative = p.acceptOp('-');
    const value = (negative ? '-' : '') + p.next().value;
    const unit = p.peek();
    const singular = unit.kind === 'word' ? unit.value.toUpperCase().replace(/S$/, '') : '';
    if (!INTERVAL_UNITS.includes(singular)) {
      // A whole interval in one string: INTERVAL '1 hour 30 minutes'.
      if (parts.length === 0) { parts.push({ value, unit: '' }); break; }
      throw syntaxError(`[PARSE_SYNTAX_ERROR] Syntax error at or near '${unit.text}': expected an interval unit.`, unit.pos);
    }
    p.next();
    let text = singular.toLowerCase();
    if (p.acceptWord('TO')) text += ` to ${p.next().value.toLowerCase().replace(/s$/, '')}`;
    parts.push({ value, unit: text });
  }
  return { kind: 'interval', pos, parts };
}
