// Type names as written (`BIGINT`, `DECIMAL(10,2)`, `VARCHAR(20)`) → Spark data types.

import { QuarryError, SqlState, notSupported, syntaxError } from '../common/errors.js';
import {
  BinaryType, BooleanType, ByteType, DataType, DateType, DoubleType, FloatType, IntegerType, LongType,
  MAX_DECIMAL_PRECISION, ShortType, StructField, arrayType, mapType, structType, CalendarIntervalType, parseIntervalTypeName, StringType, TimestampNTZType, TimestampType, decimalType,
  MAX_TIME_PRECISION, MICROS_PRECISION, timeType, timestampWithPrecision,
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
  } else if (name === 'TIME') {
    type = timeType(p.isOp('(') ? precisionArgument(p, 'TIME') : MICROS_PRECISION);
    p.acceptWords('WITHOUT', 'TIME', 'ZONE');
  } else if (name === 'TIMESTAMP' || name === 'TIMESTAMP_NTZ' || name === 'TIMESTAMP_LTZ') {
    const precision = p.isOp('(') ? precisionArgument(p, name) : MICROS_PRECISION;
    let ntz = name === 'TIMESTAMP_NTZ';
    // TIMESTAMP[(p)] WITHOUT TIME ZONE is TIMESTAMP_NTZ; WITH LOCAL TIME ZONE (and Postgres's WITH TIME ZONE) TIMESTAMP_LTZ.
    if (name === 'TIMESTAMP') {
      if (p.acceptWords('WITHOUT', 'TIME', 'ZONE')) ntz = true;
      else p.acceptWords('WITH', 'LOCAL', 'TIME', 'ZONE') || p.acceptWords('WITH', 'TIME', 'ZONE');
    }
    type = timestampWithPrecision(ntz, precision);
  } else if (name === 'MAP' && p.acceptOp('<')) {
    const key = parseTypeName(p).type;
    p.expectOp(',');
    const value = parseTypeName(p).type;
    p.expectOp('>');
    type = mapType(key, value);
  } else if (name === 'STRUCT' && p.acceptOp('<')) {
    // STRUCT<a: INT, b STRING>: the colon is optional, as in Spark.
    const fields: StructField[] = [];
    while (!p.isOp('>')) {
      const field = p.expectAnyName();
      p.acceptOp(':');
      fields.push({ name: field, type: parseTypeName(p).type });
      if (!p.acceptOp(',')) break;
    }
    p.expectOp('>');
    type = structType(fields);
  } else if (name === 'MAP' || name === 'STRUCT') {
    throw notSupported(`The data type ${name} without its element types`, start.pos);
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

/**
 * `(p)` after TIME (0 to 9 fractional digits) or a timestamp type (6, the microsecond type, to 9),
 * with Spark's error classes for other precisions.
 */
function precisionArgument(p: Cursor, typeName: string): number {
  p.expectOp('(');
  const at = p.peek().pos;
  const precision = integerArgument(p);
  p.expectOp(')');
  if (typeName === 'TIME' && precision > MAX_TIME_PRECISION) {
    throw new QuarryError('0A001', `[UNSUPPORTED_TIME_PRECISION] The seconds precision ${precision} of the TIME data type is out of the supported range [0, ${MAX_TIME_PRECISION}].`, at, 'UNSUPPORTED_TIME_PRECISION');
  }
  if (typeName !== 'TIME' && (precision < MICROS_PRECISION || precision > MAX_TIME_PRECISION)) {
    throw new QuarryError('22023', `[INVALID_TIMESTAMP_PRECISION] The seconds precision ${precision} of ${typeName} is invalid. Expected an integer in [7, 9], or parameterless ${typeName} for precision <= 6.`, at, 'INVALID_TIMESTAMP_PRECISION');
  }
  return precision;
}
const INTERVAL_TYPE_UNITS = ['YEAR', 'MONTH', 'DAY', 'HOUR', 'MINUTE', 'SECOND'];

function integerArgument(p: Cursor): number {
  const t = p.peek();
  if (t.kind !== 'number' || !/^\d+$/.test(t.value)) throw p.unexpected('an integer');
  p.next();
  return Number(t.value);
}

/**
 * A schema as from_json and friends take it (Spark's DataType.fromDDL): one type
 * (`map<string,int>`, `array<int>`), or a column list (`a INT, b STRING`) read as a struct.
 */
export function parseSchemaString(text: string): DataType {
  try {
    const p = new Cursor(text);
    const type = parseTypeName(p).type;
    if (p.atEnd()) return type;
  } catch { /* not a lone type: a column list */ }
  const p = new Cursor(text);
  const fields: StructField[] = [];
  do {
    const name = p.expectAnyName();
    p.acceptOp(':');
    fields.push({ name, type: parseTypeName(p).type });
  } while (p.acceptOp(','));
  if (!p.atEnd()) throw p.unexpected('a column definition');
  return structType(fields);
}
