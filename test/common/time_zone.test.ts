import { describe, expect, it } from 'vitest';
import { TimeZone, parseZoneOffset } from '../../src/common/time_zone.js';
import { formatTimestamp, parseTimestamp } from '../../src/common/values.js';

const utcMicros = (iso: string) => Date.parse(iso) * 1000;
const LA = TimeZone.of('America/Los_Angeles');

describe('TimeZone', () => {
  it('follows a region through daylight saving time and its history', () => {
    expect(LA.offsetAtInstant(utcMicros('2024-01-15T12:00:00Z'))).toBe(-8 * 3600);
    expect(LA.offsetAtInstant(utcMicros('2024-07-15T12:00:00Z'))).toBe(-7 * 3600);
    // The change happens at 2:00 local standard time (10:00 UTC), to the second.
    expect(LA.offsetAtInstant(utcMicros('2024-03-10T09:59:59Z'))).toBe(-8 * 3600);
    expect(LA.offsetAtInstant(utcMicros('2024-03-10T10:00:00Z'))).toBe(-7 * 3600);
    // Local mean time before the railways' standard time (1883), as java.time has it.
    expect(LA.offsetAtInstant(utcMicros('1800-06-01T00:00:00Z'))).toBe(-(7 * 3600 + 52 * 60 + 58));
    expect(LA.offsetAtInstant(utcMicros('0100-06-01T00:00:00Z'))).toBe(-(7 * 3600 + 52 * 60 + 58));
  });

  it('maps wall-clock times in gaps and overlaps as java.time does', () => {
    const local = (iso: string) => utcMicros(iso + 'Z');
    // 02:30 does not exist on 2024-03-10: it moves an hour later, to 03:30 PDT (10:30 UTC).
    expect(LA.fromLocal(local('2024-03-10T02:30:00'))).toBe(utcMicros('2024-03-10T10:30:00Z'));
    // 01:30 happens twice on 2024-11-03: the earlier offset (PDT) wins.
    expect(LA.fromLocal(local('2024-11-03T01:30:00'))).toBe(utcMicros('2024-11-03T08:30:00Z'));
    expect(LA.fromLocal(local('2024-06-01T12:00:00'))).toBe(utcMicros('2024-06-01T19:00:00Z'));
    expect(LA.toLocal(utcMicros('2024-06-01T19:00:00Z'))).toBe(local('2024-06-01T12:00:00'));
  });

  it('accepts offsets, UTC synonyms and Java short IDs, and refuses the rest', () => {
    expect(TimeZone.of('+05:30').fixedOffsetSeconds).toBe(19_800);
    expect(TimeZone.of('GMT-8').fixedOffsetSeconds).toBe(-28_800);
    expect(TimeZone.of('Z').fixedOffsetSeconds).toBe(0);
    expect(TimeZone.of('EST').fixedOffsetSeconds).toBe(-18_000);
    expect(TimeZone.of('PST').offsetAtInstant(utcMicros('2024-07-01T00:00:00Z'))).toBe(-7 * 3600);
    expect(parseZoneOffset('+19:00')).toBeUndefined();
    expect(() => TimeZone.of('Mars/Olympus_Mons')).toThrowError(/INVALID_TIMEZONE/);
    expect(TimeZone.tryOf('not a zone')).toBeUndefined();
  });

  it('reads and writes timestamp text in a zone', () => {
    const micros = parseTimestamp('2024-07-04 09:00:00', LA)!;
    expect(micros).toBe(utcMicros('2024-07-04T16:00:00Z'));
    expect(formatTimestamp(micros, LA)).toBe('2024-07-04 09:00:00');
    expect(formatTimestamp(micros, TimeZone.of('Europe/Paris'))).toBe('2024-07-04 18:00:00');
    // A zone in the text wins over the session's.
    expect(parseTimestamp('2024-07-04 09:00:00 Europe/Paris', LA)).toBe(utcMicros('2024-07-04T07:00:00Z'));
    expect(parseTimestamp('2024-07-04T09:00:00+02:00', LA)).toBe(utcMicros('2024-07-04T07:00:00Z'));
    expect(parseTimestamp('2024-07-04 09:00:00 Nowhere/Special', LA)).toBeNull();
  });
});
