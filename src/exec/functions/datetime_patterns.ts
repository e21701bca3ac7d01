// Spark's datetime patterns (DateTimeFormatter letters) for date_format, to_date, to_timestamp:
// y M d H h m s S a E and quoted text. Unsupported letters are an error, never a silent guess.

import { QuarryError } from '../../common/errors.js';
import { ExecutionContext } from '../context.js';

type Part = { readonly letter: string; readonly count: number } | { readonly text: string };

const LETTERS = new Set(['y', 'M', 'd', 'H', 'h', 'm', 's', 'S', 'a', 'E', 'D']);
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const cache = new Map<string, Part[]>();

function compile(pattern: string): Part[] {
  const cached = cache.get(pattern);
  if (cached) return cached;
  const parts: Part[] = [];
  for (let i = 0; i < pattern.length;) {
    const c = pattern[i];
    if (c === "'") {
      const end = pattern.indexOf("'", i + 1);
      const text = end < 0 ? pattern.slice(i + 1) : pattern.slice(i + 1, end);
      parts.push({ text: text === '' ? "'" : text });
      i = end < 0 ? pattern.length : end + 1;
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
  cache.set(pattern, parts);
  return parts;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

export function formatDatetime(micros: number, pattern: string, offsetSeconds: number): string {
  const ms = Math.floor(micros / 1000) + offsetSeconds * 1000;
  const d = new Date(ms);
  const fraction = ((micros % 1_000_000) + 1_000_000) % 1_000_000;
  return compile(pattern).map((p) => {
    if ('text' in p) return p.text;
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
      default: return '';
    }
  }).join('');
}

/**
 * Parses text by pattern into microseconds, reading the text in the zone `offsetSeconds`.
 * Returns null when the text does not match (Spark returns NULL unless ANSI mode asks for an error).
 */
export function parseDatetime(text: string, pattern: string, offsetSeconds: number, ctx: ExecutionContext): number | null {
  let year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0, micros = 0;
  let pm: boolean | null = null;
  let i = 0;
  const fail = (): null => {
    if (ctx.ansi) {
      throw new QuarryError('22007', `[CANNOT_PARSE_TIMESTAMP] Text '${text}' could not be parsed with the pattern '${pattern}'. Use \`try_to_timestamp\` to tolerate invalid input and return NULL instead.`);
    }
    return null;
  };
  const digits = (min: number, max: number): number | null => {
    let j = i;
    while (j < text.length && j - i < max && text[j] >= '0' && text[j] <= '9') j++;
    if (j - i < min) return null;
    const value = Number(text.slice(i, j));
    i = j;
    return value;
  };
  for (const p of compile(pattern)) {
    if ('text' in p) {
      if (!text.startsWith(p.text, i)) return fail();
      i += p.text.length;
      continue;
    }
    if (p.letter === 'a') {
      const ampm = text.slice(i, i + 2).toUpperCase();
      if (ampm !== 'AM' && ampm !== 'PM') return fail();
      pm = ampm === 'PM';
      i += 2;
      continue;
    }
    if (p.letter === 'M' && p.count >= 3) {
      const index = MONTHS.findIndex((m) => text.slice(i).toLowerCase().startsWith((p.count === 3 ? m.slice(0, 3) : m).toLowerCase()));
      if (index < 0) return fail();
      month = index + 1;
      i += p.count === 3 ? 3 : MONTHS[index].length;
      continue;
    }
    if (p.letter === 'E') {
      const index = WEEKDAYS.findIndex((w) => text.slice(i).toLowerCase().startsWith((p.count >= 4 ? w : w.slice(0, 3)).toLowerCase()));
      if (index < 0) return fail();
      i += p.count >= 4 ? WEEKDAYS[index].length : 3;
      continue;
    }
    const value = digits(p.letter === 'S' ? 1 : p.count, p.letter === 'y' && p.count !== 2 ? 9 : p.letter === 'S' ? 9 : Math.max(p.count, 2));
    if (value === null) return fail();
    switch (p.letter) {
      case 'y': year = p.count === 2 ? 2000 + value : value; break;
      case 'M': month = value; break;
      case 'd': day = value; break;
      case 'D': month = 1; day = value; break;
      case 'H': hour = value; break;
      case 'h': hour = value % 12; break;
      case 'm': minute = value; break;
      case 's': second = value; break;
      case 'S': {
        const fractionText = String(value).padStart(p.count, '0');
        micros = Number(fractionText.padEnd(6, '0').slice(0, 6));
        break;
      }
    }
  }
  if (i !== text.length) return fail();
  if (pm !== null && pm) hour += 12;
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return fail();
  return (date.getTime() - offsetSeconds * 1000) * 1000 + micros;
}
