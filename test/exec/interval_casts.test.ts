import { describe, expect, it } from 'vitest';
import {
  ByteType, CalendarIntervalType, DAY, DataType, HOUR, IntegerType, LongType, MINUTE, MONTH, SECOND, ShortType, StringType, YEAR,
  dayTimeIntervalType, decimalType, parseIntervalTypeName, typeToString, yearMonthIntervalType,
} from '../../src/common/types.js';
import { QuarryError } from '../../src/common/errors.js';
import { Scalar, getScalar, vectorFromScalars } from '../../src/common/vector.js';
import { formatIntervalAnsi, parseDayTimeInterval, parseYearMonthInterval } from '../../src/common/interval_text.js';
import { defaultExecutionContext } from '../../src/exec/context.js';
import { CastMode, castVector } from '../../src/exec/expressions/cast.js';

const H = 3_600_000_000, M = 60_000_000, S = 1_000_000, D = 24 * H;

function cast(value: Scalar, from: DataType, to: DataType, mode: CastMode = 'ansi'): Scalar {
  const ctx = { ...defaultExecutionContext, ansi: mode === 'ansi' };
  return getScalar(castVector(vectorFromScalars(from, [value]), to, ctx, mode), 0);
}

function errorClass(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof QuarryError ? e.errorClass : 'not a QuarryError';
  }
  return undefined;
}

describe('interval types', () => {
  it('carry their fields in names and parse back', () => {
    expect(typeToString(dayTimeIntervalType(DAY, DAY))).toBe('interval day');
    expect(typeToString(dayTimeIntervalType(HOUR, SECOND))).toBe('interval hour to second');
    expect(typeToString(yearMonthIntervalType(YEAR, YEAR))).toBe('interval year');
    expect(typeToString(CalendarIntervalType)).toBe('interval');
    expect(parseIntervalTypeName('INTERVAL minute TO second')).toEqual(dayTimeIntervalType(MINUTE, SECOND));
    expect(parseIntervalTypeName('interval second to day')).toBeUndefined();
    expect(parseIntervalTypeName('INTERVAL')).toEqual(CalendarIntervalType);
  });

  it('print values as Spark ANSI literals for their fields', () => {
    expect(formatIntervalAnsi(-10_123_456, dayTimeIntervalType(SECOND, SECOND))).toBe("INTERVAL '-10.123456' SECOND");
    expect(formatIntervalAnsi(3 * H, dayTimeIntervalType(HOUR, HOUR))).toBe("INTERVAL '03' HOUR");
    expect(formatIntervalAnsi(-22 * H, dayTimeIntervalType(DAY, HOUR))).toBe("INTERVAL '-0 22' DAY TO HOUR");
    expect(formatIntervalAnsi(3 * D + S, dayTimeIntervalType(DAY, SECOND))).toBe("INTERVAL '3 00:00:01' DAY TO SECOND");
    expect(formatIntervalAnsi(-122, yearMonthIntervalType(YEAR, MONTH))).toBe("INTERVAL '-10-2' YEAR TO MONTH");
    expect(formatIntervalAnsi(-12, yearMonthIntervalType(YEAR, YEAR))).toBe("INTERVAL '-1' YEAR");
    expect(formatIntervalAnsi(1000, yearMonthIntervalType(MONTH, MONTH))).toBe("INTERVAL '1000' MONTH");
  });

  it('read only the text forms of the target type', () => {
    expect(parseDayTimeInterval('1 10:30', dayTimeIntervalType(DAY, MINUTE))).toBe(D + 10 * H + 30 * M);
    expect(parseDayTimeInterval("INTERVAL -'-12:00:01.5' HOUR TO SECOND", dayTimeIntervalType(HOUR, SECOND))).toBe(12 * H + 1_500_000);
    expect(parseDayTimeInterval('-10.123456789', dayTimeIntervalType(SECOND, SECOND))).toBe(-10_123_456);
    expect(parseYearMonthInterval("interval '3-1' year to month", yearMonthIntervalType(YEAR, MONTH))).toBe(37);
    expect(() => parseDayTimeInterval('2 days 3 hours', dayTimeIntervalType(DAY, HOUR))).toThrow(/does not match day-time format/);
    expect(() => parseDayTimeInterval('1 25', dayTimeIntervalType(DAY, HOUR))).toThrow(/hour 25 outside range/);
    expect(() => parseYearMonthInterval('10', yearMonthIntervalType(YEAR, MONTH))).toThrow(/year-month format/);
  });
});

describe('interval casts', () => {
  it('count the end field when meeting numbers', () => {
    expect(cast(1, ByteType, yearMonthIntervalType(YEAR, YEAR))).toBe(12);
    expect(cast(100, ByteType, dayTimeIntervalType(HOUR, SECOND))).toBe(100 * S);
    expect(cast(-122, yearMonthIntervalType(YEAR, MONTH), ShortType)).toBe(-122);
    expect(cast(-(D + 2 * H + 3 * M + 4_123_000), dayTimeIntervalType(DAY, SECOND), IntegerType)).toBe(-93784);
    expect(cast(10 * D, dayTimeIntervalType(DAY, DAY), LongType)).toBe(10);
  });

  it('round decimals half up, then drop what lies below the end field', () => {
    expect(cast(80_654_321, decimalType(8, 6), dayTimeIntervalType(HOUR, MINUTE))).toBe(80 * M);
    expect(cast(10_654_321, decimalType(8, 6), yearMonthIntervalType(MONTH, MONTH))).toBe(11);
    expect(cast(10_005_000, dayTimeIntervalType(SECOND, SECOND), decimalType(4, 2))).toBe(1001);
    expect(cast(8 * H + 11 * M + 10_001_000, dayTimeIntervalType(HOUR, SECOND), decimalType(10, 4))).toBe(294_700_010);
  });

  it('raise overflow even outside ANSI mode, and only TRY_CAST gives NULL', () => {
    expect(errorClass(() => cast(2147483647, IntegerType, yearMonthIntervalType(YEAR, YEAR)))).toBe('CAST_OVERFLOW');
    expect(errorClass(() => cast(1_000_000 * S, dayTimeIntervalType(SECOND, SECOND), ShortType, 'legacy'))).toBe('CAST_OVERFLOW');
    expect(errorClass(() => cast(10_123_000, dayTimeIntervalType(SECOND, SECOND), decimalType(1, 0), 'legacy'))).toBe('NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION');
    expect(cast(1_000_000 * S, dayTimeIntervalType(SECOND, SECOND), ShortType, 'try')).toBeNull();
  });

  it('convert between fields of one kind by truncation, and to text the ANSI way', () => {
    expect(cast(D + 10 * H + 30 * M, dayTimeIntervalType(DAY, MINUTE), dayTimeIntervalType(DAY, DAY))).toBe(D);
    expect(cast(27, yearMonthIntervalType(YEAR, MONTH), yearMonthIntervalType(YEAR, YEAR))).toBe(24);
    expect(cast(37, yearMonthIntervalType(YEAR, MONTH), StringType)).toBe("INTERVAL '3-1' YEAR TO MONTH");
    expect(errorClass(() => cast('1 day', StringType, dayTimeIntervalType(DAY, SECOND)))).toBe('INVALID_INTERVAL_FORMAT.UNMATCHED_FORMAT_STRING');
  });

  it('read legacy interval text into a bare INTERVAL, NULL when malformed', () => {
    expect(cast('interval 1 day 2.5 seconds', StringType, CalendarIntervalType)).toBe(D + 2_500_000);
    expect(cast('soon', StringType, CalendarIntervalType)).toBeNull();
    expect(cast(D + 2_500_000, CalendarIntervalType, StringType)).toBe('1 days 2.5 seconds');
  });
});
