// Spark SQL data types: the one type system every stage shares.

export type PrimitiveTypeName =
  | 'null' | 'boolean' | 'tinyint' | 'smallint' | 'int' | 'bigint' | 'float' | 'double'
  | 'string' | 'binary' | 'date' | 'timestamp' | 'timestamp_ntz';

export type DataType =
  | { readonly kind: PrimitiveTypeName }
  | { readonly kind: 'decimal'; readonly precision: number; readonly scale: number }
  /**
   * ANSI intervals: year-month (a count of months) and day-time (microseconds), each with the
   * fields it spans (`INTERVAL DAY`, `INTERVAL HOUR TO SECOND`), as Spark's types carry them.
   */
  | { readonly kind: 'interval_ym'; readonly startField: YearMonthField; readonly endField: YearMonthField }
  | {
    readonly kind: 'interval_dt'; readonly startField: DayTimeField; readonly endField: DayTimeField;
    /** Spark's legacy CalendarIntervalType (a bare `INTERVAL`), kept here as day-time without months. */
    readonly calendar?: true;
  }
  | { readonly kind: 'array'; readonly element: DataType }
  /** Values are arrays of the fields' values, in field order. */
  | { readonly kind: 'struct'; readonly fields: readonly StructField[] }
  /**
   * TIME(p), p 0..9: a time of day, kept as nanoseconds since midnight truncated to p digits.
   * TIMESTAMP_NTZ(p) / TIMESTAMP_LTZ(p), p 7..9: Spark's nanosecond timestamps (p <= 6 is the
   * plain microsecond TIMESTAMP_NTZ / TIMESTAMP), kept as nanoseconds since the epoch.
   */
  | { readonly kind: 'time'; readonly precision: number }
  | { readonly kind: 'timestamp_ntz_nanos' | 'timestamp_ltz_nanos'; readonly precision: number }
  /** Values are MapValues: keys (never NULL, distinct) and their values, in insertion order. */
  | { readonly kind: 'map'; readonly key: DataType; readonly value: DataType };

export interface StructField {
  readonly name: string;
  readonly type: DataType;
}

export type DecimalType = Extract<DataType, { kind: 'decimal' }>;
export type YearMonthIntervalType = Extract<DataType, { kind: 'interval_ym' }>;
export type DayTimeIntervalType = Extract<DataType, { kind: 'interval_dt' }>;
export type IntervalType = YearMonthIntervalType | DayTimeIntervalType;
export type ArrayType = Extract<DataType, { kind: 'array' }>;
export type StructType = Extract<DataType, { kind: 'struct' }>;
export type TimeType = Extract<DataType, { kind: 'time' }>;
export type TimestampNanosType = Extract<DataType, { kind: 'timestamp_ntz_nanos' | 'timestamp_ltz_nanos' }>;
export type MapType = Extract<DataType, { kind: 'map' }>;

export interface Field {
  readonly name: string;
  readonly type: DataType;
  readonly nullable: boolean;
  readonly comment?: string;
  /** A table column's DEFAULT expression, as written: what INSERT fills in when the column is left out. */
  readonly defaultSql?: string;
  /**
   * The Postgres type clients are told, where it is not the Spark type's own: pg_catalog's `oid`,
   * `name` and `"char"` columns hold bigints and strings but must look like Postgres's.
   */
  readonly pgType?: string;
}

export type Schema = readonly Field[];

const primitive = (kind: PrimitiveTypeName): DataType => ({ kind });

export const NullType = primitive('null');
export const BooleanType = primitive('boolean');
export const ByteType = primitive('tinyint');
export const ShortType = primitive('smallint');
export const IntegerType = primitive('int');
export const LongType = primitive('bigint');
export const FloatType = primitive('float');
export const DoubleType = primitive('double');
export const StringType = primitive('string');
export const BinaryType = primitive('binary');
export const DateType = primitive('date');
export const TimestampType = primitive('timestamp');
export const TimestampNTZType = primitive('timestamp_ntz');

/** Spark's interval field codes, in order: YEAR < MONTH; DAY < HOUR < MINUTE < SECOND. */
export const YEAR = 0, MONTH = 1;
export const DAY = 0, HOUR = 1, MINUTE = 2, SECOND = 3;
export type YearMonthField = typeof YEAR | typeof MONTH;
export type DayTimeField = typeof DAY | typeof HOUR | typeof MINUTE | typeof SECOND;
export const YEAR_MONTH_FIELD_NAMES = ['year', 'month'] as const;
export const DAY_TIME_FIELD_NAMES = ['day', 'hour', 'minute', 'second'] as const;

export function yearMonthIntervalType(startField: YearMonthField = YEAR, endField: YearMonthField = startField === YEAR ? MONTH : startField): YearMonthIntervalType {
  return { kind: 'interval_ym', startField, endField };
}

export function dayTimeIntervalType(startField: DayTimeField = DAY, endField: DayTimeField = startField === DAY ? SECOND : startField): DayTimeIntervalType {
  return { kind: 'interval_dt', startField, endField };
}

/** A bare `INTERVAL`: Spark's legacy calendar interval, approximated by a day-time interval. */
export const CalendarIntervalType: DayTimeIntervalType = { kind: 'interval_dt', startField: DAY, endField: SECOND, calendar: true };

/** The widest of each kind, Spark's defaults: INTERVAL YEAR TO MONTH and INTERVAL DAY TO SECOND. */
export const YearMonthIntervalType = yearMonthIntervalType(YEAR, MONTH);
export const DayTimeIntervalType = dayTimeIntervalType(DAY, SECOND);

export const isInterval = (t: DataType): t is IntervalType => t.kind === 'interval_ym' || t.kind === 'interval_dt';

/** `interval day`, `interval year to month`, a bare `interval` (any case) → the interval type; undefined if not one. */
export function parseIntervalTypeName(text: string): IntervalType | undefined {
  if (/^\s*interval\s*$/i.test(text)) return CalendarIntervalType;
  const m = /^interval\s+(\w+)(?:\s+to\s+(\w+))?$/i.exec(text.trim());
  if (!m) return undefined;
  const from = m[1].toLowerCase(), to = (m[2] ?? m[1]).toLowerCase();
  const ym = YEAR_MONTH_FIELD_NAMES as readonly string[], dt = DAY_TIME_FIELD_NAMES as readonly string[];
  if (ym.includes(from) && ym.includes(to) && ym.indexOf(from) <= ym.indexOf(to)) {
    return yearMonthIntervalType(ym.indexOf(from) as YearMonthField, ym.indexOf(to) as YearMonthField);
  }
  if (dt.includes(from) && dt.includes(to) && dt.indexOf(from) <= dt.indexOf(to)) {
    return dayTimeIntervalType(dt.indexOf(from) as DayTimeField, dt.indexOf(to) as DayTimeField);
  }
  return undefined;
}

/** `interval day`, `interval hour to second`: Spark's type name (upper-cased in messages). */
function intervalTypeName(t: IntervalType): string {
  const names: readonly string[] = t.kind === 'interval_ym' ? YEAR_MONTH_FIELD_NAMES : DAY_TIME_FIELD_NAMES;
  return t.startField === t.endField ? `interval ${names[t.startField]}` : `interval ${names[t.startField]} to ${names[t.endField]}`;
}

export const MAX_DECIMAL_PRECISION = 38;
/** Decimals up to this precision keep their unscaled values exactly in a float64. */
export const MAX_FAST_DECIMAL_PRECISION = 15;

export function arrayType(element: DataType): ArrayType {
  return { kind: 'array', element };
}

export function structType(fields: readonly StructField[]): StructType {
  return { kind: 'struct', fields };
}

/** Spark's TIME(p); TIME alone is TIME(6). */
export function timeType(precision = 6): TimeType {
  return { kind: 'time', precision };
}

export const MAX_TIME_PRECISION = 9;
/** Fractional digits a plain (microsecond) timestamp keeps; TIMESTAMP_NTZ(6) is TIMESTAMP_NTZ. */
export const MICROS_PRECISION = 6;

/**
 * TIMESTAMP_NTZ(p) or TIMESTAMP_LTZ(p): p up to 6 is the microsecond type, 7..9 the nanosecond
 * one, as in Spark where TIMESTAMP_LTZ(6) is TIMESTAMP.
 */
export function timestampWithPrecision(ntz: boolean, precision: number): DataType {
  if (precision <= MICROS_PRECISION) return ntz ? TimestampNTZType : TimestampType;
  return { kind: ntz ? 'timestamp_ntz_nanos' : 'timestamp_ltz_nanos', precision };
}

export const isTimestampNanos = (t: DataType): t is TimestampNanosType =>
  t.kind === 'timestamp_ntz_nanos' || t.kind === 'timestamp_ltz_nanos';

/** Any timestamp, microsecond or nanosecond, with or without a zone. */
export const isAnyTimestamp = (t: DataType): boolean =>
  t.kind === 'timestamp' || t.kind === 'timestamp_ntz' || isTimestampNanos(t);

export function mapType(key: DataType, value: DataType): MapType {
  return { kind: 'map', key, value };
}

export function decimalType(precision: number, scale: number): DecimalType {
  return { kind: 'decimal', precision, scale };
}

/** Spark's `simpleString`: `bigint`, `decimal(10,2)`, `string`. */
export function typeToString(t: DataType): string {
  if (t.kind === 'decimal') return `decimal(${t.precision},${t.scale})`;
  if (t.kind === 'array') return `array<${typeToString(t.element)}>`;
  if (t.kind === 'struct') return `struct<${t.fields.map((f) => `${f.name}:${typeToString(f.type)}`).join(',')}>`;
  if (t.kind === 'map') return `map<${typeToString(t.key)},${typeToString(t.value)}>`;
  if (t.kind === 'null') return 'void';
  if (t.kind === 'interval_dt' && t.calendar) return 'interval';
  if (t.kind === 'interval_ym' || t.kind === 'interval_dt') return intervalTypeName(t);
  if (t.kind === 'time') return `time(${t.precision})`;
  if (t.kind === 'timestamp_ntz_nanos') return `timestamp_ntz(${t.precision})`;
  if (t.kind === 'timestamp_ltz_nanos') return `timestamp_ltz(${t.precision})`;
  return t.kind;
}

export function typesEqual(a: DataType, b: DataType): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'decimal' && b.kind === 'decimal') return a.precision === b.precision && a.scale === b.scale;
  if ((a.kind === 'interval_ym' && b.kind === 'interval_ym') || (a.kind === 'interval_dt' && b.kind === 'interval_dt')) {
    return a.startField === b.startField && a.endField === b.endField && (a.kind === 'interval_ym' || !a.calendar === !(b as DayTimeIntervalType).calendar);
  }
  if (a.kind === 'array' && b.kind === 'array') return typesEqual(a.element, b.element);
  if ('precision' in a && 'precision' in b) return a.precision === b.precision;
  if (a.kind === 'struct' && b.kind === 'struct') {
    return a.fields.length === b.fields.length && a.fields.every((f, i) => f.name === b.fields[i].name && typesEqual(f.type, b.fields[i].type));
  }
  if (a.kind === 'map' && b.kind === 'map') return typesEqual(a.key, b.key) && typesEqual(a.value, b.value);
  return true;
}

/** Spark's DataType.equalsStructurally: the same shape and leaf types, struct field names aside. */
export function typesEqualStructurally(a: DataType, b: DataType): boolean {
  if (a.kind === 'array' && b.kind === 'array') return typesEqualStructurally(a.element, b.element);
  if (a.kind === 'map' && b.kind === 'map') return typesEqualStructurally(a.key, b.key) && typesEqualStructurally(a.value, b.value);
  if (a.kind === 'struct' && b.kind === 'struct') {
    return a.fields.length === b.fields.length && a.fields.every((f, i) => typesEqualStructurally(f.type, b.fields[i].type));
  }
  return typesEqual(a, b);
}

/** Spark's `DataType.sql`, as error messages quote types: `MAP<STRING, INT>`, `STRUCT<a: INT>`. */
export function typeToSql(t: DataType): string {
  if (t.kind === 'array') return `ARRAY<${typeToSql(t.element)}>`;
  if (t.kind === 'map') return `MAP<${typeToSql(t.key)}, ${typeToSql(t.value)}>`;
  if (t.kind === 'struct') return `STRUCT<${t.fields.map((f) => `${f.name}: ${typeToSql(f.type)}`).join(', ')}>`;
  return typeToString(t).toUpperCase();
}

/** Whether a type holds a MAP anywhere: Spark cannot compare, sort or group such values. */
export function containsMap(t: DataType): boolean {
  if (t.kind === 'map') return true;
  if (t.kind === 'array') return containsMap(t.element);
  if (t.kind === 'struct') return t.fields.some((f) => containsMap(f.type));
  return false;
}

export const isIntegral = (t: DataType): boolean =>
  t.kind === 'tinyint' || t.kind === 'smallint' || t.kind === 'int' || t.kind === 'bigint';

export const isFractional = (t: DataType): boolean => t.kind === 'float' || t.kind === 'double';

export const isNumeric = (t: DataType): boolean => isIntegral(t) || isFractional(t) || t.kind === 'decimal';

/** The decimal that holds every value of an integral type exactly (Spark's DecimalType.forType). */
export function decimalForIntegral(t: DataType): DecimalType {
  switch (t.kind) {
    case 'tinyint': return decimalType(3, 0);
    case 'smallint': return decimalType(5, 0);
    case 'int': return decimalType(10, 0);
    case 'bigint': return decimalType(20, 0);
    case 'decimal': return t;
    default: throw new Error(`not an integral type: ${typeToString(t)}`);
  }
}

/**
 * Spark's DecimalType.adjustPrecisionScale (allowPrecisionLoss = true): when a result needs more
 * than 38 digits, keep at least 6 fractional digits and give up scale before integral digits.
 */
export function boundedDecimal(precision: number, scale: number): DecimalType {
  if (precision <= MAX_DECIMAL_PRECISION) return decimalType(precision, scale);
  const intDigits = precision - scale;
  const minScale = Math.min(scale, 6);
  const adjustedScale = Math.max(MAX_DECIMAL_PRECISION - intDigits, minScale);
  return decimalType(MAX_DECIMAL_PRECISION, adjustedScale);
}
