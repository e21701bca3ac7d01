// Date and time functions. Dates are days since the epoch, timestamps microseconds; fields of a
// TIMESTAMP are read in the session time zone, as Spark does.

import { DataType, DateType, DoubleType, IntegerType, LongType, StringType, TimestampType, decimalType, typeToString } from '../../common/types.js';
import { QuarryError, SqlState } from '../../common/errors.js';
import { Vector, getScalar } from '../../common/vector.js';
import { ExecutionContext } from '../context.js';
import { wrongArgs } from './conditional.js';
import { ScalarFunction, callDisplay } from './function.js';
import { mapRows } from './kernels.js';
import { simpleFunction } from './simple_function.js';
import { formatDatetime, parseDatetime } from './datetime_patterns.js';

const MICROS_PER_DAY = 86_400_000_000;
const DAY_MS = 86_400_000;

const fixed = simpleFunction;

const num = (v: Vector, i: number) => Number(getScalar(v, i));
const str = (v: Vector, i: number) => getScalar(v, i) as string;

/** The UTC calendar fields of a day number. */
const civil = (days: number) => new Date(days * DAY_MS);

/** A timestamp as local calendar time in the session zone, as a Date read with getUTC*. */
const local = (micros: number, ctx: ExecutionContext) => new Date(Math.floor(micros / 1000) + ctx.timeZoneOffsetSeconds * 1000);

function dateField(name: string, field: (d: Date) => number, aliases: string[] = []): ScalarFunction {
  return fixed(name, [DateType], IntegerType, (a, i) => field(civil(num(a[0], i))), { aliases });
}

function timeField(name: string, field: (d: Date) => number): ScalarFunction {
  return fixed(name, [TimestampType], IntegerType, (a, i, ctx) => field(local(num(a[0], i), ctx)));
}

/** Day-of-month clamping month arithmetic, as Spark's add_months. */
function addMonths(days: number, months: number): number {
  const d = civil(days);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return Math.round(target.getTime() / DAY_MS);
}

const TRUNC_UNITS: Record<string, string> = {
  year: 'year', yyyy: 'year', yy: 'year', quarter: 'quarter', month: 'month', mon: 'month', mm: 'month',
  week: 'week', day: 'day', dd: 'day', hour: 'hour', minute: 'minute', second: 'second',
};

function truncUnit(text: string): string | null {
  return TRUNC_UNITS[text.toLowerCase()] ?? null;
}

/** Truncates local calendar time to the unit; null for units not at or above a day when dateOnly. */
function truncateLocal(d: Date, unit: string): Date | null {
  const y = d.getUTCFullYear(), m = d.getUTCMonth();
  switch (unit) {
    case 'year': return new Date(Date.UTC(y, 0, 1));
    case 'quarter': return new Date(Date.UTC(y, m - (m % 3), 1));
    case 'month': return new Date(Date.UTC(y, m, 1));
    case 'week': {
      const monday = new Date(Date.UTC(y, m, d.getUTCDate()));
      monday.setUTCDate(monday.getUTCDate() - ((monday.getUTCDay() + 6) % 7));
      return monday;
    }
    case 'day': return new Date(Date.UTC(y, m, d.getUTCDate()));
    case 'hour': return new Date(Date.UTC(y, m, d.getUTCDate(), d.getUTCHours()));
    case 'minute': return new Date(Date.UTC(y, m, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes()));
    case 'second': return new Date(Math.floor(d.getTime() / 1000) * 1000);
    default: return null;
  }
}

function checkDate(type: DataType, name: string): void {
  if (type.kind === 'boolean' || type.kind === 'binary') {
    throw new QuarryError(SqlState.datatypeMismatch,
      `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] The first parameter of \`${name}\` requires a date, not ${typeToString(type).toUpperCase()}.`);
  }
}

const dateTrunc: ScalarFunction = {
  name: 'date_trunc',
  bind(types) {
    if (types.length !== 2) throw wrongArgs('date_trunc', 2, types.length);
    checkDate(types[1], 'date_trunc');
    return {
      name: 'date_trunc', argTypes: [StringType, TimestampType], returnType: TimestampType, display: callDisplay('date_trunc'),
      evaluate: (args, n, ctx) => mapRows(TimestampType, args, n, (i) => {
        const unit = truncUnit(str(args[0], i));
        if (unit === null) return null;
        const micros = num(args[1], i);
        const truncated = truncateLocal(local(micros, ctx), unit)!;
        // Keep the microseconds below a second when truncating to the second.
        return (truncated.getTime() - ctx.timeZoneOffsetSeconds * 1000) * 1000;
      }),
    };
  },
};

const UNIT_MICROS: Record<string, number> = {
  MICROSECOND: 1, MILLISECOND: 1_000, SECOND: 1_000_000, MINUTE: 60_000_000, HOUR: 3_600_000_000, DAY: MICROS_PER_DAY, WEEK: 7 * MICROS_PER_DAY,
};

/** timestampadd(unit, n, ts): calendar units (MONTH, QUARTER, YEAR) in the session zone, others exact. */
function timestampAdd(unit: string, amount: number, micros: number, ctx: ExecutionContext): number | null {
  const u = unit.toUpperCase().replace(/S$/, '');
  if (u in UNIT_MICROS) return micros + amount * UNIT_MICROS[u];
  const months = u === 'MONTH' ? amount : u === 'QUARTER' ? amount * 3 : u === 'YEAR' ? amount * 12 : null;
  if (months === null) return null;
  const localMicros = micros + ctx.timeZoneOffsetSeconds * 1_000_000;
  const days = Math.floor(localMicros / MICROS_PER_DAY);
  return (addMonths(days, months) - days) * MICROS_PER_DAY + micros;
}

/** date_part / EXTRACT fields of a timestamp read in the session zone. */
function datePart(field: string, micros: number, ctx: ExecutionContext): number | null {
  const d = local(micros, ctx);
  switch (field.toUpperCase().replace(/S$/, '')) {
    case 'YEAR': case 'Y': case 'YR': return d.getUTCFullYear();
    case 'QUARTER': case 'QTR': return Math.floor(d.getUTCMonth() / 3) + 1;
    case 'MONTH': case 'MON': case 'MM': return d.getUTCMonth() + 1;
    case 'WEEK': case 'W': {
      const thursday = new Date(d.getTime() + (3 - ((d.getUTCDay() + 6) % 7)) * DAY_MS);
      return Math.floor((thursday.getTime() - Date.UTC(thursday.getUTCFullYear(), 0, 1)) / (7 * DAY_MS)) + 1;
    }
    case 'DAY': case 'D': case 'DAYOFMONTH': return d.getUTCDate();
    case 'DAYOFWEEK': case 'DOW': return d.getUTCDay() + 1;
    case 'DAYOFYEAR': case 'DOY': return Math.round((Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - Date.UTC(d.getUTCFullYear(), 0, 1)) / DAY_MS) + 1;
    case 'HOUR': case 'H': case 'HR': return d.getUTCHours();
    case 'MINUTE': case 'M': case 'MIN': return d.getUTCMinutes();
    case 'SECOND': case 'SEC': return d.getUTCSeconds() + (((micros % 1_000_000) + 1_000_000) % 1_000_000) / 1_000_000;
    default: return null;
  }
}

/** date_part(field, ts) and EXTRACT: int fields, and SECOND with its fraction as decimal(8,6). */
const datePartFunction: ScalarFunction = {
  name: 'date_part',
  aliases: ['datepart', 'extract'],
  bind(types, constants) {
    if (types.length !== 2) throw wrongArgs('date_part', 2, types.length);
    const field = typeof constants?.[0] === 'string' ? constants[0].toUpperCase().replace(/S$/, '') : null;
    const seconds = field === 'SECOND' || field === 'SEC';
    const returnType = seconds ? decimalType(8, 6) : IntegerType;
    return {
      name: 'date_part', argTypes: [StringType, TimestampType], returnType, display: callDisplay('date_part'),
      evaluate: (args, n, ctx) => mapRows(returnType, args, n, (i) => {
        const value = datePart(str(args[0], i), num(args[1], i), ctx);
        return value === null ? null : seconds ? Math.round(value * 1_000_000) : Math.trunc(value);
      }),
    };
  },
};

export const datetimeFunctions: ScalarFunction[] = [
  datePartFunction,
  fixed('months_between', [TimestampType, TimestampType], DoubleType, (a, i, ctx) => {
    const x = local(num(a[0], i), ctx), y = local(num(a[1], i), ctx);
    const months = (x.getUTCFullYear() - y.getUTCFullYear()) * 12 + x.getUTCMonth() - y.getUTCMonth();
    const lastDay = (d: Date) => d.getUTCDate() === new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
    if (x.getUTCDate() === y.getUTCDate() || (lastDay(x) && lastDay(y))) return months;
    const seconds = (d: Date) => ((d.getUTCDate() * 24 + d.getUTCHours()) * 60 + d.getUTCMinutes()) * 60 + d.getUTCSeconds();
    return Math.round((months + (seconds(x) - seconds(y)) / (31 * 86_400)) * 1e8) / 1e8;
  }),
  fixed('next_day', [DateType, StringType], DateType, (a, i) => {
    const target = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'].indexOf(str(a[1], i).slice(0, 2).toUpperCase());
    if (target < 0) return null;
    const days = num(a[0], i);
    const dow = civil(days).getUTCDay();
    return days + (((target - dow + 6) % 7) + 1);
  }),
  fixed('timestampadd', [StringType, LongType, TimestampType], TimestampType, (a, i, ctx) => timestampAdd(str(a[0], i), num(a[1], i), num(a[2], i), ctx)),
  fixed('timestampdiff', [StringType, TimestampType, TimestampType], LongType, (a, i) => {
    const unit = str(a[0], i).toUpperCase().replace(/S$/, '');
    const micros = UNIT_MICROS[unit];
    return micros === undefined ? null : Math.trunc((num(a[2], i) - num(a[1], i)) / micros);
  }),
  fixed('current_date', [], DateType, (_, __, ctx) => Math.floor((Date.now() + ctx.timeZoneOffsetSeconds * 1000) / DAY_MS), { aliases: ['curdate'] }),
  fixed('current_timestamp', [], TimestampType, () => Date.now() * 1000, { aliases: ['now', 'localtimestamp'] }),
  dateField('year', (d) => d.getUTCFullYear()),
  dateField('quarter', (d) => Math.floor(d.getUTCMonth() / 3) + 1),
  dateField('month', (d) => d.getUTCMonth() + 1),
  dateField('day', (d) => d.getUTCDate(), ['dayofmonth']),
  dateField('dayofweek', (d) => d.getUTCDay() + 1),
  dateField('weekday', (d) => (d.getUTCDay() + 6) % 7),
  dateField('dayofyear', (d) => Math.round((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / DAY_MS) + 1),
  dateField('weekofyear', (d) => {
    // ISO 8601 week number: the week with the year's first Thursday is week 1.
    const thursday = new Date(d.getTime() + (3 - ((d.getUTCDay() + 6) % 7)) * DAY_MS);
    return Math.floor((thursday.getTime() - Date.UTC(thursday.getUTCFullYear(), 0, 1)) / (7 * DAY_MS)) + 1;
  }),
  timeField('hour', (d) => d.getUTCHours()),
  timeField('minute', (d) => d.getUTCMinutes()),
  timeField('second', (d) => d.getUTCSeconds()),
  fixed('date_add', [DateType, IntegerType], DateType, (a, i) => num(a[0], i) + num(a[1], i), { aliases: ['dateadd'] }),
  fixed('date_sub', [DateType, IntegerType], DateType, (a, i) => num(a[0], i) - num(a[1], i)),
  fixed('datediff', [DateType, DateType], IntegerType, (a, i) => num(a[0], i) - num(a[1], i)),
  fixed('add_months', [DateType, IntegerType], DateType, (a, i) => addMonths(num(a[0], i), num(a[1], i))),
  fixed('last_day', [DateType], DateType, (a, i) => {
    const d = civil(num(a[0], i));
    return Math.round(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0) / DAY_MS);
  }),
  fixed('trunc', [DateType, StringType], DateType, (a, i) => {
    const unit = truncUnit(str(a[1], i));
    if (unit === null || !['year', 'quarter', 'month', 'week'].includes(unit)) return null;
    return Math.round(truncateLocal(civil(num(a[0], i)), unit)!.getTime() / DAY_MS);
  }),
  dateTrunc,
  fixed('to_date', [StringType, StringType], DateType, (a, i, ctx) => {
    const micros = parseDatetime(str(a[0], i), a.length > 1 ? str(a[1], i) : 'yyyy-MM-dd', 0, ctx);
    return micros === null ? null : Math.floor(micros / MICROS_PER_DAY);
  }, { optional: 1 }),
  fixed('to_timestamp', [StringType, StringType], TimestampType,
    (a, i, ctx) => parseDatetime(str(a[0], i), a.length > 1 ? str(a[1], i) : 'yyyy-MM-dd HH:mm:ss', ctx.timeZoneOffsetSeconds, ctx),
    { optional: 1 }),
  fixed('date_format', [TimestampType, StringType], StringType,
    (a, i, ctx) => formatDatetime(num(a[0], i), str(a[1], i), ctx.timeZoneOffsetSeconds)),
  fixed('unix_timestamp', [TimestampType], LongType, (a, i) => Math.floor(num(a[0], i) / 1_000_000)),
  fixed('from_unixtime', [LongType, StringType], StringType,
    (a, i, ctx) => formatDatetime(num(a[0], i) * 1_000_000, a.length > 1 ? str(a[1], i) : 'yyyy-MM-dd HH:mm:ss', ctx.timeZoneOffsetSeconds),
    { optional: 1 }),
  fixed('timestamp_seconds', [LongType], TimestampType, (a, i) => num(a[0], i) * 1_000_000),
  fixed('make_date', [IntegerType, IntegerType, IntegerType], DateType, (a, i) => {
    const [y, m, d] = [num(a[0], i), num(a[1], i), num(a[2], i)];
    const date = new Date(Date.UTC(y, m - 1, d));
    return date.getUTCMonth() === m - 1 && date.getUTCDate() === d ? Math.round(date.getTime() / DAY_MS) : null;
  }),
];
