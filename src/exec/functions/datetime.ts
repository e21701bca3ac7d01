// Date and time functions. Dates are days since the epoch, timestamps microseconds; fields of a
// TIMESTAMP are read in the session time zone, as Spark does.

import { DataType, DateType, DoubleType, IntegerType, LongType, StringType, TimestampNTZType, TimestampType, decimalType, isInterval, typeToString } from '../../common/types.js';
import { formatDecimal } from '../../common/values.js';
import { QuarryError, SqlState } from '../../common/errors.js';
import { Vector, getScalar } from '../../common/vector.js';
import { TimeZone } from '../../common/time_zone.js';
import { ExecutionContext, defaultExecutionContext } from '../context.js';
import { wrongArgs } from './conditional.js';
import { intervalPart } from './interval.js';
import { ScalarFunction, callDisplay } from './function.js';
import { mapRows } from './kernels.js';
import { simpleFunction } from './simple_function.js';
import { formatDatetime, parseDatetime } from './datetime_patterns.js';
import { castScalar } from '../expressions/cast.js';

const MICROS_PER_DAY = 86_400_000_000;
const DAY_MS = 86_400_000;

const fixed = simpleFunction;

const num = (v: Vector, i: number) => Number(getScalar(v, i));
const str = (v: Vector, i: number) => getScalar(v, i) as string;

/** The UTC calendar fields of a day number. */
const civil = (days: number) => new Date(days * DAY_MS);

/** A timestamp as local calendar time in the session zone, as a Date read with getUTC*. */
const local = (micros: number, ctx: ExecutionContext) => new Date(Math.floor(ctx.timeZone.toLocal(micros) / 1000));

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
        return ctx.timeZone.fromLocal(truncated.getTime() * 1000);
      }),
    };
  },
};

const UNIT_MICROS: Record<string, number> = { MICROSECOND: 1, MILLISECOND: 1_000, SECOND: 1_000_000, MINUTE: 60_000_000, HOUR: 3_600_000_000 };

/**
 * timestampadd(unit, n, ts) as Spark: units up to HOUR add exact time; DAY, WEEK and the calendar
 * units move the wall clock in the session zone (so a day across a DST change is 23 or 25 hours).
 */
function timestampAdd(unit: string, amount: number, micros: number, ctx: ExecutionContext): number | null {
  const u = unit.toUpperCase().replace(/S$/, '');
  if (u in UNIT_MICROS) return micros + amount * UNIT_MICROS[u];
  const localMicros = ctx.timeZone.toLocal(micros);
  const days = Math.floor(localMicros / MICROS_PER_DAY);
  const months = u === 'MONTH' ? amount : u === 'QUARTER' ? amount * 3 : u === 'YEAR' ? amount * 12 : 0;
  const movedDays = u === 'DAY' ? amount : u === 'WEEK' ? 7 * amount : months ? addMonths(days, months) - days : null;
  if (movedDays === null) return null;
  return ctx.timeZone.fromLocal(localMicros + movedDays * MICROS_PER_DAY);
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
    if (isInterval(types[1])) return intervalPart(typeof constants?.[0] === 'string' ? constants[0] : null, types[1]);
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

const statementTimes = new WeakMap<ExecutionContext, number>();
let bindTime: number | undefined;

/** The statement's clock (milliseconds): every now() of a statement sees the same instant, as in Spark. */
export function statementTime(ctx: ExecutionContext): number {
  if (ctx === defaultExecutionContext) {
    // Constant folding while a statement is bound has no statement context: one instant per
    // synchronous run of the binder.
    if (bindTime === undefined) {
      bindTime = Date.now();
      setImmediate(() => { bindTime = undefined; });
    }
    return bindTime;
  }
  let t = statementTimes.get(ctx);
  if (t === undefined) statementTimes.set(ctx, (t = Date.now()));
  return t;
}

/** Whole months from `start` to `end` in local time, as java.time's ChronoUnit.MONTHS.between. */
function monthsBetweenLocal(start: number, end: number, ctx: ExecutionContext): number {
  const fields = (micros: number) => {
    const local = ctx.timeZone.toLocal(micros);
    const days = Math.floor(local / MICROS_PER_DAY);
    const [y, m, d] = civilFromDays(days);
    return { months: y * 12 + m - 1, rest: (d - 1) * MICROS_PER_DAY + (local - days * MICROS_PER_DAY) };
  };
  const a = fields(start), b = fields(end);
  let months = b.months - a.months;
  if (months > 0 && b.rest < a.rest) months--;
  else if (months < 0 && b.rest > a.rest) months++;
  return months;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (any year, unlike Date.UTC's 0–99 quirk). */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** [year, month, day] of a day number. */
export function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [era * 400 + yoe + (m <= 2 ? 1 : 0), m, d];
}

const MONTH_NAMES = ['JANUARY', 'FEBRUARY', 'MARCH', 'APRIL', 'MAY', 'JUNE', 'JULY', 'AUGUST', 'SEPTEMBER', 'OCTOBER', 'NOVEMBER', 'DECEMBER'];

const fieldOutOfBounds = (message: string) => new QuarryError(SqlState.invalidParameterValue,
  `[DATETIME_FIELD_OUT_OF_BOUNDS.WITHOUT_SUGGESTION] ${message}. If necessary set "spark.sql.ansi.enabled" to "false" to bypass this error.`,
  undefined, 'DATETIME_FIELD_OUT_OF_BOUNDS.WITHOUT_SUGGESTION');

/** A date's day number, or the error java.time's LocalDate.of raises for its fields. */
function checkedDate(y: number, m: number, d: number): number {
  if (y < -999_999_999 || y > 999_999_999) throw fieldOutOfBounds(`Invalid value for Year (valid values -999999999 - 999999999): ${y}`);
  if (m < 1 || m > 12) throw fieldOutOfBounds(`Invalid value for MonthOfYear (valid values 1 - 12): ${m}`);
  if (d < 1 || d > 31) throw fieldOutOfBounds(`Invalid value for DayOfMonth (valid values 1 - 28/31): ${d}`);
  const days = daysFromCivil(y, m, d);
  if (civilFromDays(days)[1] !== m) {
    const leap = m === 2 && d === 29;
    throw fieldOutOfBounds(leap ? `Invalid date 'February 29' as '${y}' is not a leap year` : `Invalid date '${MONTH_NAMES[m - 1]} ${d}'`);
  }
  return days;
}

const LONG_MIN = -(2n ** 63n), LONG_MAX = 2n ** 63n - 1n;

/**
 * timestamp_seconds / timestamp_millis / timestamp_micros: a count since the epoch. Seconds may be
 * fractional (doubles truncate to microseconds; decimals must be exact). Beyond the 64-bit range of
 * microseconds is DATETIME_OVERFLOW.
 */
function epochTimestamp(name: string, unit: string, microsPerUnit: bigint): ScalarFunction {
  return {
    name,
    bind(types) {
      if (types.length !== 1) throw wrongArgs(name, 1, types.length);
      const t = types[0];
      const fractional = unit === 'seconds' && (t.kind === 'double' || t.kind === 'float' || (t.kind === 'decimal' && t.scale > 0));
      const argType: DataType = fractional ? t : t.kind === 'null' || t.kind === 'string' ? LongType : t;
      if (!['tinyint', 'smallint', 'int', 'bigint', 'null', 'string'].includes(t.kind) && !fractional && t.kind !== 'decimal') {
        throw new QuarryError(SqlState.invalidArgumentType,
          `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "${name}(…)" due to data type mismatch: the first parameter requires the "NUMERIC" type, however it has the type "${typeToString(t).toUpperCase()}".`,
          undefined, 'DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE');
      }
      const overflow = (x: string) => new QuarryError('22008',
        `[DATETIME_OVERFLOW] Datetime operation overflow: create a TIMESTAMP from ${x}L ${unit} since the epoch.`, undefined, 'DATETIME_OVERFLOW');
      return {
        name, argTypes: [argType], returnType: TimestampType, display: callDisplay(name),
        evaluate: (args, n) => mapRows(TimestampType, args, n, (i) => {
          const x = getScalar(args[0], i) as number | bigint;
          if (argType.kind === 'double' || argType.kind === 'float') {
            const v = Number(x);
            if (!Number.isFinite(v)) return null;
            return Math.trunc(v * 1_000_000);
          }
          if (argType.kind === 'decimal') {
            const unscaled = BigInt(x);
            const scale = BigInt(10) ** BigInt(argType.scale);
            const scaled = unscaled * 1_000_000n;
            if (scaled % scale !== 0n) throw new QuarryError(SqlState.numericValueOutOfRange, 'Rounding necessary');
            return Number(scaled / scale);
          }
          const micros = BigInt(x) * microsPerUnit;
          if (micros < LONG_MIN || micros > LONG_MAX) throw overflow(String(x));
          return Number(micros);
        }),
      };
    },
  };
}

/** A function with a numeric form (seconds since the epoch) and a textual one. */
function numericOr(name: string, numeric: ScalarFunction, text: ScalarFunction): ScalarFunction {
  return {
    name,
    bind(types, constants) {
      const t = types[0];
      const isNumber = t !== undefined && ['tinyint', 'smallint', 'int', 'bigint', 'float', 'double', 'decimal'].includes(t.kind);
      return (isNumber && types.length === 1 ? numeric : text).bind(types, constants);
    },
  };
}

/** Spark's day-of-week names: SU, SUN, SUNDAY… (case-insensitive); -1 for anything else. */
function dayOfWeek(text: string): number {
  const names = ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'];
  const t = text.toUpperCase();
  return names.findIndex((n) => t === n || t === n.slice(0, 2) || t === n.slice(0, 3));
}

/** date_add / date_sub(date, days): days must be an INT, SMALLINT or TINYINT (a string is cast to INT). */
function dayShift(name: string, sign: 1 | -1, aliases: string[]): ScalarFunction {
  const fn = fixed(name, [DateType, IntegerType], DateType, (a, i) => num(a[0], i) + sign * num(a[1], i));
  return {
    name, aliases,
    bind(types, constants) {
      const days = types[1];
      if (types.length === 2 && !['int', 'smallint', 'tinyint', 'null', 'string'].includes(days.kind)) {
        throw new QuarryError(SqlState.invalidArgumentType,
          `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "${name}(…)" due to data type mismatch: the second parameter requires the ("INT" or "SMALLINT" or "TINYINT") type, however it has the type "${typeToString(days).toUpperCase()}".`,
          undefined, 'DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE');
      }
      return fn.bind(types, constants);
    },
  };
}

/** make_date(y, m, d): invalid fields raise under ANSI, else give NULL. */
const makeDate = fixed('make_date', [IntegerType, IntegerType, IntegerType], DateType, (a, i, ctx) => {
  try {
    return checkedDate(num(a[0], i), num(a[1], i), num(a[2], i));
  } catch (e) {
    if (ctx.ansi) throw e;
    return null;
  }
});

/**
 * make_timestamp(y, mo, d, h, mi, sec [, tz]) and make_timestamp(date [, time [, tz]]): fields read
 * in the session (or given) zone. sec is decimal(16,6): 60 with no fraction is the next minute.
 * Invalid fields raise under ANSI and give NULL otherwise; the try_ forms always give NULL.
 */
function makeTimestamp(name: string, type: DataType, tryForm: boolean): ScalarFunction {
  const ntz = type.kind === 'timestamp_ntz';
  return {
    name,
    bind(types) {
      const fieldForm = types.length >= 6;
      if (!(fieldForm ? types.length <= (ntz ? 6 : 7) : types.length >= 1 && types.length <= (ntz ? 2 : 3))) {
        throw wrongArgs(name, ntz ? '[1, 2] or 6' : '[1, 3] or [6, 7]', types.length);
      }
      if (!fieldForm) {
        const required = ['DATE', 'TIME', 'STRING'];
        types.forEach((t, k) => {
          const ok = t.kind === 'null' || t.kind === ['date', 'time', 'string'][k];
          if (!ok) {
            throw new QuarryError(SqlState.invalidArgumentType,
              `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Parameter ${['first', 'second', 'third'][k]} requires the "${required[k]}" type, however the argument has the type "${typeToString(t).toUpperCase()}".`,
              undefined, 'DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE');
          }
        });
      }
      const argTypes = fieldForm
        ? [IntegerType, IntegerType, IntegerType, IntegerType, IntegerType, decimalType(16, 6), ...(types.length === 7 ? [StringType] : [])]
        : types;
      return {
        name, argTypes, returnType: type, display: callDisplay(name),
        evaluate: (args, n, ctx) => mapRows(type, args, n, (i) => {
          try {
            // The date form: the date at the time of day (TIME is nanoseconds; microseconds kept).
            if (!fieldForm) {
              const local = num(args[0], i) * MICROS_PER_DAY + (args.length > 1 ? Math.floor(num(args[1], i) / 1000) : 0);
              return ntz ? local : (args.length === 3 ? TimeZone.of(str(args[2], i)) : ctx.timeZone).fromLocal(local);
            }
            const [y, mo, d, h, mi] = [0, 1, 2, 3, 4].map((k) => num(args[k], i));
            const secMicros = num(args[5], i); // decimal(16,6): unscaled micros
            let seconds = Math.floor(secMicros / 1_000_000);
            const fraction = secMicros - seconds * 1_000_000;
            let extra = 0;
            if (seconds === 60) {
              if (fraction !== 0) {
                throw new QuarryError(SqlState.invalidParameterValue,
                  `[INVALID_FRACTION_OF_SECOND] Valid range for seconds is [0, 60] (inclusive), but the provided value is ${formatDecimal(secMicros, 6).replace(/0+$/, '')}. To avoid this error, use \`try_make_timestamp\`, which returns NULL on error.`,
                  undefined, 'INVALID_FRACTION_OF_SECOND');
              }
              seconds = 0;
              extra = 60_000_000;
            }
            if (h < 0 || h > 23) throw fieldOutOfBounds(`Invalid value for HourOfDay (valid values 0 - 23): ${h}`);
            if (mi < 0 || mi > 59) throw fieldOutOfBounds(`Invalid value for MinuteOfHour (valid values 0 - 59): ${mi}`);
            if (seconds < 0 || seconds > 59) throw fieldOutOfBounds(`Invalid value for SecondOfMinute (valid values 0 - 59): ${seconds}`);
            const local = checkedDate(y, mo, d) * MICROS_PER_DAY + ((h * 60 + mi) * 60 + seconds) * 1_000_000 + fraction + extra;
            if (ntz) return local;
            return (args.length === 7 ? TimeZone.of(str(args[6], i)) : ctx.timeZone).fromLocal(local);
          } catch (e) {
            if (tryForm || (!ctx.ansi && e instanceof QuarryError)) return null;
            throw e;
          }
        }),
      };
    },
  };
}

/** convert_timezone([source,] target, ts): a wall clock of one zone (the session's by default) as another's. */
const convertTimezone: ScalarFunction = {
  name: 'convert_timezone',
  bind(types) {
    if (types.length !== 2 && types.length !== 3) throw wrongArgs('convert_timezone', '[2, 3]', types.length);
    const argTypes = types.length === 3 ? [StringType, StringType, TimestampNTZType] : [StringType, TimestampNTZType];
    return {
      name: 'convert_timezone', argTypes, returnType: TimestampNTZType, display: callDisplay('convert_timezone'),
      evaluate: (args, n, ctx) => mapRows(TimestampNTZType, args, n, (i) => {
        const source = args.length === 3 ? TimeZone.of(str(args[0], i)) : ctx.timeZone;
        const target = TimeZone.of(str(args[args.length - 2], i));
        return target.toLocal(source.fromLocal(num(args[args.length - 1], i)));
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
  fixed('next_day', [DateType, StringType], DateType, (a, i, ctx) => {
    const target = dayOfWeek(str(a[1], i));
    if (target < 0) {
      if (!ctx.ansi) return null;
      throw new QuarryError('22009', `[ILLEGAL_DAY_OF_WEEK] Illegal input for day of week: ${str(a[1], i)}.`, undefined, 'ILLEGAL_DAY_OF_WEEK');
    }
    const days = num(a[0], i);
    const dow = civil(days).getUTCDay();
    return days + (((target - dow + 6) % 7) + 1);
  }),
  fixed('timestampadd', [StringType, LongType, TimestampType], TimestampType, (a, i, ctx) => timestampAdd(str(a[0], i), num(a[1], i), num(a[2], i), ctx)),
  fixed('timestampdiff', [StringType, TimestampType, TimestampType], LongType, (a, i, ctx) => {
    const unit = str(a[0], i).toUpperCase().replace(/S$/, '');
    const micros = UNIT_MICROS[unit];
    if (micros !== undefined) return Math.trunc((num(a[2], i) - num(a[1], i)) / micros);
    // Days and weeks count between wall clocks, as ChronoUnit.DAYS.between of local date-times.
    const days = unit === 'DAY' ? 1 : unit === 'WEEK' ? 7 : null;
    if (days !== null) return Math.trunc((ctx.timeZone.toLocal(num(a[2], i)) - ctx.timeZone.toLocal(num(a[1], i))) / (days * MICROS_PER_DAY));
    const perUnit = unit === 'MONTH' ? 1 : unit === 'QUARTER' ? 3 : unit === 'YEAR' ? 12 : null;
    return perUnit === null ? null : Math.trunc(monthsBetweenLocal(num(a[1], i), num(a[2], i), ctx) / perUnit);
  }, { aliases: ['timediff'] }),
  fixed('current_date', [], DateType, (_, __, ctx) => Math.floor(ctx.timeZone.toLocal(statementTime(ctx) * 1000) / MICROS_PER_DAY), { aliases: ['curdate'] }),
  fixed('current_timestamp', [], TimestampType, (_, __, ctx) => statementTime(ctx) * 1000, { aliases: ['now'] }),
  fixed('localtimestamp', [], TimestampNTZType, (_, __, ctx) => ctx.timeZone.toLocal(statementTime(ctx) * 1000)),
  fixed('current_timezone', [], StringType, (_, __, ctx) => ctx.timeZone.name),
  // A UTC wall clock shown as the zone's, and back (Spark's convertTz between UTC and the zone).
  fixed('from_utc_timestamp', [TimestampType, StringType], TimestampType, (a, i) => TimeZone.of(str(a[1], i)).toLocal(num(a[0], i))),
  fixed('to_utc_timestamp', [TimestampType, StringType], TimestampType, (a, i) => TimeZone.of(str(a[1], i)).fromLocal(num(a[0], i))),
  convertTimezone,
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
  dayShift('date_add', 1, ['dateadd']),
  dayShift('date_sub', -1, []),
  fixed('datediff', [DateType, DateType], IntegerType, (a, i) => num(a[0], i) - num(a[1], i), { aliases: ['date_diff'] }),
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
    const micros = parseDatetime(str(a[0], i), a.length > 1 ? str(a[1], i) : 'yyyy-MM-dd', TimeZone.UTC, ctx);
    return micros === null ? null : Math.floor(micros / MICROS_PER_DAY);
  }, { optional: 1 }),
  numericOr('to_timestamp', epochTimestamp('to_timestamp', 'seconds', 1_000_000n), fixed('to_timestamp', [StringType, StringType], TimestampType,
    (a, i, ctx) => parseDatetime(str(a[0], i), a.length > 1 ? str(a[1], i) : 'yyyy-MM-dd HH:mm:ss', ctx.timeZone, ctx),
    { optional: 1 })),
  // try_to_timestamp gives NULL for text the pattern does not match; to_timestamp_ntz reads no zone.
  fixed('try_to_timestamp', [StringType, StringType], TimestampType,
    (a, i, ctx) => parseDatetime(str(a[0], i), a.length > 1 ? str(a[1], i) : 'yyyy-MM-dd HH:mm:ss', ctx.timeZone, { ...ctx, ansi: false }),
    { optional: 1 }),
  fixed('to_timestamp_ltz', [StringType, StringType], TimestampType,
    (a, i, ctx) => parseDatetime(str(a[0], i), a.length > 1 ? str(a[1], i) : 'yyyy-MM-dd HH:mm:ss', ctx.timeZone, ctx),
    { optional: 1 }),
  fixed('to_timestamp_ntz', [StringType, StringType], TimestampNTZType,
    (a, i, ctx) => parseDatetime(str(a[0], i), a.length > 1 ? str(a[1], i) : 'yyyy-MM-dd HH:mm:ss', TimeZone.UTC, ctx),
    { optional: 1 }),
  fixed('date_format', [TimestampType, StringType], StringType,
    (a, i, ctx) => formatDatetime(num(a[0], i), str(a[1], i), ctx.timeZone)),
  fixed('unix_timestamp', [TimestampType], LongType, (a, i) => Math.floor(num(a[0], i) / 1_000_000)),
  fixed('from_unixtime', [LongType, StringType], StringType,
    (a, i, ctx) => formatDatetime(num(a[0], i) * 1_000_000, a.length > 1 ? str(a[1], i) : 'yyyy-MM-dd HH:mm:ss', ctx.timeZone),
    { optional: 1 }),
  epochTimestamp('timestamp_seconds', 'seconds', 1_000_000n),
  makeDate,
  makeTimestamp('make_timestamp', TimestampType, false),
  makeTimestamp('try_make_timestamp', TimestampType, true),
  makeTimestamp('make_timestamp_ltz', TimestampType, false),
  makeTimestamp('try_make_timestamp_ltz', TimestampType, true),
  makeTimestamp('make_timestamp_ntz', TimestampNTZType, false),
  makeTimestamp('try_make_timestamp_ntz', TimestampNTZType, true),
  epochTimestamp('timestamp_millis', 'milliseconds', 1_000n),
  epochTimestamp('timestamp_micros', 'microseconds', 1n),
  fixed('unix_seconds', [TimestampType], LongType, (a, i) => Math.floor(num(a[0], i) / 1_000_000)),
  fixed('unix_millis', [TimestampType], LongType, (a, i) => Math.floor(num(a[0], i) / 1_000)),
  fixed('unix_micros', [TimestampType], LongType, (a, i) => num(a[0], i)),
  fixed('unix_date', [DateType], IntegerType, (a, i) => num(a[0], i)),
  fixed('date_from_unix_date', [IntegerType], DateType, (a, i) => num(a[0], i)),
];

/**
 * Without a format, Spark's to_date and to_timestamp(_ltz/_ntz) are casts of their argument
 * (ParseToDate/ParseToTimestamp become Cast), so '2001-01-01 00:00:00' is a date and '2003-01-01'
 * a timestamp; with a format they parse by its pattern.
 */
function castWithoutFormat(fn: ScalarFunction, type: DataType): ScalarFunction {
  return {
    ...fn,
    bind(types, constants, settings) {
      const bound = fn.bind(types, constants, settings);
      if (types.length !== 1 || bound.argTypes[0].kind !== 'string') return bound;
      return {
        ...bound,
        evaluate: ([a], n, ctx) => mapRows(type, [a], n, (i) => castScalar(str(a, i), StringType, type, ctx)),
      };
    },
  };
}

const FORMATLESS_CASTS: Record<string, DataType> = {
  to_date: DateType, to_timestamp: TimestampType, to_timestamp_ltz: TimestampType, to_timestamp_ntz: TimestampNTZType,
};
for (const [i, fn] of datetimeFunctions.entries()) {
  const type = FORMATLESS_CASTS[fn.name];
  if (type) datetimeFunctions[i] = castWithoutFormat(fn, type);
}
