// Spark's datetime patterns (DateTimeFormatter letters) for date_format, to_date, to_timestamp:
// y M d H h m s S a E D z, quoted text and [optional sections]. Unsupported letters are an error,
// never a silent guess.

import { QuarryError } from '../../common/errors.js';
import { TimeZone } from '../../common/time_zone.js';
import { ExecutionContext } from '../context.js';

type Part = { readonly letter: string; readonly count: number } | { readonly text: string } | { readonly optional: readonly Part[] };

const LETTERS = new Set(['y', 'M', 'd', 'H', 'h', 'm', 's', 'S', 'a', 'E', 'D', 'z']);

/** Zone names a pattern's z reads: the fixed ones, and Java's short IDs of regional zones. */
const ZONE_NAMES: Record<string, string> = {
  UTC: 'UTC', GMT: 'UTC', Z: 'UTC', UT: 'UTC',
  PST: 'America/Los_Angeles', PDT: 'America/Los_Angeles', CST: 'America/Chicago', CDT: 'America/Chicago',
  EST: 'America/New_York', EDT: 'America/New_York', MST: 'America/Denver', MDT: 'America/Denver',
  CET: 'Europe/Paris', CEST: 'Europe/Paris', JST: 'Asia/Tokyo', IST: 'Asia/Kolkata',
};

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const cache = new Map<string, Part[]>();

function compile(pattern: string): Part[] {
  const cached = cache.get(pattern);
  if (cached) return cached;
  const stack: Part[][] = [[]];
  for (let i = 0; i < pattern.length;) {
    const parts = stack[stack.length - 1];
    const c = pattern[i];
    if (c === "'") {
      const end = pattern.indexOf("'", i + 1);
      const text = end < 0 ? pattern.slice(i + 1) : pattern.slice(i + 1, end);
      parts.push({ text: text === '' ? "'" : text });
      i = end < 0 ? pattern.length : end + 1;
    } else if (c === '[') {
      const section: Part[] = [];
      parts.push({ optional: section });
      stack.push(section);
      i++;
    } else if (c === ']' && stack.length > 1) {
      stack.pop();
      i++;
    } else if (/[a-zA-Z]/.test(c)) {
      if (!LETTERS.has(c)) {
        throw new QuarryError('22007', `[INVALID_DATETIME_PATTERN] The datetime pattern '${pattern}' uses the letter '${c}', which Quarry does not support yet.`);
      }
      let count = 1;
      while (pattern[i + count] === c) count++;
      parts.push({ letter: c, count });
      i += count;
    } else {
      parts.push({ text: c });
      i++;
    }
  }
  cache.set(pattern, stack[0]);
  return stack[0];
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** A timestamp as text by pattern: the wall clock of `zone`, or of the value itself (NTZ) without one. */
export function formatDatetime(micros: number, pattern: string, zone?: TimeZone): string {
  const offsetSeconds = zone ? zone.offsetAtInstant(micros) : 0;
  const ms = Math.floor(micros / 1000) + offsetSeconds * 1000;
  const d = new Date(ms);
  const fraction = ((micros % 1_000_000) + 1_000_000) % 1_000_000;
  const render = (parts: readonly Part[]): string => parts.map((p) => {
    if ('text' in p) return p.text;
    if ('optional' in p) return render(p.optional);
    const n = p.count;
    switch (p.letter) {
      case 'y': return n === 2 ? pad(d.getUTCFullYear() % 100, 2) : pad(d.getUTCFullYear(), n);
      case 'M': return n >= 4 ? MONTHS[d.getUTCMonth()] : n === 3 ? MONTHS[d.getUTCMonth()].slice(0, 3) : pad(d.getUTCMonth() + 1, n);
      case 'd': return pad(d.getUTCDate(), n);
      case 'D': return pad(Math.round((Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1, n);
      case 'H': return pad(d.getUTCHours(), n);
      case 'h': return pad(d.getUTCHours() % 12 || 12, n);
      case 'm': return pad(d.getUTCMinutes(), n);
      case 's': return pad(d.getUTCSeconds(), n);
      case 'S': return pad(fraction, 6).slice(0, n).padEnd(n, '0');
      case 'a': return d.getUTCHours() < 12 ? 'AM' : 'PM';
      case 'E': return n >= 4 ? WEEKDAYS[d.getUTCDay()] : WEEKDAYS[d.getUTCDay()].slice(0, 3);
      case 'z': return (zone ?? TimeZone.UTC).shortName(micros);
      default: return '';
    }
  }).join('');
  return render(compile(pattern));
}

/**
 * Parses text by pattern into microseconds, reading the text in `zone` unless it names its own.
 * Returns null when the text does not match (Spark returns NULL unless ANSI mode asks for an error).
 */
export function parseDatetime(text: string, pattern: string, zone: TimeZone, ctx: ExecutionContext): number | null {
  let year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0, micros = 0;
  let pm: boolean | null = null;
  let textZone: string | null = null;
  let i = 0;
  const fail = (): null => {
    if (ctx.ansi) {
      throw new QuarryError('22007', `[CANNOT_PARSE_TIMESTAMP] Text '${text}' could not be parsed with the pattern '${pattern}'. Use \`try_to_timestamp\` to tolerate invalid input and return NULL instead.`,
        undefined, 'CANNOT_PARSE_TIMESTAMP');
    }
    return null;
  };
  const digitText = (min: number, max: number): string | null => {
    let j = i;
    while (j < text.length && j - i < max && text[j] >= '0' && text[j] <= '9') j++;
    if (j - i < min) return null;
    const value = text.slice(i, j);
    i = j;
    return value;
  };
  /** Reads the parts at i; false (with i wherever it stopped) when the text does not match. */
  const read = (parts: readonly Part[]): boolean => {
    for (const p of parts) {
      if ('optional' in p) {
        const start = i;
        const saved = [year, month, day, hour, minute, second, micros];
        if (!read(p.optional)) {
          i = start;
          [year, month, day, hour, minute, second, micros] = saved;
        }
        continue;
      }
      if ('text' in p) {
        if (!text.startsWith(p.text, i)) return false;
        i += p.text.length;
        continue;
      }
      if (p.letter === 'a') {
        const ampm = text.slice(i, i + 2).toUpperCase();
        if (ampm !== 'AM' && ampm !== 'PM') return false;
        pm = ampm === 'PM';
        i += 2;
        continue;
      }
      if (p.letter === 'z') {
        const m = /^[A-Za-z][A-Za-z_/]*/.exec(text.slice(i));
        const name = m?.[0];
        const id = name === undefined ? undefined : ZONE_NAMES[name.toUpperCase()] ?? (isZoneId(name) ? name : undefined);
        if (id === undefined) return false;
        textZone = id;
        i += name!.length;
        continue;
      }
      if (p.letter === 'M' && p.count >= 3) {
        const index = MONTHS.findIndex((m) => text.slice(i).toLowerCase().startsWith((p.count === 3 ? m.slice(0, 3) : m).toLowerCase()));
        if (index < 0) return false;
        month = index + 1;
        i += p.count === 3 ? 3 : MONTHS[index].length;
        continue;
      }
      if (p.letter === 'E') {
        const index = WEEKDAYS.findIndex((w) => text.slice(i).toLowerCase().startsWith((p.count >= 4 ? w : w.slice(0, 3)).toLowerCase()));
        if (index < 0) return false;
        i += p.count >= 4 ? WEEKDAYS[index].length : 3;
        continue;
      }
      // A fraction reads up to as many digits as the pattern has S letters, as a fraction of a second.
      const raw = digitText(p.letter === 'S' ? 1 : p.count, p.letter === 'y' && p.count !== 2 ? 9 : p.letter === 'S' ? p.count : Math.max(p.count, 2));
      if (raw === null) return false;
      const value = Number(raw);
      switch (p.letter) {
        case 'y': year = p.count === 2 ? 2000 + value : value; break;
        case 'M': month = value; break;
        case 'd': day = value; break;
        case 'D': month = 1; day = value; break;
        case 'H': hour = value; break;
        case 'h': hour = value % 12; break;
        case 'm': minute = value; break;
        case 's': second = value; break;
        case 'S': micros = Number(raw.padEnd(6, '0').slice(0, 6)); break;
      }
    }
    return true;
  };
  if (!read(compile(pattern)) || i !== text.length) return fail();
  if (pm !== null && pm) hour += 12;
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second));
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return fail();
  return (textZone === null ? zone : TimeZone.of(textZone)).fromLocal(date.getTime() * 1000 + micros);
}

function isZoneId(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
