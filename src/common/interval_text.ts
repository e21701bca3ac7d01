// ANSI intervals as text, the way Spark's IntervalUtils writes and reads them for a type's fields:
// `INTERVAL '1-2' YEAR TO MONTH`, `INTERVAL '03' HOUR`, `INTERVAL '-10.123456' SECOND`, and the
// strings CAST accepts for each type (`3-1`, `1 02:03:04.5`, `INTERVAL '10' DAY`).

import {
  DAY, DAY_TIME_FIELD_NAMES, DayTimeIntervalType, HOUR, IntervalType, MINUTE, MONTH, SECOND, YEAR, YEAR_MONTH_FIELD_NAMES,
  YearMonthIntervalType,
} from './types.js';

export const MICROS_PER_SECOND = 1_000_000;
export const MICROS_PER_MINUTE = 60 * MICROS_PER_SECOND;
export const MICROS_PER_HOUR = 60 * MICROS_PER_MINUTE;
export const MICROS_PER_DAY = 24 * MICROS_PER_HOUR;
/** Microseconds in one unit of each day-time field, indexed by DAY, HOUR, MINUTE, SECOND. */
export const DAY_TIME_FIELD_MICROS = [MICROS_PER_DAY, MICROS_PER_HOUR, MICROS_PER_MINUTE, MICROS_PER_SECOND] as const;

const pad2 = (n: number) => String(n).padStart(2, '0');

/** `INTERVAL '…' DAY TO SECOND`'s tail: `DAY`, `HOUR TO SECOND`. */
export function intervalFieldsText(t: IntervalType): string {
  const names: readonly string[] = t.kind === 'interval_ym' ? YEAR_MONTH_FIELD_NAMES : DAY_TIME_FIELD_NAMES;
  const from = names[t.startField].toUpperCase(), to = names[t.endField].toUpperCase();
  return t.startField === t.endField ? from : `${from} TO ${to}`;
}

/** Seconds with their micros, trailing zeros dropped and a leading zero below ten: `05`, `10.5`. */
function secondsText(micros: number): string {
  const whole = Math.floor(micros / MICROS_PER_SECOND), fraction = micros % MICROS_PER_SECOND;
  const text = fraction === 0 ? String(whole) : `${whole}.${String(fraction).padStart(6, '0').replace(/0+$/, '')}`;
  return micros < 10 * MICROS_PER_SECOND ? `0${text}` : text;
}

/** Spark's ANSI text of an interval value of type `t` (its SQL literal, and CAST to STRING). */
export function formatIntervalAnsi(value: number, t: IntervalType): string {
  return t.kind === 'interval_ym' ? formatYearMonthAnsi(value, t) : formatDayTimeAnsi(value, t);
}

function formatYearMonthAnsi(months: number, t: YearMonthIntervalType): string {
  const sign = months < 0 ? '-' : '';
  const abs = Math.abs(months);
  const year = `${sign}${Math.floor(abs / 12)}`;
  if (t.startField === t.endField) {
    return t.startField === YEAR ? `INTERVAL '${year}' YEAR` : `INTERVAL '${months}' MONTH`;
  }
  return `INTERVAL '${year}-${abs % 12}' YEAR TO MONTH`;
}

function formatDayTimeAnsi(micros: number, t: DayTimeIntervalType): string {
  const sign = micros < 0 ? '-' : '';
  let rest = Math.abs(micros);
  let text = sign;
  switch (t.startField) {
    case DAY: text += String(Math.floor(rest / MICROS_PER_DAY)); rest %= MICROS_PER_DAY; break;
    case HOUR: text += pad2(Math.floor(rest / MICROS_PER_HOUR)); rest %= MICROS_PER_HOUR; break;
    case MINUTE: text += pad2(Math.floor(rest / MICROS_PER_MINUTE)); rest %= MICROS_PER_MINUTE; break;
    case SECOND: text += secondsText(rest); break;
  }
  if (t.startField < HOUR && HOUR <= t.endField) { text += ` ${pad2(Math.floor(rest / MICROS_PER_HOUR))}`; rest %= MICROS_PER_HOUR; }
  if (t.startField < MINUTE && MINUTE <= t.endField) { text += `:${pad2(Math.floor(rest / MICROS_PER_MINUTE))}`; rest %= MICROS_PER_MINUTE; }
  if (t.startField < SECOND && SECOND <= t.endField) text += `:${secondsText(rest)}`;
  return `INTERVAL '${text}' ${intervalFieldsText(t)}`;
}

/** Text that is not an interval of the type asked for; the message says why, in Spark's words. */
export class IntervalFormatError extends Error {}

/** `-` signs inside and outside the quotes multiply: INTERVAL -'-1' DAY is one day. */
function finalSign(first?: string, second?: string): number {
  return (first === '-') !== (second === '-') ? -1 : 1;
}

/** Spark's supported text forms for each type, for the error message. */
function supportedForms(t: IntervalType): string {
  const body: Record<string, string> = {
    'interval year to month': '[+|-]y-m', 'interval year': '[+|-]y', 'interval month': '[+|-]m', 'interval day': '[+|-]d',
    'interval day to hour': '[+|-]d h', 'interval day to minute': '[+|-]d h:m', 'interval day to second': '[+|-]d h:m:s.n',
    'interval hour': '[+|-]h', 'interval hour to minute': '[+|-]h:m', 'interval hour to second': '[+|-]h:m:s.n',
    'interval minute': '[+|-]m', 'interval minute to second': '[+|-]m:s.n', 'interval second': '[+|-]s.n',
  };
  const fields = intervalFieldsText(t);
  const form = body[`interval ${fields.toLowerCase()}`];
  return `\`${form}\`, \`INTERVAL [+|-]'${form}' ${fields}\``;
}

function unmatched(text: string, t: IntervalType): IntervalFormatError {
  const kind = t.kind === 'interval_ym' ? 'year-month' : 'day-time';
  return new IntervalFormatError(`Interval string does not match ${kind} format of ${supportedForms(t)} when cast to interval ${intervalFieldsText(t).toLowerCase()}: ${text}`);
}

function checkedField(name: string, text: string | undefined, max: number): number {
  const n = text === undefined ? 0 : Number(text);
  if (n > max) throw new IntervalFormatError(`${name} ${text} outside range [0, ${max}]`);
  return n;
}

const MAX_MONTHS = 2147483647;
const MAX_MICROS = 9223372036854775807;

/** A string as a year-month interval of type `t` (Spark's castStringToYMInterval): months. */
export function parseYearMonthInterval(input: string, t: YearMonthIntervalType): number {
  const text = input.trim();
  const yearToMonth = t.startField === YEAR && t.endField === MONTH;
  let m = /^([+-])?(\d+)-(\d+)$/.exec(text) ?? /^INTERVAL\s+([+-])?'([+-])?(\d+)-(\d+)'\s+YEAR\s+TO\s+MONTH$/i.exec(text);
  if (m && yearToMonth) {
    const [sign, years, months] = m.length === 4 ? [finalSign(m[1]), m[2], m[3]] : [finalSign(m[1], m[2]), m[3], m[4]];
    const total = checkedField('year', years, Math.floor(MAX_MONTHS / 12)) * 12 + checkedField('month', months, 11);
    return sign * total;
  }
  m = /^([+-])?(\d+)$/.exec(text);
  if (m) return singleYearMonth(finalSign(m[1]), m[2], t.endField === YEAR ? 'YEAR' : t.startField === MONTH ? 'MONTH' : '', text, t);
  m = /^INTERVAL\s+([+-])?'([+-])?(\d+)'\s+(YEAR|MONTH)$/i.exec(text);
  if (m) {
    const unit = m[4].toUpperCase();
    const fits = unit === 'YEAR' ? t.startField === YEAR && t.endField === YEAR : t.startField === MONTH;
    return singleYearMonth(finalSign(m[1], m[2]), m[3], fits ? unit : '', text, t);
  }
  throw unmatched(text, t);
}

function singleYearMonth(sign: number, digits: string, unit: string, text: string, t: YearMonthIntervalType): number {
  if (unit === '') throw unmatched(text, t);
  const months = Number(digits) * (unit === 'YEAR' ? 12 : 1);
  if (months > MAX_MONTHS) throw new IntervalFormatError(`integer overflow: ${text}`);
  return sign * months;
}

const DAY_TIME_FORMS: readonly { start: number; end: number; body: string }[] = [
  { start: DAY, end: HOUR, body: '(\\d{1,9}) (\\d{1,2})' },
  { start: DAY, end: MINUTE, body: '(\\d{1,9}) (\\d{1,2}):(\\d{1,2})' },
  { start: DAY, end: SECOND, body: '(\\d{1,9}) (\\d{1,2}):(\\d{1,2}):(\\d{1,2}(?:\\.\\d{1,9})?)' },
  { start: HOUR, end: MINUTE, body: '(\\d{1,10}):(\\d{1,2})' },
  { start: HOUR, end: SECOND, body: '(\\d{1,10}):(\\d{1,2}):(\\d{1,2}(?:\\.\\d{1,9})?)' },
  { start: MINUTE, end: SECOND, body: '(\\d{1,12}):(\\d{1,2}(?:\\.\\d{1,9})?)' },
];

/** `[-]ss[.fffffffff]` → microseconds, the nanoseconds truncated. */
export function secondsMicros(text: string): number {
  const negative = text.startsWith('-');
  const [whole, fraction = ''] = text.replace(/^[+-]/, '').split('.');
  const micros = Number(whole || '0') * MICROS_PER_SECOND + Number(fraction.padEnd(9, '0').slice(0, 6) || '0');
  return negative ? -micros : micros;
}

/** A string as a day-time interval of type `t` (Spark's castStringToDTInterval): microseconds. */
export function parseDayTimeInterval(input: string, t: DayTimeIntervalType): number {
  const text = input.trim();
  for (const form of DAY_TIME_FORMS) {
    if (form.start !== t.startField || form.end !== t.endField) continue;
    const fields = intervalFieldsText(t).replace(' TO ', '\\s+TO\\s+');
    const plain = new RegExp(`^([+-])?${form.body}$`).exec(text);
    const literal = new RegExp(`^INTERVAL\\s+([+-])?'([+-])?${form.body}'\\s+${fields}$`, 'i').exec(text);
    if (!plain && !literal) break;
    const sign = plain ? finalSign(plain[1]) : finalSign(literal![1], literal![2]);
    const values = (plain ? plain.slice(2) : literal!.slice(3)).filter((v) => v !== undefined);
    return sign * dayTimeFromFields(form.start, values, form.end);
  }
  let m = /^([+-])?(\d{1,13})(\.\d{1,9})?$/.exec(text);
  let sign = 1, digits = '', fraction: string | undefined, unit = -1;
  if (m) {
    [sign, digits, fraction] = [finalSign(m[1]), m[2], m[3]];
    if (t.startField === t.endField) unit = t.startField;
  } else if ((m = /^INTERVAL\s+([+-])?'([+-])?(\d{1,13})(\.\d{1,9})?'\s+(DAY|HOUR|MINUTE|SECOND)$/i.exec(text))) {
    [sign, digits, fraction] = [finalSign(m[1], m[2]), m[3], m[4]];
    const named = (DAY_TIME_FIELD_NAMES as readonly string[]).indexOf(m[5].toLowerCase());
    if (t.startField === named && t.endField === named) unit = named;
  }
  const maxDigits = [9, 10, 12, 13][unit];
  if (unit < 0 || digits.length > maxDigits || (fraction !== undefined && unit !== SECOND)) throw unmatched(text, t);
  const micros = unit === SECOND ? secondsMicros(digits + (fraction ?? '')) : Number(digits) * DAY_TIME_FIELD_MICROS[unit];
  if (micros > MAX_MICROS) throw new IntervalFormatError(`long overflow: ${text}`);
  return sign * micros;
}

/** Field texts from the largest (`start`) down: the first is unbounded, the rest within a day/hour/minute. */
function dayTimeFromFields(start: number, values: readonly string[], end: number): number {
  let micros = 0;
  for (let field = start, i = 0; field <= end; field++, i++) {
    const text = values[i];
    if (field === SECOND) {
      micros += secondsMicros(text); // Spark leaves the seconds unbounded (`99` is allowed)
    } else {
      const max = field === start ? Infinity : field === HOUR ? 23 : 59;
      micros += checkedField(DAY_TIME_FIELD_NAMES[field], text, max) * DAY_TIME_FIELD_MICROS[field];
    }
  }
  if (micros > MAX_MICROS) throw new IntervalFormatError('long overflow');
  return micros;
}

/** Microseconds in one of each day-time unit of the multi-unit form (`3 hours 2 weeks`). */
export const UNIT_MICROS: Record<string, number> = {
  week: 7 * MICROS_PER_DAY, day: MICROS_PER_DAY, hour: MICROS_PER_HOUR, minute: MICROS_PER_MINUTE, second: MICROS_PER_SECOND,
  millisecond: 1_000, microsecond: 1,
};

/**
 * Spark's legacy interval text (IntervalUtils.stringToInterval): `[interval] 3 months 1 hour`,
 * `-1 week 2.5 seconds`, units singular or plural, a fraction on seconds only. Null when malformed.
 */
export function parseCalendarIntervalText(input: string): { months: number; micros: number } | null {
  const words = input.trim().toLowerCase().replace(/^interval(\s+|$)/, '').split(/\s+/).filter(Boolean);
  if (words.length === 0 || words.length % 2 !== 0) return null;
  let months = 0, micros = 0;
  for (let i = 0; i < words.length; i += 2) {
    const [value, unit] = [words[i], words[i + 1].replace(/s$/, '')];
    const m = /^([+-])?(\d*)(?:\.(\d*))?$/.exec(value);
    if (!m || (m[2] === '' && !m[3])) return null;
    if (m[3] !== undefined && unit !== 'second') return null;
    const sign = m[1] === '-' ? -1 : 1;
    if (unit === 'year' || unit === 'month') months += sign * Number(m[2]) * (unit === 'year' ? 12 : 1);
    else if (unit === 'second') micros += sign * secondsMicros(`${m[2]}.${m[3] ?? ''}`);
    else if (unit in UNIT_MICROS) micros += sign * Number(m[2]) * UNIT_MICROS[unit];
    else return null;
  }
  return { months, micros };
}

/** Spark's CalendarInterval.toString for a value without months: `1 days 2 hours 3.5 seconds`. */
export function formatCalendarInterval(micros: number): string {
  if (micros === 0) return '0 seconds';
  const parts: string[] = [];
  const unit = (n: number, name: string) => { if (n !== 0) parts.push(`${n} ${name}`); };
  const days = Math.trunc(micros / MICROS_PER_DAY);
  let rest = micros - days * MICROS_PER_DAY;
  unit(days, 'days');
  unit(Math.trunc(rest / MICROS_PER_HOUR), 'hours'); rest %= MICROS_PER_HOUR;
  unit(Math.trunc(rest / MICROS_PER_MINUTE), 'minutes'); rest %= MICROS_PER_MINUTE;
  if (rest !== 0) {
    const abs = Math.abs(rest);
    const fraction = abs % MICROS_PER_SECOND;
    const text = `${Math.floor(abs / MICROS_PER_SECOND)}${fraction ? `.${String(fraction).padStart(6, '0').replace(/0+$/, '')}` : ''}`;
    parts.push(`${rest < 0 ? '-' : ''}${text} seconds`);
  }
  return parts.join(' ');
}
