// The names Spark gives unaliased SELECT items: the expression as written, before implicit casts,
// in Spark's pretty form: `(id + 1)`, `upper(city)`, `count(1)`, `CAST(x AS INT)`.

import * as ast from '../../parser/ast.js';
import { typeToString } from '../../common/types.js';

/**
 * The outer columns each bound scalar subquery reads, in Spark's order (top of its plan down,
 * repeats kept): Spark names it after them, `scalarsubquery(x, y)`.
 */
const subqueryOuterNames = new WeakMap<ast.ScalarSubquery, readonly string[]>();

export function recordOuterReferences(node: ast.ScalarSubquery, names: readonly string[]): void {
  subqueryOuterNames.set(node, names);
}

/** Functions whose generated name keeps the spelling the query used (Spark's FUNC_ALIAS). */
const WRITTEN_NAME = new Set(['ceil', 'ceiling', 'floor', 'exp', 'log', 'nullif', 'if', 'ifnull', 'nvl', 'nvl2', 'dense_rank', 'percent_rank']);

/** Window functions whose frame is always the rows up to the current one. */
const ROW_FRAMED = new Set(['row_number', 'rank', 'dense_rank', 'percent_rank', 'ntile']);

export function columnName(e: ast.Expr): string {
  switch (e.kind) {
    case 'column': return e.name.parts[e.name.parts.length - 1];
    case 'star': return '*';
    case 'null': return 'NULL';
    case 'boolean': return String(e.value);
    case 'number': return numberName(e.text);
    case 'string': return e.value;
    case 'binaryLiteral': return `X'${Buffer.from(e.value).toString('hex').toUpperCase()}'`;
    case 'typedLiteral': {
      // TIMESTAMP_LTZ is TIMESTAMP; a DATE shows its value without surrounding blanks.
      const type = e.type.toUpperCase() === 'TIMESTAMP_LTZ' ? 'TIMESTAMP' : e.type.toUpperCase();
      return `${type} '${type === 'DATE' ? e.value.trim() : e.value}'`;
    }
    case 'interval': return `INTERVAL ${e.parts.map((p) => `'${p.value}'${p.unit ? ` ${p.unit.toUpperCase()}` : ''}`).join(' ')}`;
    case 'unary':
      if (e.op === '-' && e.operand.kind === 'number') return `-${e.operand.text}`;
      return e.op === 'NOT' ? `(NOT ${columnName(e.operand)})` : `(${e.op} ${columnName(e.operand)})`;
    case 'binary':
      // Spark parses a <> b and a != b as NOT (a = b).
      if (e.op === '<>' || e.op === '!=') return `(NOT (${columnName(e.left)} = ${columnName(e.right)}))`;
      // a || b is concat(a, b).
      if (e.op === '||') return `concat(${columnName(e.left)}, ${columnName(e.right)})`;
      return `(${columnName(e.left)} ${e.op === '==' ? '=' : e.op} ${columnName(e.right)})`;
    case 'isNull': return `(${columnName(e.operand)} IS ${e.negated ? 'NOT ' : ''}NULL)`;
    case 'isBoolean': return `(${columnName(e.operand)} IS ${e.negated ? 'NOT ' : ''}${e.value === null ? 'UNKNOWN' : String(e.value).toUpperCase()})`;
    case 'inList': return `(${e.negated ? 'NOT ' : ''}${columnName(e.operand)} IN (${e.list.map(columnName).join(', ')}))`;
    case 'between': return `(${columnName(e.operand)} ${e.negated ? 'NOT ' : ''}BETWEEN ${columnName(e.low)} AND ${columnName(e.high)})`;
    case 'like': return `${e.negated ? 'NOT ' : ''}${columnName(e.operand)} ${e.operator} ${columnName(e.pattern)}`;
    case 'case': {
      const operand = e.operand ? ` ${columnName(e.operand)}` : '';
      const branches = e.branches.map((b) => ` WHEN ${columnName(b.when)} THEN ${columnName(b.then)}`).join('');
      return `CASE${operand}${branches}${e.else ? ` ELSE ${columnName(e.else)}` : ''} END`;
    }
    case 'cast':
      // int(x), double(x), date(x)…: the parser makes these casts with the call's own position for
      // the type. Spark names such casts (not written as CAST) after their operand alone.
      if (!e.try && e.type.pos === e.pos) return columnName(e.operand);
      return `${e.try ? 'TRY_CAST' : 'CAST'}(${columnName(e.operand)} AS ${typeSql(e.type)})`;
    case 'function': {
      const written = e.name.parts.join('.').toLowerCase();
      const name = (e.args.length === 3 ? UNIT_FORMS[written] : undefined) ?? written;
      const shown = WRITTEN_NAME.has(name) ? e.name.parts.join('.') : name;
      const argNames = e.args.map(columnName);
      // trim(str, chars) and TRIM(BOTH chars FROM str) are one function, named the SQL way.
      const trimSide = TRIM_SIDES[name];
      if (trimSide && e.args.length === 2) return `TRIM(${trimSide} ${argNames[1]} FROM ${argNames[0]})`;
      let args = e.args.length === 1 && e.args[0].kind === 'star' && name === 'count' ? '1' : [...argNames, ...defaultArguments(name, e.args)].join(', ');
      // lag(x) is lag(x, 1, NULL) to Spark, over the one row it reads.
      const shift = (name === 'lag' || name === 'lead') && e.over ? shiftOf(e) : undefined;
      if (shift) args = [argNames[0], shift.offset, e.args[2] ? argNames[2] : 'NULL'].join(', ');
      const filter = e.filter ? ` FILTER (WHERE ${columnName(e.filter)})` : '';
      const over = e.over ? ` OVER (${windowSql(name, e.over, shift?.rows)})` : '';
      return `${shown}(${e.distinct ? 'DISTINCT ' : ''}${args})${filter}${over}`;
    }
    case 'scalarSubquery': return `scalarsubquery(${(subqueryOuterNames.get(e) ?? []).join(', ')})`;
    case 'exists': return 'exists()';
    case 'inSubquery': return `(${columnName(e.operand)} IN (listquery()))`;
    case 'parameter': return `$${e.index}`;
    case 'subscript': return `${columnName(e.operand)}[${columnName(e.index)}]`;
    case 'quantified': return `(${columnName(e.operand)} ${e.op} ${e.quantifier}(${e.array ? columnName(e.array) : 'listquery()'}))`;
    case 'arraySubquery': return 'array()';
    case 'fieldAccess': return e.field;
    case 'lambda': return `lambdafunction(${columnName(e.body)}, ${e.params.join(', ')})`;
  }
}

/** Spark's spellings of the types it prints in its own canonical form. */
const CANONICAL_TYPES = /^(BOOLEAN|TINYINT|BYTE|SMALLINT|SHORT|INT|INTEGER|BIGINT|LONG|FLOAT|REAL|DOUBLE|DECIMAL|DEC|NUMERIC|STRING|BINARY|DATE|TIMESTAMP|TIMESTAMP_NTZ|TIMESTAMP_LTZ|ARRAY)\b/i;

/** A CAST's target as Spark prints it (`DECIMAL(4,1)`, `BIGINT` for LONG); other types as written. */
function typeSql(t: ast.TypeName): string {
  return CANONICAL_TYPES.test(t.text) ? typeToString(t.type).toUpperCase() : t.text.toUpperCase();
}

/** lag/lead's offset as written, and the one-row frame Spark names them with. */
function shiftOf(e: ast.FunctionCall): { offset: string; rows: number } {
  const offset = e.args[1] ? columnName(e.args[1]) : '1';
  const n = Number(offset);
  return { offset, rows: e.name.parts.at(-1)!.toLowerCase() === 'lag' ? -n : n };
}

/** A window specification in Spark's form, with the frame Spark fills in when none is written. */
function windowSql(fn: string, over: ast.WindowSpec, shiftedRows?: number): string {
  const parts: string[] = [];
  if (over.partitionBy.length > 0) parts.push(`PARTITION BY ${over.partitionBy.map(columnName).join(', ')}`);
  if (over.orderBy.length > 0) {
    parts.push(`ORDER BY ${over.orderBy.map((k) => `${columnName(k.expr)} ${k.ascending ? 'ASC' : 'DESC'} NULLS ${(k.nullsFirst ?? k.ascending) ? 'FIRST' : 'LAST'}`).join(', ')}`);
  }
  const bound = (b: ast.FrameBound): string => {
    switch (b.kind) {
      case 'unboundedPreceding': return 'UNBOUNDED PRECEDING';
      case 'unboundedFollowing': return 'UNBOUNDED FOLLOWING';
      case 'currentRow': return 'CURRENT ROW';
      case 'offset': return b.rows < 0 ? `${-b.rows} PRECEDING` : `${b.rows} FOLLOWING`;
      case 'valueOffset': return `${columnName(b.value)} ${b.preceding ? 'PRECEDING' : 'FOLLOWING'}`;
    }
  };
  if (shiftedRows !== undefined) parts.push(`ROWS BETWEEN ${shiftedRows} FOLLOWING AND ${shiftedRows} FOLLOWING`);
  else if (over.frame) parts.push(`${over.frame.units} BETWEEN ${bound(over.frame.start)} AND ${bound(over.frame.end)}`);
  else if (ROW_FRAMED.has(fn)) parts.push('ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW');
  else if (over.orderBy.length > 0) parts.push('RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW');
  else parts.push('ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING');
  return parts.join(' ');
}

const TRIM_SIDES: Record<string, string> = { trim: 'BOTH', ltrim: 'LEADING', rtrim: 'TRAILING' };

/** Three-argument forms Spark names after the function they stand for: dateadd(DAY, 1, d) is timestampadd. */
const UNIT_FORMS: Record<string, string> = {
  dateadd: 'timestampadd', date_add: 'timestampadd', datediff: 'timestampdiff', date_diff: 'timestampdiff', timediff: 'timestampdiff',
};

/** Functions whose name shows the arguments Spark fills in: `split(s, r, -1)`, `substr(s, 5, 2147483647)`. */
const DEFAULT_ARGUMENTS: Record<string, [number, (args: readonly ast.Expr[]) => string[]]> = {
  split: [2, () => ['-1']],
  sort_array: [1, () => ['true']],
  instr: [3, () => ['1']],
  substr: [2, () => ['2147483647']],
  substring: [2, () => ['2147483647']],
  replace: [2, () => ['']],
  locate: [2, () => ['1']],
  position: [2, () => ['1']],
  lpad: [2, (args) => [producesBinary(args[0]) ? "X'00'" : ' ']],
  rpad: [2, (args) => [producesBinary(args[0]) ? "X'00'" : ' ']],
};

const BINARY_FUNCTIONS = new Set(['unhex', 'to_binary', 'try_to_binary', 'encode', 'unbase64', 'binary', 'lpad', 'rpad']);

/** Whether an argument is a binary as written (a literal or a binary-valued call), for naming only. */
function producesBinary(e: ast.Expr): boolean {
  if (e.kind === 'binaryLiteral') return true;
  if (e.kind === 'cast') return e.type.text.toUpperCase() === 'BINARY';
  return e.kind === 'function' && BINARY_FUNCTIONS.has(e.name.parts.join('.').toLowerCase()) && (e.args.length === 0 || !/^lpad|rpad$/.test(e.name.parts[0].toLowerCase()) || producesBinary(e.args[0]));
}

function defaultArguments(name: string, args: readonly ast.Expr[]): string[] {
  const entry = DEFAULT_ARGUMENTS[name];
  return entry && args.length === entry[0] ? entry[1](args) : [];
}

/** A number literal as Spark prints its value: `07` is 7, `1E1` is 10.0 (Java's Double.toString). */
function numberName(text: string): string {
  if (/^\d+$/.test(text)) return /^0+\d/.test(text) ? String(BigInt(text)) : text;
  if (!/^(\d+\.?\d*|\.\d+)[eE][+-]?\d+$/.test(text)) return text;
  const x = Number(text);
  if (!Number.isFinite(x)) return text;
  const abs = Math.abs(x);
  if (abs === 0 || (abs >= 1e-3 && abs < 1e7)) {
    const plain = String(x);
    return plain.includes('.') || plain.includes('e') ? plain : `${plain}.0`;
  }
  const [mantissa, exponent] = x.toExponential().split('e');
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
}
