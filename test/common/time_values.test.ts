// TIME and nanosecond timestamp values: parsing, formatting and Spark's floor-style truncation,
import { TimeZone } from '../../src/common/time_zone.js';
// before the epoch too.

import { describe, expect, it } from 'vitest';
import {
  formatTime, formatTimestampNanos, nanosToMicros, parseTime, parseTimestampNanos, timeOfDayNanos, truncateNanos, truncateTime,
} from '../../src/common/time_values.js';

describe('time values', () => {
  it('parses and formats times of day down to nanoseconds', () => {
    expect(parseTime('0:0:0')).toBe(0);
    expect(parseTime(' 23:59:59.999999999 ')).toBe(86_399_999_999_999);
    expect(parseTime('12:34')).toBe((12 * 60 + 34) * 60e9);
    for (const bad of ['24:00:00', '12:60:00', '12:00:60', '12:00:00.', '12:00:00.1234567891', 'noon', '']) expect(parseTime(bad)).toBeNull();
    expect(formatTime(45_296_500_000_000)).toBe('12:34:56.5');
    expect(formatTime(1)).toBe('00:00:00.000000001');
    expect(truncateTime(45_296_789_012_345, 3)).toBe(45_296_789_000_000);
    expect(truncateTime(45_296_789_012_345, 0)).toBe(45_296_000_000_000);
  });

  it('floors nanosecond timestamps toward -infinity, before 1970 as after', () => {
    expect(truncateNanos(-1n, 7)).toBe(-100n);
    expect(truncateNanos(123_456_789n, 8)).toBe(123_456_780n);
    expect(nanosToMicros(-1n)).toBe(-1);
    expect(nanosToMicros(1_999n)).toBe(1);
    expect(timeOfDayNanos(-1n)).toBe(86_399_999_999_999);
  });

  it('reads and writes all nine digits, across the whole int64 range of nanoseconds', () => {
    const max = parseTimestampNanos('2262-04-11 23:47:16.854775807');
    expect(max).toBe(9_223_372_036_854_775_807n);
    expect(formatTimestampNanos(max!)).toBe('2262-04-11 23:47:16.854775807');
    expect(formatTimestampNanos(parseTimestampNanos('1960-01-01 00:00:00.000000001')!)).toBe('1960-01-01 00:00:00.000000001');
    expect(formatTimestampNanos(parseTimestampNanos('9999-12-31 23:59:59.999999999')!)).toBe('9999-12-31 23:59:59.999999999');
    expect(formatTimestampNanos(0n, TimeZone.of('America/Los_Angeles'))).toBe('1969-12-31 16:00:00');
    expect(parseTimestampNanos('2020-01-01 00:00:00.5', TimeZone.of('+01:00'))).toBe(1_577_833_200_500_000_000n);
    expect(parseTimestampNanos('2020-13-01')).toBeNull();
  });
});
