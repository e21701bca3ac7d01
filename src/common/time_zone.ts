// Session time zones as Spark (java.time) resolves them: region IDs with their full history of
// offsets (America/Los_Angeles, LMT before 1883 included), fixed offsets, and Java's short IDs.

import { QuarryError } from './errors.js';

const MICROS_PER_SECOND = 1_000_000;
const SECONDS_PER_WEEK = 7 * 86_400;
/** Before this instant (1800-01-01) every zone keeps its earliest (local mean time) offset. */
const EARLIEST_SECOND = Date.UTC(1800, 0, 1) / 1000;

/** Java's ZoneId.SHORT_IDS, which Spark consults for three-letter zone names. */
const SHORT_IDS: Record<string, string> = {
  ACT: 'Australia/Darwin', AET: 'Australia/Sydney', AGT: 'America/Argentina/Buenos_Aires', ART: 'Africa/Cairo',
  AST: 'America/Anchorage', BET: 'America/Sao_Paulo', BST: 'Asia/Dhaka', CAT: 'Africa/Harare',
  CNT: 'America/St_Johns', CST: 'America/Chicago', CTT: 'Asia/Shanghai', EAT: 'Africa/Addis_Ababa',
  ECT: 'Europe/Paris', IET: 'America/Indiana/Indianapolis', IST: 'Asia/Kolkata', JST: 'Asia/Tokyo',
  MIT: 'Pacific/Apia', NET: 'Asia/Yerevan', NST: 'Pacific/Auckland', PLT: 'Asia/Karachi',
  PNT: 'America/Phoenix', PRT: 'America/Puerto_Rico', PST: 'America/Los_Angeles', SST: 'Pacific/Guadalcanal',
  VST: 'Asia/Ho_Chi_Minh', EST: '-05:00', MST: '-07:00', HST: '-10:00',
};

/** A zone's offsets over one calendar year (UTC), found once and kept. */
interface YearOffsets {
  readonly startOffset: number;
  /** Instants (seconds) where the offset changes within the year, and the offset from then on. */
  readonly transitions: readonly (readonly [number, number])[];
}

export class TimeZone {
  static readonly UTC = new TimeZone('UTC', 0);
  private static readonly cache = new Map<string, TimeZone>();

  private readonly years = new Map<number, YearOffsets>();
  /** The year the last lookup fell in: timestamps of a batch mostly share one. */
  private recent = { start: 0, end: 0, offsets: { startOffset: 0, transitions: [] } as YearOffsets };
  private readonly format?: Intl.DateTimeFormat;
  /** Made on first use: only datetime patterns with `z` need zone abbreviations. */
  private names?: Intl.DateTimeFormat;

  private constructor(
    /** The name as the user gave it (what SHOW and current_timezone() answer). */
    readonly name: string,
    /** Set for zones whose offset never changes: the fast path of every conversion. */
    readonly fixedOffsetSeconds?: number,
    region?: string,
  ) {
    if (region) {
      this.format = new Intl.DateTimeFormat('en-US', {
        timeZone: region, hourCycle: 'h23',
        year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
      });
    }
  }

  /** The zone a session setting or a function argument names; Spark's INVALID_TIMEZONE if none. */
  static of(id: string): TimeZone {
    const cached = TimeZone.cache.get(id);
    if (cached) return cached;
    const zone = TimeZone.resolve(id);
    if (!zone) {
      throw new QuarryError('22009',
        `[INVALID_TIMEZONE] The timezone: ${id} is invalid. The timezone must be either a region-based zone ID or a zone offset. Region IDs must have the form 'area/city', such as 'America/Los_Angeles'. Zone offsets must be in the format '(+|-)HH', '(+|-)HH:mm' or '(+|-)HH:mm:ss', e.g '-08', '+01:00' or '-13:33:33', and must be in the range from -18:00 to +18:00. 'Z' and 'UTC' are accepted as synonyms for '+00:00'.`,
        undefined, 'INVALID_TIMEZONE');
    }
    if (TimeZone.cache.size > 1000) TimeZone.cache.clear();
    TimeZone.cache.set(id, zone);
    return zone;
  }

  /** The zone, or undefined when the text names none. */
  static tryOf(id: string): TimeZone | undefined {
    try {
      return TimeZone.of(id);
    } catch {
      return undefined;
    }
  }

  private static resolve(id: string): TimeZone | undefined {
    const text = id.trim();
    if (/^(Z|UTC|GMT|UT|Etc\/UTC|Etc\/GMT|Etc\/UCT|UCT|Universal|Zulu)$/i.test(text)) return new TimeZone(id, 0);
    const offset = parseZoneOffset(text);
    if (offset !== undefined) return new TimeZone(id, offset);
    const region = SHORT_IDS[text.toUpperCase()] ?? text;
    const regionOffset = parseZoneOffset(region);
    if (regionOffset !== undefined) return new TimeZone(id, regionOffset);
    if (!/^[A-Za-z][A-Za-z0-9_+\-]*(\/[A-Za-z0-9_+\-]+)*$/.test(region)) return undefined;
    try {
      return new TimeZone(id, undefined, region);
    } catch {
      return undefined;
    }
  }

  /** The offset from UTC (seconds) in force at an instant given in microseconds since the epoch. */
  offsetAtInstant(micros: number): number {
    if (this.fixedOffsetSeconds !== undefined) return this.fixedOffsetSeconds;
    const seconds = Math.max(Math.floor(micros / MICROS_PER_SECOND), EARLIEST_SECOND);
    if (seconds < this.recent.start || seconds >= this.recent.end) {
      const year = new Date(seconds * 1000).getUTCFullYear();
      this.recent = { start: Date.UTC(year, 0, 1) / 1000, end: Date.UTC(year + 1, 0, 1) / 1000, offsets: this.yearOffsets(year) };
    }
    const offsets = this.recent.offsets;
    let offset = offsets.startOffset;
    for (const [at, after] of offsets.transitions) {
      if (seconds < at) break;
      offset = after;
    }
    return offset;
  }

  /** An instant (micros) → its wall-clock time in this zone, as micros of a UTC-based calendar. */
  toLocal(micros: number): number {
    return micros + this.offsetAtInstant(micros) * MICROS_PER_SECOND;
  }

  /**
   * A wall-clock time → the instant, as java.time does it: in an overlap (clocks set back) the
   * earlier offset wins, and a time in a gap (clocks set forward) moves later by the gap's length.
   */
  fromLocal(local: number): number {
    if (this.fixedOffsetSeconds !== undefined) return local - this.fixedOffsetSeconds * MICROS_PER_SECOND;
    const day = 86_400 * MICROS_PER_SECOND;
    const before = this.offsetAtInstant(local - day), after = this.offsetAtInstant(local + day);
    const early = local - before * MICROS_PER_SECOND;
    if (before === after || this.offsetAtInstant(early) === before) return early;
    const late = local - after * MICROS_PER_SECOND;
    return this.offsetAtInstant(late) === after ? late : early;
  }

  /** The zone's abbreviation at an instant, as a datetime pattern's `z` prints it: `PDT`, `UTC`, `+05:30`. */
  shortName(micros: number): string {
    if (this.fixedOffsetSeconds === 0) return 'UTC';
    if (this.fixedOffsetSeconds !== undefined) return formatOffset(this.fixedOffsetSeconds);
    this.names ??= new Intl.DateTimeFormat('en-US', { timeZone: this.format!.resolvedOptions().timeZone, timeZoneName: 'short' });
    return this.names.formatToParts(new Date(Math.floor(micros / 1000))).find((p) => p.type === 'timeZoneName')?.value ?? this.name;
  }

  /** The offset (seconds) fromLocal applies to a wall-clock time. */
  offsetAtLocal(local: number): number {
    return (local - this.fromLocal(local)) / MICROS_PER_SECOND;
  }

  private yearOffsets(year: number): YearOffsets {
    let offsets = this.years.get(year);
    if (!offsets) {
      offsets = this.scanYear(year);
      this.years.set(year, offsets);
    }
    return offsets;
  }

  /** Samples the year weekly and pins each change of offset to its second by bisection. */
  private scanYear(year: number): YearOffsets {
    const start = Date.UTC(year, 0, 1) / 1000, end = Date.UTC(year + 1, 0, 1) / 1000;
    const startOffset = this.offsetFromIntl(start);
    const transitions: [number, number][] = [];
    let previous = start, previousOffset = startOffset;
    for (let t = start + SECONDS_PER_WEEK; previous < end; t = Math.min(t + SECONDS_PER_WEEK, end)) {
      const offset = this.offsetFromIntl(t);
      if (offset !== previousOffset) {
        let lo = previous, hi = t;
        while (hi - lo > 1) {
          const mid = Math.floor((lo + hi) / 2);
          if (this.offsetFromIntl(mid) === previousOffset) lo = mid; else hi = mid;
        }
        if (hi < end) transitions.push([hi, offset]);
      }
      previous = t;
      previousOffset = offset;
      if (t === end) break;
    }
    return { startOffset, transitions };
  }

  /** The zone's offset at an instant, read from the wall clock ICU shows for it. */
  private offsetFromIntl(seconds: number): number {
    const parts: Record<string, string> = {};
    for (const p of this.format!.formatToParts(new Date(seconds * 1000))) parts[p.type] = p.value;
    const wall = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
    return Math.round(wall / 1000 - seconds);
  }
}

/** Seconds east of UTC → `+05:30`, `-08:00`, `-07:52:58`. */
function formatOffset(seconds: number): string {
  const abs = Math.abs(seconds);
  const pad = (n: number) => String(n).padStart(2, '0');
  const hm = `${seconds < 0 ? '-' : '+'}${pad(Math.floor(abs / 3600))}:${pad(Math.floor(abs % 3600 / 60))}`;
  return abs % 60 ? `${hm}:${pad(abs % 60)}` : hm;
}

/** `+01`, `-08:00`, `+05:30:15`, `UTC+1`, `GMT-08:00` … → seconds; undefined if not an offset. */
export function parseZoneOffset(text: string): number | undefined {
  const m = /^(?:UTC|GMT|UT)?([+-])(\d{1,2})(?::?(\d{2})(?::?(\d{2}))?)?$/i.exec(text.trim());
  if (!m) return undefined;
  const hours = +m[2], minutes = m[3] ? +m[3] : 0, seconds = m[4] ? +m[4] : 0;
  if (hours > 18 || minutes > 59 || seconds > 59) return undefined;
  const total = hours * 3600 + minutes * 60 + seconds;
  if (total > 18 * 3600) return undefined;
  return m[1] === '-' ? -total : total;
}
