// Type names as written (`BIGINT`, `DECIMAL(10,2)`, `VARCHAR(20)`) → Spark data types.

import { QuarryError, SqlState, notSupported, syntaxError } from '../common/errors.js';
import {
  BinaryType, BooleanType, ByteType, DataType, DateType, DoubleType, FloatType, IntegerType, LongType,
  MAX_DECIMAL_PRECISION, ShortType, arrayType, CalendarIntervalType, parseIntervalTypeName, StringType, TimestampNTZType, TimestampType, decimalType,
} from '../common/types.js';
import { TypeName } from './ast.js';
import { Cursor } from './cursor.js';

const SIMPLE_TYPES: Record<string, DataType> = {
  BOOLEAN: BooleanType, BOOL: BooleanType,
  TINYINT: ByteType, BYTE: ByteType,
  SMALLINT: ShortType, SHORT: ShortType,
  INT: IntegerType, INTEGER: IntegerType,
  BIGINT: LongType, LONG: LongType,
  FLOAT: FloatType, REAL: FloatType,
  DOUBLE: DoubleType,
  STRING: StringType, TEXT: StringType,
  BINARY: BinaryType,
  DATE: DateType,
  TIMESTAMP: TimestampType, TIMESTAMP_LTZ: TimestampType, TIMESTAMP_NTZ: TimestampNTZType,
  // Postgres object identifiers, which catalog queries cast to: numbers here (see the analyzer for names).
  OID: LongType, REGCLASS: LongType, REGTYPE: LongType, REGPROC: LongType, REGNAMESPACE: LongType, REGPROCEDURE: LongType, XID: LongType,
  BPCHAR: StringType, NAME: StringType, CHAR: StringType, JSON: StringType, UUID: StringType, INT2: ShortType, INT4: IntegerType, INT8: LongType,
  FLOAT4: FloatType, FLOAT8: DoubleType, TIMESTAMPTZ: TimestampType,
};

export function parseTypeName(p: Cursor): TypeName {
  const start = p.peek();
  if (start.kind !== 'word' && start.kind !== 'quoted') throw p.unexpected('a data type');
  let name = p.next().value.toUpperCase();
  // Postgres clients qualify type names: pg_catalog.text, pg_catalog.regclass.
  if (name === 'PG_CATALOG' && p.isOp('.')) {
    p.next();
    name = p.expectAnyName().toUpperCase();
  }
  let type: DataType | undefined = SIMPLE_TYPES[name];
  if (name === 'DOUBLE') p.acceptWord('PRECISION');
  if (name === 'DECIMAL' || name === 'DEC' || name === 'NUMERIC') {
    let precision = 10, scale = 0;
    if (p.acceptOp('(')) {
      precision = integerArgument(p);
      if (p.acceptOp(',')) scale = integerArgument(p);
      p.expectOp(')');
    }
    if (precision < 1 || precision > MAX_DECIMAL_PRECISION || scale > precision) {
      throw new QuarryError('42K01', `[DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION] Decimal precision ${precision} exceeds max precision ${MAX_DECIMAL_PRECISION}, or scale ${scale} exceeds precision.`, start.pos);
    }
    type = decimalType(precision, scale);
  } else if (name === 'VARCHAR' || name === 'CHAR' || name === 'CHARACTER') {
    // Spark stores both as strings; the length is a constraint Quarry does not enforce yet.
    if (p.acceptOp('(')) {
      integerArgument(p);
      p.expectOp(')');
    }
    type = StringType;
  } else if (name === 'ARRAY' && p.acceptOp('<')) {
    const element = parseTypeName(p).type;
    p.expectOp('>');
    type = arrayType(element);
  } else if (name === 'INT2VECTOR' || name === 'OIDVECTOR') {
    // Postgres's catalog vectors (pg_index.indkey, pg_proc.proargtypes) are arrays here.
    type = arrayType(name === 'INT2VECTOR' ? ShortType : LongType);
  } else if (name === 'INTERVAL') {
    // INTERVAL YEAR [TO MONTH], MONTH: year-month; DAY … SECOND: day-time, each with its fields. A
    // bare INTERVAL is Spark's legacy calendar interval.
    type = CalendarIntervalType;
    if (p.isAnyWord(INTERVAL_TYPE_UNITS)) {
      const unitStart = p.peek().pos;
      const first = p.next().value;
      const last = p.acceptWord('TO') ? (p.isAnyWord(INTERVAL_TYPE_UNITS) ? p.next().value : undefined) : first;
      const parsed = last === undefined ? undefined : parseIntervalTypeName(`interval ${first} to ${last}`);
      if (!parsed) throw syntaxError(`[PARSE_SYNTAX_ERROR] Syntax error at or near '${p.sql.slice(unitStart, p.previous().end)}': not an interval type.`, unitStart);
      type = parsed;
    }
  } else if (name === 'MAP' || name === 'STRUCT') {
    throw notSupported(`The data type ${name}`, start.pos);
  }
  if (!type) throw new QuarryError(SqlState.featureNotSupported, `[UNSUPPORTED_DATATYPE] Unsupported data type "${start.text}".`, start.pos, 'UNSUPPORTED_DATATYPE');
  // Postgres's array suffix: text[], oid[].
  while (p.isOp('[') && p.isOp(']', 1)) {
    p.next();
    p.next();
    type = arrayType(type);
  }
  return { pos: start.pos, type, text: p.sql.slice(start.pos, p.previous().end) };
}

const INTERVAL_TYPE_UNITS = ['YEAR', 'MONTH', 'DAY', 'HOUR', 'MINUTE', 'SECOND'];

function integerArgument(p: Cursor): number {
  const t = p.peek();
  if (t.kind !== 'number' || !/^\d+$/.test(t.value)) throw p.unexpected('an integer');
  p.next();
  return Number(t.value);
}
