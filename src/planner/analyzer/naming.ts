// The names Spark gives unaliased SELECT items: the expression as written, before implicit casts,
// in Spark's pretty form: `(id + 1)`, `upper(city)`, `count(1)`, `CAST(x AS INT)`.

import * as ast from '../../parser/ast.js';
import { DAY, DataType, isIntegral, isInterval, typeToString } from '../../common/types.js';
import { formatTime, parseTime } from '../../common/time_values.js';
import { formatIntervalAnsi } from '../../common/interval_text.js';
import { TimeZone } from '../../common/time_zone.js';
import { bindLiteral } from './literals.js';
import { decimalLiteralValue, javaDecimalString } from '../../common/values.js';

/**
 * The outer columns each bound scalar subquery reads, in Spark's order (top of its plan down,
 * repeats kept): Spark names it after them, `scalarsubquery(x, y)`.
 */
const subqueryOuterNames = new WeakMap<ast.ScalarSubquery | ast.Exists, readonly string[]>();

/**
 * The operand types of `+` and `-` that meet a date or timestamp, recorded when bound: Spark
 * rewrites these (date_add, TimestampAddInterval…) and names them by the rewrite.
 */
const datetimeArithmeticTypes = new WeakMap<ast.BinaryOp, readonly [DataType, DataType]>();

export function recordArithmeticTypes(node: ast.BinaryOp, left: DataType, right: DataType): void {
  const datetime = (t: DataType) => t.kind === 'date' || t.kind === 'timestamp' || t.kind === 'timestamp_ntz';
  if ((node.op === '+' || node.op === '-') && (datetime(left) || datetime(right))) datetimeArithmeticTypes.set(node, [left, right]);
}

/**
 * Spark's name for datetime ± number/interval: `date_add(d, 7)`, `date_sub(d, 7)`,
 * `date_add(d, (- extractansiintervaldays(i)))` for whole days, else `ts + i` unparenthesized with
 * the datetime first; undefined for a plain `(a - b)` (datetime differences).
 */
function datetimeArithmeticName(e: ast.BinaryOp): string | undefined {
  const types = datetimeArithmeticTypes.get(e);
  if (!types) return undefined;
  const datetime = (t: DataType) => t.kind === 'date' || t.kind === 'timestamp' || t.kind === 'timestamp_ntz';
  const addend = (t: DataType) => isIntegral(t) || isInterval(t) || t.kind === 'null';
  const [left, right] = types;
  const datetimeFirst = datetime(left) && addend(right);
  if (!datetimeFirst && !(e.op === '+' && datetime(right) && addend(left))) return undefined;
  if (e.op === '-' && right.kind === 'null') return undefined; // datetime - NULL is a datetime difference
  const [date, amount] = datetimeFirst ? [e.left, e.right] : [e.right, e.left];
  const [dateType, amountType] = datetimeFirst ? [left, right] : [right, left];
  const [dateName, amountName] = [columnName(date), columnName(amount)];
  if (dateType.kind === 'date' && isIntegral(amountType)) return `${e.op === '+' ? 'date_add' : 'date_sub'}(${dateName}, ${amountName})`;
  if (dateType.kind === 'date' && amountType.kind === 'interval_dt' && amountType.startField === DAY && amountType.endField === DAY) {
    const days = `extractansiintervaldays(${amountName})`;
    return `date_add(${dateName}, ${e.op === '+' ? days : `(- ${days})`})`;
  }
  return `${dateName} ${e.op} ${amountName}`;
}

export function recordOuterReferences(node: ast.ScalarSubquery | ast.Exists, names: readonly string[]): void {
  subqueryOuterNames.set(node, names);
}

/** Typed literals as bound: Spark names them by their value printed back, not by their text. */
const typedLiteralNames = new WeakMap<ast.TypedLiteral, string>();

export function recordTypedLiteralName(node: ast.TypedLiteral, name: string): void {
  typedLiteralNames.set(node, name);
}

/** An interval literal as Spark prints it, from its value and type: `INTERVAL '03' HOUR`, `INTERVAL '1-2' YEAR TO MONTH`. */
function intervalLiteralName(e: ast.IntervalLiteral): string {
  try {
    const bound = bindLiteral(e, TimeZone.UTC);
    if (isInterval(bound.type)) return formatIntervalAnsi(bound.value as number, bound.type);
  } catch {
    // Not a valid interval: binding reports it; the name is never shown.
  }
  return `INTERVAL ${e.parts.map((p) => `'${p.value}'${p.unit ? ` ${p.unit.toUpperCase()}` : ''}`).join(' ')}`;
}

export function columnName(e: ast.Expr): string {
  switch (e.kind) {
    case 'column':
      // current_date and current_timestamp without parentheses are the functions.
      if (e.name.parts.length === 1 && /^current_(date|timestamp|time)$/i.test(e.name.parts[0])) return `${e.name.parts[0].toLowerCase()}()`;
      return e.name.parts[e.name.parts.length - 1];
    case 'star': return '*';
    case 'null': return 'NULL';
    case 'boolean': return String(e.value);
    case 'number': return numberName(e.text, e.suffix);
    case 'string': return e.value;
    case 'binaryLiteral': return `X'${Buffer.from(e.value).toString('hex').toUpperCase()}'`;
    case 'typedLiteral': {
      const bound = typedLiteralNames.get(e);
      if (bound) return bound;
      // TIMESTAMP_LTZ is TIMESTAMP unless it holds nanoseconds (then TIMESTAMP_LTZ(p), named
      // TIMESTAMP_LTZ); a DATE shows its value without surrounding blanks.
      const nanos = /\d:\d{1,2}\.\d{7}/.test(e.value);
      const type = e.type === 'timestamp' || e.type === 'timestamp_ltz' ? (nanos ? 'TIMESTAMP_LTZ' : 'TIMESTAMP') : e.type.toUpperCase();
      // A TIME shows its value as Spark formats it: TIME'0:0:0' is TIME '00:00:00'.
      const time = e.type === 'time' ? parseTime(e.value) : null;
      if (time !== null) return `TIME '${formatTime(time)}'`;
      return `${type} '${type === 'DATE' ? e.value.trim() : e.value}'`;
    }
    case 'interval': return intervalLiteralName(e);
    case 'unary':
      if (e.op === '-' && e.operand.kind === 'number') return negativeNumberName(e.operand.text, e.operand.suffix);
      return e.op === 'NOT' ? `(NOT ${columnName(e.operand)})` : `(${e.op} ${columnName(e.operand)})`;
    case 'binary':
      // Spark parses a <> b and a != b as NOT (a = b).
      if (e.op === '<>' || e.op === '!=') return `(NOT (${columnName(e.left)} = ${columnName(e.right)}))`;
      // a || b is concat(a, b).
      if (e.op === '||') return `concat(${columnName(e.left)}, ${columnName(e.right)})`;
      {
        const datetimeName = datetimeArithmeticName(e);
        if (datetimeName !== undefined) return datetimeName;
      }
      return `(${columnName(e.left)} ${e.op === '==' ? '=' : e.op === 'DIV' ? 'div' : e.op} ${columnName(e.right)})`;
    case 'isNull': return `(${columnName(e.operand)} IS ${e.negated ? 'NOT ' : ''}NULL)`;
    case 'isBoolean': return `(${columnName(e.operand)} IS ${e.negated ? 'NOT ' : ''}${e.value === null ? 'UNKNOWN' : String(e.value).toUpperCase()})`;
    case 'inList': return `(${e.negated ? 'NOT ' : ''}${columnName(e.operand)} IN (${e.list.map(columnName).join(', ')}))`;
    case 'between': return `(${columnName(e.operand)} ${e.negated ? 'NOT ' : ''}BETWEEN ${columnName(e.low)} AND ${columnName(e.high)})`;
    case 'like': return `${e.negated ? 'NOT ' : ''}${columnName(e.operand)} ${e.operator} ${columnName(e.pattern)}`;
    case 'case': {
      // CASE x WHEN v … is Spark's CASE WHEN (x = v) ….
      const operand = e.operand;
      const branches = e.branches.map((b) => ` WHEN ${operand ? `(${columnName(operand)} = ${columnName(b.when)})` : columnName(b.when)} THEN ${columnName(b.then)}`).join('');
      return `CASE${branches}${e.else ? ` ELSE ${columnName(e.else)}` : ''} END`;
    }
    case 'cast':
      // int(x), double(x), date(x)…: the parser makes these casts with the call's own position for
      // the type. Spark names such casts (not written as CAST) after their operand alone.
      if (!e.try && e.type.pos === e.pos) return columnName(e.operand);
      return `${e.try ? 'TRY_CAST' : 'CAST'}(${columnName(e.operand)} AS ${castTypeName(e.type)})`;
    case 'function': {
      const written = e.name.parts.join('.').toLowerCase();
      const name = (e.args.length === 3 ? UNIT_FORMS[written] : undefined) ?? CANONICAL_NAMES[written] ?? written;
      const argNames = e.args.map(columnName);
      // trim(str, chars) and TRIM(BOTH chars FROM str) are one function, named the SQL way.
      // Spark's own spellings: EXP, CEIL, FLOOR, LOG(E(), x) for the natural log, round(x, 0).
      if (name === 'div' && e.args.length === 2 && !e.over) return `(${argNames[0]} div ${argNames[1]})`;
      if (name === 'if' && e.args.length === 3 && !e.over) return `(IF(${argNames.join(', ')}))`;
      if ((name === 'isnull' || name === 'isnotnull') && e.args.length === 1 && !e.over) return `(${argNames[0]} IS ${name === 'isnotnull' ? 'NOT ' : ''}NULL)`;
      const upper = UPPER_CASE_NAMES[name];
      if (upper && e.args.length === 1) return `${upper}(${argNames[0]})`;
      if (name === 'log') return `LOG(${e.args.length === 1 ? 'E(), ' : ''}${argNames.join(', ')})`;
      const trimSide = TRIM_SIDES[name];
      if (trimSide && e.args.length === 2) return `TRIM(${trimSide} ${argNames[1]} FROM ${argNames[0]})`;
      const args = e.args.length === 1 && e.args[0].kind === 'star' && name === 'count' ? '1' : [...argNames, ...defaultArguments(name, e.args)].join(', ');
      const call = `${name}(${e.distinct ? 'DISTINCT ' : ''}${args})${e.filter ? ` FILTER (WHERE ${columnName(e.filter)})` : ''}`;
      return e.over && e.over.name === undefined ? `${windowCall(name, e, argNames)} OVER ${windowSpecName(name, e.over, e.args)}` : call;
    }
    case 'scalarSubquery': return `scalarsubquery(${(subqueryOuterNames.get(e) ?? []).join(', ')})`;
    case 'exists': return `exists(${(subqueryOuterNames.get(e) ?? []).join(', ')})`;
    case 'inSubquery': return e.negated ? `(NOT (${columnName(e.operand)} IN (listquery())))` : `(${columnName(e.operand)} IN (listquery()))`;
    case 'parameter': return `$${e.index}`;
    case 'subscript': return `${columnName(e.operand)}[${columnName(e.index)}]`;
    case 'quantified': return `(${columnName(e.operand)} ${e.op} ${e.quantifier}(${e.array ? columnName(e.array) : 'listquery()'}))`;
    case 'arraySubquery': return 'array()';
    case 'fieldAccess': return e.field;
    case 'lambda': return `lambdafunction(${columnName(e.body)}, ${e.params.join(', ')})`;
  }
}

/** Aliases Spark names after the function they stand for. */
const CANONICAL_NAMES: Record<string, string> = { array_agg: 'collect_list' };

const UPPER_CASE_NAMES: Record<string, string> = { exp: 'EXP', ceil: 'CEIL', floor: 'FLOOR' };

const TRIM_SIDES: Record<string, string> = { trim: 'BOTH', ltrim: 'LEADING', rtrim: 'TRAILING' };

/** Three-argument forms Spark names after the function they stand for: dateadd(DAY, 1, d) is timestampadd. */
const UNIT_FORMS: Record<string, string> = {
  dateadd: 'timestampadd', date_add: 'timestampadd', datediff: 'timestampdiff', date_diff: 'timestampdiff', timediff: 'timestampdiff',
};

/** Functions whose name shows the arguments Spark fills in: `split(s, r, -1)`, `substr(s, 5, 2147483647)`. */
const DEFAULT_ARGUMENTS: Record<string, [number, (args: readonly ast.Expr[]) => string[]]> = {
  split: [2, () => ['-1']],
  round: [1, () => ['0']],
  bround: [1, () => ['0']],
  sort_array: [1, () => ['true']],
  instr: [3, () => ['1']],
  substr: [2, () => ['2147483647']],
  substring: [2, () => ['2147483647']],
  replace: [2, () => ['']],
  overlay: [3, () => ['-1']],
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

/** A number literal as Spark prints its value: `07` is 7, `1E1` and `1.0D` are 10.0 and 1.0 (Java's Double.toString). */
function numberName(text: string, suffix?: string): string {
  if (suffix === 'D' || suffix === 'F') {
    const x = Number(text);
    return Number.isFinite(x) ? javaDouble(suffix === 'F' ? shortestFloat(x) : x) : text;
  }
  if (/^\d+$/.test(text)) return /^0+\d/.test(text) ? String(BigInt(text)) : text;
  if (suffix === 'BD' || !/^(\d+\.?\d*|\.\d+)[eE][+-]?\d+$/.test(text)) {
    // A decimal literal prints as its value, Java's BigDecimal.toString (1e3BD is 1000, 0.00000001 is 1E-8).
    const value = decimalLiteralValue(text);
    return value ? javaDecimalString(value.unscaled, value.scale) : text;
  }
  const x = Number(text);
  return Number.isFinite(x) ? javaDouble(x) : text;
}

/** `-x` for a number literal is the negative literal's value: `-1F` is -1.0, but `-0` and `-0.0` are 0 and 0.0. */
function negativeNumberName(text: string, suffix?: string): string {
  const name = numberName(text, suffix);
  const zero = !/[1-9]/.test(name.replace(/E.*$/, ''));
  return zero && suffix !== 'D' && suffix !== 'F' ? name : `-${name}`;
}

/** The shortest decimal that reads back as the same 32-bit float (Java's Float.toString digits). */
function shortestFloat(x: number): number {
  const f = Math.fround(x);
  for (let p = 1; p <= 9; p++) {
    const candidate = Number(f.toPrecision(p));
    if (Math.fround(candidate) === f) return candidate;
  }
  return f;
}

/** Java's Double.toString: plain between 10^-3 and 10^7 (always with a fraction digit), else 1.5E10. */
function javaDouble(x: number): string {
  const abs = Math.abs(x);
  if (abs === 0 || (abs >= 1e-3 && abs < 1e7)) {
    const plain = String(x);
    return plain.includes('.') || plain.includes('e') ? plain : `${plain}.0`;
  }
  const [mantissa, exponent] = x.toExponential().split('e');
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
}

/** A cast's type as Spark prints it: canonical (LONG is BIGINT, DECIMAL(10, 0) is DECIMAL(10,0)), intervals, structs and chars as written. */
function castTypeName(t: ast.TypeName): string {
  const written = t.text.toUpperCase();
  const kind = t.type.kind;
  if ((kind === 'interval_ym' || kind === 'interval_dt') && written !== 'INTERVAL') return typeToString(t.type).toUpperCase();
  if (kind === 'interval_ym' || kind === 'interval_dt' || kind === 'struct' || /^(VAR)?CHAR|^INTERVAL|^REG|^OID|^NAME|^TEXT|^INT[248]|^FLOAT[48]/.test(written)) return written;
  return typeToString(t.type).toUpperCase();
}

const ROWS_TO_CURRENT = new Set(['row_number', 'rank', 'dense_rank', 'ntile', 'percent_rank']);

/** A windowed call as Spark names it: lag/lead show their offset and default. */
function windowCall(name: string, e: ast.FunctionCall, argNames: string[]): string {
  if (name === 'lag' || name === 'lead') return `${name}(${argNames[0]}, ${argNames[1] ?? '1'}, ${argNames[2] ?? 'NULL'})`;
  // Spark's RankLike functions print upper-case; count(*) is count(1) here too.
  if (name === 'rank' || name === 'dense_rank' || name === 'percent_rank') return `${name.toUpperCase()}()`;
  if (name === 'count' && e.args.length === 1 && e.args[0].kind === 'star' && !e.args[0].qualifier) return `count(${e.distinct ? 'DISTINCT ' : ''}1)`;
  return `${name}(${e.distinct ? 'DISTINCT ' : ''}${argNames.join(', ')})`;
}

/** Spark's WindowSpecDefinition.sql: `(PARTITION BY a ORDER BY b ASC NULLS FIRST <frame>)`, the frame always spelled out. */
function windowSpecName(name: string, over: ast.WindowSpec, args: readonly ast.Expr[]): string {
  const parts: string[] = [];
  if (over.partitionBy.length > 0) parts.push(`PARTITION BY ${over.partitionBy.map(columnName).join(', ')}`);
  if (over.orderBy.length > 0) {
    parts.push(`ORDER BY ${over.orderBy.map((k) => {
      const nullsFirst = k.nullsFirst ?? k.ascending;
      return `${columnName(k.expr)} ${k.ascending ? 'ASC' : 'DESC'} NULLS ${nullsFirst ? 'FIRST' : 'LAST'}`;
    }).join(', ')}`);
  }
  let frame: string;
  if (name === 'lag' || name === 'lead') {
    const offset = args[1]?.kind === 'number' ? Number(args[1].text) : 1;
    const at = name === 'lag' ? -offset : offset;
    frame = `ROWS BETWEEN ${at} FOLLOWING AND ${at} FOLLOWING`;
  } else if (ROWS_TO_CURRENT.has(name)) frame = 'ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW';
  else if (name === 'cume_dist') frame = 'RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW';
  else if (over.frame) {
    const bound = (b: ast.FrameBound): string => {
      switch (b.kind) {
        case 'unboundedPreceding': return 'UNBOUNDED PRECEDING';
        case 'unboundedFollowing': return 'UNBOUNDED FOLLOWING';
        case 'currentRow': return 'CURRENT ROW';
        case 'offset': return b.rows < 0 ? `${-b.rows} PRECEDING` : `${b.rows} FOLLOWING`;
        case 'valueOffset': return `${columnName(b.value)} ${b.preceding ? 'PRECEDING' : 'FOLLOWING'}`;
      }
    };
    frame = `${over.frame.units} BETWEEN ${bound(over.frame.start)} AND ${bound(over.frame.end)}`;
  } else frame = over.orderBy.length > 0 ? 'RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW' : 'ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING';
  parts.push(frame);
  return `(${parts.join(' ')})`;
}

/**
 * A SELECT item's name: as columnName, except that a cast of a column keeps the column's name
 * (Spark's ResolveAliases: `SELECT CAST(q1 AS INT)` is named q1).
 */
export function selectItemName(e: ast.Expr): string {
  // A lone "double-quoted" word that is no column is a string literal: its cast is named as one.
  if (e.kind === 'cast' && e.operand.kind === 'column' && !(e.operand.doubleQuoted && e.operand.name.parts.length === 1 && /\s|'/.test(e.operand.name.parts[0]))) return e.operand.name.parts[e.operand.name.parts.length - 1];
  return columnName(e);
}
