// Conversions between internal value representations and text, shared by casts, literals,
// the Parquet reader and the wire protocol.

import { TimeZone } from './time_zone.js';

const MICROS_PER_DAY = 86_400_000_000;

/** `12345` with scale 2 → `123.45`. */
export function formatDecimal(unscaled: number | bigint, scale: number): string {
  const neg = unscaled < 0;
  let digits = (neg ? -BigInt(unscaled) : BigInt(unscaled)).toString();
  if (scale > 0) {
    digits = digits.padStart(scale + 1, '0');
    digits = `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
  }
  return neg ? `-${digits}` : digits;
}

/**
 * Parses a decimal literal into an unscaled bigint at `scale`, rounding half up as Spark does.
 * Returns null when the text is not a number.
 */
export function parseDecimal(text: string, scale: number): bigint | null {
  const m = /^\s*([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/.exec(text);
  if (!m || (m[2] === '' && (m[3] === undefined || m[3] === ''))) return null;
  const sign = m[1] === '-' ? -1n : 1n;
  let intPart = m[2] || '0';
  let frac = m[3] ?? '';
  let exp = m[4] ? parseInt(m[4], 10) : 0;
  // Move the decimal point by the exponent.
  while (exp > 0) { intPart += frac[0] ?? '0'; frac = frac.slice(1); exp--; }
  while (exp < 0) { frac = intPart.slice(-1) + frac; intPart = intPart.slice(0, -1) || '0'; exp++; }
  const kept = frac.slice(0, scale).padEnd(scale, '0');
  let unscaled = BigInt(intPart + kept);
  if (frac.length > scale && frac.charCodeAt(scale) >= 53 /* '5' */) unscaled += 1n;
  return sign * unscaled;
}

/**
 * A decimal literal's exact value as Java's BigDecimal reads it (`1.5e3` is 15 unscaled at scale -2),
 * with a negative scale raised to 0 as Spark does (spark.sql.legacy.allowNegativeScaleOfDecimal off).
 */
export function decimalLiteralValue(text: string): { unscaled: bigint; scale: number } | null {
  const m = /^\s*([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/.exec(text);
  if (!m || (m[2] === '' && (m[3] === undefined || m[3] === ''))) return null;
  const frac = m[3] ?? '';
  const digits = BigInt((m[2] || '0') + frac);
  const scale = frac.length - (m[4] ? parseInt(m[4], 10) : 0);
  const unscaled = m[1] === '-' ? -digits : digits;
  return scale >= 0 ? { unscaled, scale } : { unscaled: unscaled * pow10(-scale), scale: 0 };
}

/** Java's BigDecimal.toString: plain unless the scale is negative or the value is below 10^-6 (`1.2345678E-8`). */
export function javaDecimalString(unscaled: bigint, scale: number): string {
  const digits = (unscaled < 0n ? -unscaled : unscaled).toString();
  const sign = unscaled < 0n ? '-' : '';
  const adjusted = digits.length - 1 - scale;
  if (scale >= 0 && adjusted >= -6) {
    if (scale === 0) return sign + digits;
    const padded = digits.padStart(scale + 1, '0');
    return `${sign}${padded.slice(0, padded.length - scale)}.${padded.slice(padded.length - scale)}`;
  }
  const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${sign}${mantissa}E${adjusted >= 0 ? '+' : ''}${adjusted}`;
}

/** Number of decimal digits of an unscaled value (its precision). */
export function decimalDigits(unscaled: number | bigint): number {
  const a = unscaled < 0 ? -BigInt(unscaled) : BigInt(unscaled);
  return a === 0n ? 1 : a.toString().length;
}

const POW10: bigint[] = Array.from({ length: 80 }, (_, i) => 10n ** BigInt(i));

/** 10^n as a bigint; the decimal kernels call this per value, so the usual ones come from a table. */
export function pow10(n: number): bigint {
  return POW10[n] ?? 10n ** BigInt(n);
}

/** Days since the epoch → `YYYY-MM-DD`. */
export function formatDate(days: number): string {
  const d = new Date(days * 86_400_000);
  return `${formatYear(d.getUTCFullYear())}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

/** `YYYY-MM-DD` → days since the epoch, or null if the text is not a valid date. */
export function parseDate(text: string): number | null {
  const m = /^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*$/.exec(text) ?? /^\s*(\d{4})-(\d{1,2})-(\d{1,2})[T ].*$/.exec(text);
  if (!m) return null;
  const y = +m[1], mo = m[2] ? +m[2] : 1, d = m[3] ? +m[3] : 1;
  const ms = Date.UTC(y, mo - 1, d);
  const check = new Date(ms);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) return null;
  return Math.round(ms / 86_400_000);
}

/**
 * Microseconds since the epoch → `YYYY-MM-DD HH:MM:SS[.ffffff]`, trailing zeros trimmed: the wall
 * clock of `zone` (a TIMESTAMP in the session time zone), or the value itself without one (NTZ).
 */
export function formatTimestamp(micros: number, zone?: TimeZone): string {
  const local = zone ? zone.toLocal(micros) : micros;
  const days = Math.floor(local / MICROS_PER_DAY);
  let rest = local - days * MICROS_PER_DAY;
  const h = Math.floor(rest / 3_600_000_000); rest -= h * 3_600_000_000;
  const mi = Math.floor(rest / 60_000_000); rest -= mi * 60_000_000;
  const s = Math.floor(rest / 1_000_000); rest -= s * 1_000_000;
  let text = `${formatDate(days)} ${pad2(h)}:${pad2(mi)}:${pad2(s)}`;
  if (rest > 0) text += '.' + String(Math.round(rest)).padStart(6, '0').replace(/0+$/, '');
  return text;
}

/**
 * `YYYY-MM-DD[ T]HH:MM[:SS[.f…]][zone]` → microseconds since the epoch. The zone may be `Z`, an
 * offset (`+01:00`, `UTC+1`) or a region (`America/Los_Angeles`); text without one is read in
 * `zone` (the session time zone). Null if not a timestamp.
 */
export function parseTimestamp(text: string, zone: TimeZone = TimeZone.UTC): number | null {
  const m = /^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*([+-]\d{1,2}(?::?\d{2}(?::?\d{2})?)?|[A-Za-z][A-Za-z0-9_/+\-:]*)?\s*$/.exec(text);
  if (!m) return null;
  const days = parseDate(`${m[1]}-${m[2]}-${m[3]}`);
  if (days === null) return null;
  const h = m[4] ? +m[4] : 0, mi = m[5] ? +m[5] : 0, s = m[6] ? +m[6] : 0;
  if (h > 23 || mi > 59 || s > 59) return null;
  const frac = m[7] ? Math.floor(+m[7].padEnd(9, '0').slice(0, 6)) : 0;
  const textZone = m[8] ? TimeZone.tryOf(m[8]) : zone;
  if (!textZone) return null;
  return textZone.fromLocal(days * MICROS_PER_DAY + ((h * 60 + mi) * 60 + s) * 1_000_000 + frac);
}

const pad2 = (n: number) => String(n).padStart(2, '0');
const formatYear = (y: number) => (y < 0 ? '-' + String(-y).padStart(4, '0') : String(y).padStart(4, '0'));
