// Spark's TIME functions: make_time, current_time, to_time/try_to_time, time_trunc, time_diff.
// TIME values are nanoseconds since midnight (common/time_values.ts). hour/minute/second read a
// TIME through its cast to TIMESTAMP (the date does not matter to them).

import { TimeZone } from '../../common/time_zone.js';
import { QuarryError, SqlState } from '../../common/errors.js';
import {
  DataType, DayTimeIntervalType, IntegerType, LongType, StringType, decimalType, isAnyTimestamp, isTimestampNanos, timeType,
} from '../../common/types.js';
import { commonType } from './coercion.js';
import { Scalar, getScalar } from '../../common/vector.js';
import { NANOS_PER_DAY, NANOS_PER_SECOND, formatTime, parseTime, truncateTime } from '../../common/time_values.js';
import { formatIntervalAnsi } from '../../common/interval_text.js';
import { wrongArgs } from './conditional.js';
import { BoundScalarFunction, ScalarFunction, callDisplay, infixDisplay } from './function.js';
import { mapRows } from './kernels.js';
import { simpleFunction } from './simple_function.js';
import { statementTime } from './datetime.js';
import { parseDatetime } from './datetime_patterns.js';

const DEFAULT_TIME = timeType(6);

/** Nanoseconds in each unit time_trunc and time_diff accept. */
const UNIT_NANOS: Record<string, number> = {
  HOUR: 3600 * NANOS_PER_SECOND, MINUTE: 60 * NANOS_PER_SECOND, SECOND: NANOS_PER_SECOND,
  MILLISECOND: 1_000_000, MICROSECOND: 1_000,
};

function unitNanos(fn: string, unit: string): number {
  const nanos = UNIT_NANOS[unit.trim().toUpperCase()];
  if (nanos === undefined) {
    throw new QuarryError(SqlState.invalidParameterValue,
      `[INVALID_PARAMETER_VALUE.TIME_UNIT] The value of parameter(s) \`unit\` in \`${fn}\` is invalid: expects one of the units without quotes HOUR, MINUTE, SECOND, MILLISECOND, MICROSECOND, but got the string literal '${unit}'.`,
      undefined, 'INVALID_PARAMETER_VALUE.TIME_UNIT');
  }
  return nanos;
}

const outOfBounds = (message: string) => new QuarryError(SqlState.invalidParameterValue,
  `[DATETIME_FIELD_OUT_OF_BOUNDS.WITHOUT_SUGGESTION] ${message}. If necessary set "spark.sql.ansi.enabled" to "false" to bypass this error.`,
  undefined, 'DATETIME_FIELD_OUT_OF_BOUNDS.WITHOUT_SUGGESTION');

/** The precision of a TIME argument, TIME(6) for anything else (a string cast to TIME). */
const timeArg = (t: DataType): DataType => (t.kind === 'time' ? t : DEFAULT_TIME);

/** make_time(hour, minute, second): second is DECIMAL(16,6) and must stay below 60. */
const makeTime = simpleFunction('make_time', [IntegerType, IntegerType, decimalType(16, 6)], DEFAULT_TIME, (a, i) => {
  const h = Number(getScalar(a[0], i)), mi = Number(getScalar(a[1], i));
  const secMicros = Number(getScalar(a[2], i)); // decimal(16,6): unscaled microseconds
  if (h < 0 || h > 23) throw outOfBounds(`Invalid value for HourOfDay (valid values 0 - 23): ${h}`);
  if (mi < 0 || mi > 59) throw outOfBounds(`Invalid value for MinuteOfHour (valid values 0 - 59): ${mi}`);
  if (secMicros < 0 || secMicros >= 60_000_000) throw outOfBounds(`Invalid value for SecondOfMinute (valid values 0 - 59): ${Math.floor(secMicros / 1_000_000)}`);
  return ((h * 60 + mi) * 60) * NANOS_PER_SECOND + secMicros * 1000;
});

/** current_time([p]): the statement's wall-clock time in the session zone, as TIME(p). */
const currentTime: ScalarFunction = {
  name: 'current_time',
  bind(types, constants) {
    if (types.length > 1) throw wrongArgs('current_time', '[0, 1]', types.length);
    const precision = types.length === 1 ? Number(constants?.[0] ?? 6) : 6;
    if (!Number.isInteger(precision) || precision < 0 || precision > 9) {
      throw new QuarryError('0A001', `[UNSUPPORTED_TIME_PRECISION] The seconds precision ${precision} of the TIME data type is out of the supported range [0, 9].`, undefined, 'UNSUPPORTED_TIME_PRECISION');
    }
    const type = timeType(precision);
    return {
      name: 'current_time', argTypes: types.length ? [IntegerType] : [], returnType: type, display: callDisplay('current_time'),
      evaluate: (_args, n, ctx) => {
        const localMs = ctx.timeZone.toLocal(statementTime(ctx) * 1000) / 1000;
        const nanos = truncateTime((((localMs % 86_400_000) + 86_400_000) % 86_400_000) * 1_000_000, precision);
        return mapRows(type, [], n, () => nanos);
      },
    };
  },
};

/** to_time(text [, pattern]) and try_to_time: TIME(6); to_time raises on unreadable text under ANSI. */
function toTime(name: string, tryForm: boolean): ScalarFunction {
  return simpleFunction(name, [StringType, StringType], DEFAULT_TIME, (a, i, ctx) => {
    const text = getScalar(a[0], i) as string;
    let nanos: number | null;
    if (a.length > 1) {
      const micros = parseDatetime(text, getScalar(a[1], i) as string, TimeZone.UTC, { ...ctx, ansi: false });
      nanos = micros === null ? null : (((micros % 86_400_000_000) + 86_400_000_000) % 86_400_000_000) * 1000;
    } else nanos = parseTime(text);
    if (nanos !== null) return nanos;
    if (tryForm || !ctx.ansi) return null;
    throw new QuarryError('22018',
      `[CANNOT_PARSE_TIME] The input string '${text}' cannot be parsed to a TIME value because it does not match to the datetime format. Use \`try_to_time\` to tolerate invalid input string and return NULL instead.`,
      undefined, 'CANNOT_PARSE_TIME');
  }, { optional: 1 });
}

/** time_trunc(unit, time): the time with the parts below `unit` zeroed, in the input's precision. */
const timeTrunc: ScalarFunction = {
  name: 'time_trunc',
  bind(types) {
    if (types.length !== 2) throw wrongArgs('time_trunc', 2, types.length);
    const type = timeArg(types[1]);
    return {
      name: 'time_trunc', argTypes: [StringType, type], returnType: type, display: callDisplay('time_trunc'),
      evaluate: (args, n) => mapRows(type, args, n, (i) => {
        const step = unitNanos('time_trunc', getScalar(args[0], i) as string);
        const nanos = getScalar(args[1], i) as number;
        return nanos - (nanos % step);
      }),
    };
  },
};

/** time_diff(unit, start, end): whole units from start to end (negative when end is earlier). */
const timeDiff: ScalarFunction = {
  name: 'time_diff',
  bind(types) {
    if (types.length !== 3) throw wrongArgs('time_diff', 3, types.length);
    return {
      name: 'time_diff', argTypes: [StringType, timeArg(types[1]), timeArg(types[2])], returnType: LongType, display: callDisplay('time_diff'),
      evaluate: (args, n) => mapRows(LongType, args, n, (i): Scalar => {
        const step = unitNanos('time_diff', getScalar(args[0], i) as string);
        return Math.trunc(((getScalar(args[2], i) as number) - (getScalar(args[1], i) as number)) / step);
      }),
    };
  },
};

/**
 * TIME - TIME is the day-time interval between them; TIME ± a day-time interval is a TIME of at
 * least microsecond precision, which must stay within the day (Spark's DATETIME_OVERFLOW otherwise).
 */
export function timeArithmetic(op: string, types: readonly DataType[]): BoundScalarFunction | null {
  if (op !== 'add' && op !== 'subtract') return null;
  const [a, b] = types;
  const symbol = op === 'add' ? '+' : '-';
  if (op === 'subtract' && a.kind === 'time' && (b.kind === 'time' || b.kind === 'string')) {
    const operand = b.kind === 'time' && b.precision > a.precision ? b : a;
    return {
      name: op, argTypes: [operand, operand], returnType: DayTimeIntervalType, display: infixDisplay(symbol),
      // Quarry's day-time intervals count microseconds: the sub-microsecond digits are dropped.
      evaluate: (args, n) => mapRows(DayTimeIntervalType, args, n, (i) =>
        Math.trunc(((getScalar(args[0], i) as number) - (getScalar(args[1], i) as number)) / 1000)),
    };
  }
  const nanos = nanosTimestampArithmetic(op, a, b);
  if (nanos) return nanos;
  const swapped = op === 'add' && b.kind === 'time' && a.kind === 'interval_dt';
  const [time, interval] = swapped ? [b, a] : [a, b];
  if (time.kind !== 'time' || interval.kind !== 'interval_dt') return null;
  const result = timeType(Math.max(time.precision, 6));
  const sign = op === 'add' ? 1 : -1;
  return {
    name: op, argTypes: swapped ? [interval, time] : [time, interval], returnType: result, display: infixDisplay(symbol),
    evaluate: (args, n) => mapRows(result, args, n, (i) => {
      const nanos = getScalar(args[swapped ? 1 : 0], i) as number;
      const micros = getScalar(args[swapped ? 0 : 1], i) as number;
      const sum = nanos + sign * micros * 1000;
      if (sum < 0 || sum >= NANOS_PER_DAY) {
        throw new QuarryError('22008',
          `[DATETIME_OVERFLOW] Datetime operation overflow: ${symbol === '+' ? 'add' : 'subtract'} ${formatIntervalAnsi(micros, interval as DayTimeIntervalType)} ${symbol === '+' ? 'to' : 'from'} TIME '${formatTime(nanos)}'.`,
          undefined, 'DATETIME_OVERFLOW');
      }
      return sum;
    }),
  };
}

/**
 * A nanosecond timestamp ± a day-time interval keeps its type; the difference of two timestamps
 * (one of them nanosecond, the other any timestamp of the same zone family) is a day-time interval,
 * whose microseconds drop the sub-microsecond digits.
 */
function nanosTimestampArithmetic(op: string, a: DataType, b: DataType): BoundScalarFunction | null {
  const symbol = op === 'add' ? '+' : '-';
  const swapped = op === 'add' && a.kind === 'interval_dt' && isTimestampNanos(b);
  const [ts, other] = swapped ? [b, a] : [a, b];
  if (isTimestampNanos(ts) && other.kind === 'interval_dt') {
    const sign = op === 'add' ? 1n : -1n;
    return {
      name: op, argTypes: swapped ? [other, ts] : [ts, other], returnType: ts, display: infixDisplay(symbol),
      evaluate: (args, n) => mapRows(ts, args, n, (i) =>
        (getScalar(args[swapped ? 1 : 0], i) as bigint) + sign * BigInt(getScalar(args[swapped ? 0 : 1], i) as number) * 1000n),
    };
  }
  if (op !== 'subtract' || !(isTimestampNanos(a) || isTimestampNanos(b)) || !isAnyTimestamp(a) || !isAnyTimestamp(b)) return null;
  const common = commonType(a, b);
  if (common === null || !isTimestampNanos(common)) return null;
  return {
    name: op, argTypes: [common, common], returnType: DayTimeIntervalType, display: infixDisplay(symbol),
    evaluate: (args, n) => mapRows(DayTimeIntervalType, args, n, (i) =>
      Number(((getScalar(args[0], i) as bigint) - (getScalar(args[1], i) as bigint)) / 1000n)),
  };
}

export const timeFunctions: ScalarFunction[] = [
  makeTime, currentTime, toTime('to_time', false), toTime('try_to_time', true), timeTrunc, timeDiff,
];

