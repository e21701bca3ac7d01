// The dateFormat / timestampFormat reader options: a Spark datetime pattern (yyyy, MM, MMM, dd,
// HH, mm, ss, S…, quoted literals) turned into a parser that rewrites matching text into the
// ISO form the default date and timestamp parsers read.

import { QuarryError, SqlState } from '../common/errors.js';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

type Part = 'year' | 'year2' | 'month' | 'monthName' | 'day' | 'hour' | 'minute' | 'second' | 'fraction';

/** A parser of text in `pattern`, giving `yyyy-MM-dd HH:mm:ss.SSSSSS` text, or null when it does not match. */
export function datetimeOptionParser(pattern: string, option: string): (text: string) => string | null {
  let regex = '';
  const parts: Part[] = [];
  for (let i = 0; i < pattern.length;) {
    const c = pattern[i];
    if (c === "'") {
      const end = pattern.indexOf("'", i + 1);
      const literal = end < 0 ? pattern.slice(i + 1) : pattern.slice(i + 1, end);
      regex += literal === '' ? "'" : escapeRegex(literal);
      i = end < 0 ? pattern.length : end + 1;
      continue;
    }
    if (!/[A-Za-z]/.test(c)) {
      regex += escapeRegex(c);
      i++;
      continue;
    }
    let n = 1;
    while (pattern[i + n] === c) n++;
    i += n;
    const field = letterField(c, n);
    if (!field) {
      throw new QuarryError(SqlState.invalidParameterValue,
        `[INVALID_OPTION] The ${option} '${pattern}' uses '${c.repeat(n)}': Quarry's readers take y, M, MMM, d, H, m, s and S fields.`);
    }
    parts.push(field.part);
    regex += `(${field.regex})`;
  }
  const compiled = new RegExp(`^${regex}$`, 'i');
  return (text) => {
    const m = compiled.exec(text.trim());
    if (!m) return null;
    const value = { year: '1970', month: '01', day: '01', hour: '00', minute: '00', second: '00', fraction: '0' };
    parts.forEach((part, k) => {
      const v = m[k + 1];
      if (part === 'year') value.year = v.padStart(4, '0');
      else if (part === 'year2') value.year = String(2000 + Number(v));
      else if (part === 'monthName') value.month = String(MONTHS.indexOf(v.slice(0, 3).toLowerCase()) + 1).padStart(2, '0');
      else if (part === 'fraction') value.fraction = v;
      else value[part] = v.padStart(2, '0');
    });
    return `${value.year}-${value.month}-${value.day} ${value.hour}:${value.minute}:${value.second}.${value.fraction}`;
  };
}

function letterField(letter: string, n: number): { part: Part; regex: string } | undefined {
  switch (letter) {
    case 'y': case 'u': return n === 2 ? { part: 'year2', regex: '\\d{2}' } : { part: 'year', regex: n >= 4 ? '\\d{4}' : '\\d{1,4}' };
    case 'M': case 'L':
      if (n >= 3) return { part: 'monthName', regex: n === 3 ? MONTHS.join('|') : `(?:${MONTHS.join('|')})[a-z]*` };
      return { part: 'month', regex: n === 2 ? '\\d{2}' : '\\d{1,2}' };
    case 'd': return { part: 'day', regex: n === 2 ? '\\d{2}' : '\\d{1,2}' };
    case 'H': return { part: 'hour', regex: n === 2 ? '\\d{2}' : '\\d{1,2}' };
    case 'm': return { part: 'minute', regex: n === 2 ? '\\d{2}' : '\\d{1,2}' };
    case 's': return { part: 'second', regex: n === 2 ? '\\d{2}' : '\\d{1,2}' };
    case 'S': return { part: 'fraction', regex: `\\d{${n}}` };
    default: return undefined;
  }
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
