// The names Spark gives unaliased SELECT items: the expression as written, before implicit casts,
// in Spark's pretty form: `(id + 1)`, `upper(city)`, `count(1)`, `CAST(x AS INT)`.

import * as ast from '../../parser/ast.js';
import { typeToString } from '../../common/types.js';

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
    case 'number': return e.text;
    case 'string': return e.value;
    case 'binaryLiteral': return `X'${Buffer.from(e.value).toString('hex').toUpperCase()}'`;
    case 'typedLiteral': return `${e.type.toUpperCase()} '${e.value}'`;
    case 'interval': return `INTERVAL ${e.parts.map((p) => `'${p.value}'${p.unit ? ` ${p.unit.toUpperCase()}` : ''}`).join(' ')}`;
    case 'unary':
      if (e.op === '-' && e.operand.kind === 'number') return `-${e.operand.text}`;
      return e.op === 'NOT' ? `(NOT ${columnName(e.operand)})` : `(${e.op} ${columnName(e.operand)})`;
    case 'binary':
      if (e.op === '<>' || e.op === '!=') return `(NOT (${columnName(e.left)} = ${columnName(e.right)}))`;
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
    case 'cast': return `${e.try ? 'TRY_CAST' : 'CAST'}(${columnName(e.operand)} AS ${typeSql(e.type)})`;
    case 'function': {
      const lower = e.name.parts.join('.').toLowerCase();
      const name = WRITTEN_NAME.has(lower) ? e.name.parts.join('.') : lower;
      let args = e.args.length === 1 && e.args[0].kind === 'star' && lower === 'count' ? '1' : e.args.map(columnName).join(', ');
      // lag(x) is lag(x, 1, NULL) to Spark, over the one row it reads.
      const shift = (lower === 'lag' || lower === 'lead') && e.over ? shiftOf(e) : undefined;
      if (shift) args = [columnName(e.args[0]), shift.offset, e.args[2] ? columnName(e.args[2]) : 'NULL'].join(', ');
      const filter = e.filter ? ` FILTER (WHERE ${columnName(e.filter)})` : '';
      const over = e.over ? ` OVER (${windowSql(lower, e.over, shift?.rows)})` : '';
      return `${name}(${e.distinct ? 'DISTINCT ' : ''}${args})${filter}${over}`;
    }
    case 'scalarSubquery': return 'scalarsubquery()';
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

/** A window specification in Spark's form, with the frame Spark fills in when none is written. */
function shiftOf(e: ast.FunctionCall): { offset: string; rows: number } {
  const offset = e.args[1] ? columnName(e.args[1]) : '1';
  const n = Number(offset);
  return { offset, rows: e.name.parts.at(-1)!.toLowerCase() === 'lag' ? -n : n };
}

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
