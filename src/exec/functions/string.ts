// String functions.

import { createHash, randomUUID } from 'node:crypto';
import { DataType, IntegerType, LongType, StringType, arrayType, isIntegral } from '../../common/types.js';
import { ExecutionContext } from '../context.js';
import { castToString } from '../expressions/cast.js';
import { formatDecimal } from '../../common/values.js';
import { ArrayValue, Scalar, Vector, getScalar, isNullAt, stringValues, vectorFromScalars } from '../../common/vector.js';
import { QuarryError, SqlState } from '../../common/errors.js';
import { commonTypeOf } from './coercion.js';
import { BoundScalarFunction, ScalarFunction, callDisplay } from './function.js';
import { mapRows } from './kernels.js';
import { simpleFunction } from './simple_function.js';
import { wrongArgs } from './conditional.js';
import { binaryPad } from './binary.js';

const str = (v: Vector, i: number) => getScalar(v, i) as string;
const int = (v: Vector, i: number) => Number(getScalar(v, i));
const S = StringType, I = IntegerType;

/** Spark's substring: 1-based, a start of 0 acts as 1, a negative start counts from the end. */
export function sparkSubstring(s: string, pos: number, len = Number.MAX_SAFE_INTEGER): string {
  const chars = Array.from(s);
  let start = pos > 0 ? pos - 1 : pos < 0 ? chars.length + pos : 0;
  let end = len < 0 ? start : start + len;
  if (start < 0) start = 0;
  if (end > chars.length) end = chars.length;
  return start >= end ? '' : chars.slice(start, end).join('');
}

function pad(s: string, length: number, padding: string, left: boolean): string {
  const chars = Array.from(s);
  if (length <= chars.length) return chars.slice(0, Math.max(length, 0)).join('');
  if (padding === '') return s;
  const fill = Array.from(padding);
  const extra: string[] = [];
  while (extra.length < length - chars.length) extra.push(fill[extra.length % fill.length]);
  return left ? extra.join('') + s : s + extra.join('');
}

const regexCache = new Map<string, RegExp>();
function regex(pattern: string, flags = 'u'): RegExp {
  const key = `${flags}/${pattern}`;
  let re = regexCache.get(key);
  if (!re) {
    try {
      re = new RegExp(pattern, flags);
    } catch (e) {
      throw new QuarryError(SqlState.invalidParameterValue, `[INVALID_PARAMETER_VALUE.PATTERN] The regular expression '${pattern}' is invalid: ${(e as Error).message}`);
    }
    if (regexCache.size > 1000) regexCache.clear();
    regexCache.set(key, re);
  }
  return re;
}

/** Java's replacement syntax ($1, \$) → JavaScript's ($1, $$). */
const javaReplacement = (r: string) => r.replace(/\\\$/g, '$$$$');

const concat: ScalarFunction = {
  name: 'concat',
  bind(types) {
    if (types.some((t) => t.kind === 'array')) return concatArrays(types);
    return {
      name: 'concat', argTypes: types.map(() => S), returnType: S, display: callDisplay('concat'),
      evaluate(args, n) {
        const columns = args.map(stringValues);
        return mapRows(S, args, n, (i) => columns.map((c) => c[i]).join(''));
      },
    };
  },
};

/** concat (and ||) of arrays: Spark's array concat, NULL when any argument is NULL. */
function concatArrays(types: readonly DataType[]): BoundScalarFunction {
  const returnType = commonTypeOf(types.map((t) => (t.kind === 'string' ? arrayType(StringType) : t)), 'concat');
  return {
    name: 'concat', argTypes: types.map(() => returnType), returnType, display: callDisplay('concat'),
    evaluate: (args, n) => mapRows(returnType, args, n, (i) => args.flatMap((a) => getScalar(a, i) as ArrayValue)),
  };
}

/** concat_ws skips NULL arguments instead of returning NULL. */
const concatWs: ScalarFunction = {
  name: 'concat_ws',
  bind(types) {
    if (types.length === 0) throw wrongArgs('concat_ws', '> 0', 0);
    // Arrays of strings join their non-NULL elements.
    const argTypes = types.map((t, k) => (k > 0 && t.kind === 'array' ? arrayType(S) : S));
    return {
      name: 'concat_ws', argTypes, returnType: S, display: callDisplay('concat_ws'),
      evaluate(args, n) {
        const out: (string | null)[] = new Array(n);
        for (let i = 0; i < n; i++) {
          if (isNullAt(args[0], i)) { out[i] = null; continue; }
          const parts: string[] = [];
          for (let k = 1; k < args.length; k++) {
            if (isNullAt(args[k], i)) continue;
            const v = getScalar(args[k], i);
            if (Array.isArray(v)) for (const e of v) { if (e !== null) parts.push(e as string); }
            else parts.push(v as string);
          }
          out[i] = parts.join(str(args[0], i));
        }
        return vectorFromScalars(S, out);
      },
    };
  },
};

/** lpad/rpad: of strings, or of bytes when the input (and the padding, if given) is binary. */
function padFunction(name: 'lpad' | 'rpad'): ScalarFunction {
  const left = name === 'lpad';
  const text = simpleFunction(name, [S, I, S], S, (a, i) => pad(str(a[0], i), int(a[1], i), a.length > 2 ? str(a[2], i) : ' ', left), { optional: 1 });
  const bytes = binaryPad(name);
  return {
    name,
    bind(types, constants) {
      const binary = types[0]?.kind === 'binary' && (types.length < 3 || types[2].kind === 'binary');
      return (binary ? bytes : text).bind(types, constants);
    },
  };
}


/**
 * Oracle's INSTR: the 1-based character position of the occurrence-th match of `sub`, searching
 * forward from `pos`, or backward from the pos-th character from the end when pos is negative;
 * 0 when there is none. An empty `sub` is found at 1.
 */
function instr(text: string, sub: string, pos: number, occurrence: number): number {
  if (sub === '') return 1;
  const chars = Array.from(text), needle = Array.from(sub);
  const matchesAt = (k: number) => needle.every((c, j) => chars[k + j] === c);
  let found = 0;
  if (pos > 0) {
    for (let k = pos - 1; k + needle.length <= chars.length; k++) if (matchesAt(k) && ++found === occurrence) return k + 1;
  } else if (pos < 0) {
    for (let k = Math.min(chars.length + pos, chars.length - needle.length); k >= 0; k--) if (matchesAt(k) && ++found === occurrence) return k + 1;
  }
  return 0;
}

/** The Luhn checksum of a string of digits; false for anything else (spaces, letters, empty). */
function luhnCheck(text: string): boolean {
  if (!/^[0-9]+$/.test(text)) return false;
  let sum = 0;
  for (let k = 0; k < text.length; k++) {
    let d = text.charCodeAt(text.length - 1 - k) - 48;
    if (k % 2 === 1) { d *= 2; if (d > 9) d -= 9; }
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * Spark's split: Java's String.split with the limit (at most `limit` parts when positive, the last
 * holding the rest; trailing empty strings kept), and an empty pattern splitting into characters.
 */
function split(text: string, pattern: string, limit: number): string[] {
  if (text === '') return [''];
  if (pattern === '') {
    const chars = Array.from(text);
    return limit > 0 && chars.length > limit ? [...chars.slice(0, limit - 1), chars.slice(limit - 1).join('')] : chars;
  }
  const re = regex(pattern, 'gu');
  re.lastIndex = 0;
  const parts: string[] = [];
  let last = 0;
  while (limit <= 0 || parts.length < limit - 1) {
    const m = re.exec(text);
    if (m === null) break;
    if (m[0] === '') {
      re.lastIndex = m.index + 1;
      // A zero-width match at the start yields no leading empty string (Java 8+).
      if (m.index === 0) continue;
      if (m.index >= text.length) break;
    }
    parts.push(text.slice(last, m.index));
    last = m.index + m[0].length;
  }
  parts.push(text.slice(last));
  return parts;
}

/** elt(n, a, b, …): the n-th value; out of range raises INVALID_ARRAY_INDEX under ANSI, else NULL. */
const elt: ScalarFunction = {
  name: 'elt',
  bind(types) {
    if (types.length < 2) throw wrongArgs('elt', '> 1', types.length);
    const valueType: DataType = types.slice(1).every((t) => t.kind === 'binary') ? { kind: 'binary' } : S;
    return {
      name: 'elt', argTypes: [I, ...types.slice(1).map(() => valueType)], returnType: valueType, display: callDisplay('elt'),
      evaluate(args, n, ctx) {
        const out: Scalar[] = new Array(n);
        for (let i = 0; i < n; i++) {
          if (isNullAt(args[0], i)) { out[i] = null; continue; }
          const k = int(args[0], i);
          if (k < 1 || k >= args.length) {
            if (ctx.ansi) {
              throw new QuarryError(SqlState.arrayIndexOutOfRange,
                `[INVALID_ARRAY_INDEX] The index ${k} is out of bounds. The array has ${args.length - 1} elements. Use the SQL function \`get()\` to tolerate accessing element at invalid index and return NULL instead. If necessary set "spark.sql.ansi.enabled" to "false" to bypass this error.`,
                undefined, 'INVALID_ARRAY_INDEX');
            }
            out[i] = null;
            continue;
          }
          out[i] = getScalar(args[k], i);
        }
        return vectorFromScalars(valueType, out);
      },
    };
  },
};

/**
 * format_string(fmt, args…) / printf: Java's Formatter for the common conversions — %s %d %f %e
 * %x %o %c %b %% %n with argument indexes, flags (- + 0 , space #), width and precision.
 */
const formatString: ScalarFunction = {
  name: 'format_string',
  aliases: ['printf'],
  bind(types) {
    if (types.length === 0) throw wrongArgs('format_string', '> 0', 0);
    return {
      name: 'format_string', argTypes: [S, ...types.slice(1)], returnType: S, display: callDisplay('format_string'),
      evaluate(args, n, ctx) {
        const out: Scalar[] = new Array(n);
        for (let i = 0; i < n; i++) {
          if (isNullAt(args[0], i)) { out[i] = null; continue; }
          out[i] = javaFormat(str(args[0], i), args.slice(1).map((a) => ({ value: getScalar(a, i), type: a.type })), ctx);
        }
        return vectorFromScalars(S, out);
      },
    };
  },
};

function javaFormat(format: string, values: { value: Scalar; type: DataType }[], ctx: ExecutionContext): string {
  let next = 0;
  return format.replace(/%(\d+\$)?([-#+ 0,(]*)(\d+)?(\.\d+)?([a-zA-Z%])/g, (_m, index: string | undefined, flags: string, width: string | undefined, precision: string | undefined, conversion: string) => {
    if (conversion === '%') return '%';
    if (conversion === 'n') return '\n';
    const arg = values[index ? Number(index.slice(0, -1)) - 1 : next++] ?? { value: null, type: { kind: 'null' } as DataType };
    const x = arg.value;
    const digits = precision ? Number(precision.slice(1)) : undefined;
    let text: string;
    switch (conversion.toLowerCase()) {
      case 'b': text = String(x !== null && x !== false); break;
      case 's': text = x === null ? 'null' : arg.type.kind === 'decimal' ? formatDecimal(x as number | bigint, arg.type.scale) : castToString(x, arg.type, ctx); if (digits !== undefined) text = text.slice(0, digits); break;
      case 'c': text = x === null ? 'null' : typeof x === 'string' ? x : String.fromCodePoint(Number(x)); break;
      case 'd': {
        if (x === null) { text = 'null'; break; }
        const v = BigInt(x as number | bigint);
        const abs = (v < 0n ? -v : v).toString();
        text = (v < 0n ? (flags.includes('(') ? '(' : '-') : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '') + (flags.includes(',') ? abs.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : abs) + (v < 0n && flags.includes('(') ? ')' : '');
        break;
      }
      case 'x': case 'o': {
        if (x === null) { text = 'null'; break; }
        const bits = arg.type.kind === 'bigint' ? 64 : arg.type.kind === 'smallint' ? 16 : arg.type.kind === 'tinyint' ? 8 : 32;
        text = BigInt.asUintN(bits, BigInt(x as number | bigint)).toString(conversion.toLowerCase() === 'x' ? 16 : 8);
        if (flags.includes('#')) text = (conversion.toLowerCase() === 'x' ? '0x' : '0') + text;
        break;
      }
      case 'f': case 'e': {
        if (x === null) { text = 'null'; break; }
        const v = arg.type.kind === 'decimal' ? Number(formatDecimal(x as number | bigint, arg.type.scale)) : Number(x);
        const p = digits ?? 6;
        if (!Number.isFinite(v)) { text = Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity'; break; }
        let body = conversion.toLowerCase() === 'f' ? Math.abs(v).toFixed(p) : Math.abs(v).toExponential(p).replace(/e([+-])(\d)$/, 'e$10$2');
        if (flags.includes(',')) body = body.replace(/^\d+/, (d) => d.replace(/\B(?=(\d{3})+(?!\d))/g, ','));
        text = (v < 0 || Object.is(v, -0) ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '') + body;
        break;
      }
      default: text = x === null ? 'null' : castToString(x, arg.type, ctx);
    }
    if (conversion !== conversion.toLowerCase()) text = text.toUpperCase();
    const w = width ? Number(width) : 0;
    if (text.length < w) {
      if (flags.includes('-')) text = text.padEnd(w);
      else if (flags.includes('0') && /[dxofe]/i.test(conversion)) {
        const sign = /^[-+ ]/.test(text) ? text[0] : '';
        text = sign + text.slice(sign.length).padStart(w - sign.length, '0');
      } else text = text.padStart(w);
    }
    return text;
  });
}

/** uuid(): a random version-4 UUID per row; never folded into a constant. */
const uuid: ScalarFunction = {
  name: 'uuid',
  bind(types) {
    if (types.length !== 0) throw wrongArgs('uuid', 0, types.length);
    return {
      name: 'uuid', argTypes: [], returnType: S, deterministic: false, display: callDisplay('uuid'),
      evaluate: (_args, n) => vectorFromScalars(S, Array.from({ length: n }, () => randomUUID())),
    };
  },
};

function digest(algorithm: string, a: readonly Vector[], i: number): string {
  return createHash(algorithm).update(getScalar(a[0], i) as Uint8Array).digest('hex');
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function levenshtein(x: string, y: string): number {
  const a = Array.from(x), b = Array.from(y);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length];
}


function trimChars(text: string, chars: string, leading: boolean, trailing: boolean): string {
  const set = new Set(Array.from(chars));
  const codePoints = Array.from(text);
  let start = 0, end = codePoints.length;
  if (leading) while (start < end && set.has(codePoints[start])) start++;
  if (trailing) while (end > start && set.has(codePoints[end - 1])) end--;
  return codePoints.slice(start, end).join('');
}

/** hex(x): an integer as its 64-bit two's complement in hex (Java's Long.toHexString), a string or binary as its bytes'. */
const hex: ScalarFunction = {
  name: 'hex',
  bind(types): BoundScalarFunction {
    if (types.length !== 1) throw wrongArgs('hex', 1, types.length);
    const integral = isIntegral(types[0]);
    const argType: DataType = integral ? LongType : types[0].kind === 'string' ? S : { kind: 'binary' };
    return {
      name: 'hex', argTypes: [argType], returnType: S, display: callDisplay('hex'),
      evaluate: ([a], n) => mapRows(S, [a], n, (i) => {
        const x = getScalar(a, i);
        if (integral) return BigInt.asUintN(64, BigInt(x as number | bigint)).toString(16).toUpperCase();
        const bytes = typeof x === 'string' ? Buffer.from(x, 'utf8') : Buffer.from(x as Uint8Array);
        return bytes.toString('hex').toUpperCase();
      }),
    };
  },
};

export const stringFunctions: ScalarFunction[] = [
  concat,
  concatWs,
  simpleFunction('upper', [S], S, (a, i) => str(a[0], i).toUpperCase(), { aliases: ['ucase'] }),
  simpleFunction('lower', [S], S, (a, i) => str(a[0], i).toLowerCase(), { aliases: ['lcase'] }),
  simpleFunction('initcap', [S], S, (a, i) => str(a[0], i).toLowerCase().replace(/(^|\s)(\S)/g, (_, space: string, c: string) => space + c.toUpperCase())),
  simpleFunction('length', [S], I, (a, i) => Array.from(str(a[0], i)).length, { aliases: ['char_length', 'character_length', 'len'] }),
  // trim(str [, chars]): spaces, or any of `chars`, from both ends (btrim), the start or the end.
  simpleFunction('trim', [S, S], S, (a, i) => trimChars(str(a[0], i), a.length > 1 ? str(a[1], i) : ' ', true, true), { aliases: ['btrim'], optional: 1 }),
  simpleFunction('ltrim', [S, S], S, (a, i) => trimChars(str(a[0], i), a.length > 1 ? str(a[1], i) : ' ', true, false), { optional: 1 }),
  simpleFunction('rtrim', [S, S], S, (a, i) => trimChars(str(a[0], i), a.length > 1 ? str(a[1], i) : ' ', false, true), { optional: 1 }),
  simpleFunction('substring', [S, I, I], S, (a, i) => sparkSubstring(str(a[0], i), int(a[1], i), a.length > 2 ? int(a[2], i) : undefined),
    { aliases: ['substr'], optional: 1 }),
  // overlay(str, repl, pos[, len]): str with len characters from pos (repl's length when absent or negative) replaced by repl.
  simpleFunction('overlay', [S, S, I, I], S, (a, i) => {
    const input = str(a[0], i), replacement = str(a[1], i), pos = int(a[2], i);
    const len = a.length > 3 && int(a[3], i) >= 0 ? int(a[3], i) : Array.from(replacement).length;
    return sparkSubstring(input, 1, pos - 1) + replacement + sparkSubstring(input, pos + len);
  }, { optional: 1 }),
  simpleFunction('left', [S, I], S, (a, i) => sparkSubstring(str(a[0], i), 1, int(a[1], i))),
  simpleFunction('right', [S, I], S, (a, i) => (int(a[1], i) <= 0 ? '' : sparkSubstring(str(a[0], i), -int(a[1], i)))),
  padFunction('lpad'),
  padFunction('rpad'),
  simpleFunction('replace', [S, S, S], S, (a, i) => {
    const search = str(a[1], i);
    return search === '' ? str(a[0], i) : str(a[0], i).split(search).join(a.length > 2 ? str(a[2], i) : '');
  }, { optional: 1 }),
  simpleFunction('reverse', [S], S, (a, i) => Array.from(str(a[0], i)).reverse().join('')),
  simpleFunction('repeat', [S, I], S, (a, i) => str(a[0], i).repeat(Math.max(0, int(a[1], i)))),
  simpleFunction('instr', [S, S, I, I], I, (a, i) => instr(str(a[0], i), str(a[1], i), a.length > 2 ? int(a[2], i) : 1, a.length > 3 ? int(a[3], i) : 1), { optional: 2 }),
  simpleFunction('luhn_check', [S], { kind: 'boolean' }, (a, i) => luhnCheck(str(a[0], i))),
  simpleFunction('quote', [S], S, (a, i) => `'${str(a[0], i).replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`),
  simpleFunction('split', [S, S, I], arrayType(S), (a, i) => split(str(a[0], i), str(a[1], i), a.length > 2 ? int(a[2], i) : -1), { optional: 1 }),
  elt,
  uuid,
  formatString,
  simpleFunction('startswith', [S, S], { kind: 'boolean' }, (a, i) => str(a[0], i).startsWith(str(a[1], i))),
  simpleFunction('endswith', [S, S], { kind: 'boolean' }, (a, i) => str(a[0], i).endsWith(str(a[1], i))),
  simpleFunction('contains', [S, S], { kind: 'boolean' }, (a, i) => str(a[0], i).includes(str(a[1], i))),
  // split_part: an empty delimiter leaves the string whole; part 0 is an error, parts out of range ''.
  simpleFunction('split_part', [S, S, I], S, (a, i) => {
    const k = int(a[2], i);
    if (k === 0) {
      throw new QuarryError(SqlState.arrayIndexOutOfRange,
        '[INVALID_INDEX_OF_ZERO] The index 0 is invalid. An index shall be either < 0 or > 0 (the first element has index 1).', undefined, 'INVALID_INDEX_OF_ZERO');
    }
    const delimiter = str(a[1], i);
    const parts = delimiter === '' ? [str(a[0], i)] : str(a[0], i).split(delimiter);
    return (k > 0 ? parts[k - 1] : parts[parts.length + k]) ?? '';
  }),
  simpleFunction('regexp_replace', [S, S, S], S, (a, i) => str(a[0], i).replace(regex(str(a[1], i), 'gu'), javaReplacement(str(a[2], i)))),
  simpleFunction('regexp_extract', [S, S, I], S, (a, i) => {
    const m = regex(str(a[1], i)).exec(str(a[0], i));
    const group = a.length > 2 ? int(a[2], i) : 1;
    return m === null ? '' : (m[group] ?? '');
  }, { optional: 1 }),
  simpleFunction('ascii', [S], I, (a, i) => str(a[0], i).codePointAt(0) ?? 0),
  simpleFunction('chr', [{ kind: 'bigint' }], S, (a, i) => (int(a[0], i) < 0 ? '' : String.fromCodePoint(int(a[0], i) % 256)), { aliases: ['char'] }),
  simpleFunction('md5', [{ kind: 'binary' }], S, (a, i) => digest('md5', a, i)),
  simpleFunction('sha1', [{ kind: 'binary' }], S, (a, i) => digest('sha1', a, i), { aliases: ['sha'] }),
  simpleFunction('sha2', [{ kind: 'binary' }, I], S, (a, i) => {
    const bits = int(a[1], i) === 0 ? 256 : int(a[1], i);
    return [224, 256, 384, 512].includes(bits) ? digest(`sha${bits}`, a, i) : null;
  }),
  simpleFunction('crc32', [{ kind: 'binary' }], { kind: 'bigint' }, (a, i) => crc32(getScalar(a[0], i) as Uint8Array)),
  simpleFunction('base64', [{ kind: 'binary' }], S, (a, i) => Buffer.from(getScalar(a[0], i) as Uint8Array).toString('base64')),
  simpleFunction('unbase64', [S], { kind: 'binary' }, (a, i) => Uint8Array.from(Buffer.from(str(a[0], i), 'base64'))),
  hex,
  simpleFunction('translate', [S, S, S], S, (a, i) => {
    const from = Array.from(str(a[1], i)), to = Array.from(str(a[2], i));
    return Array.from(str(a[0], i)).map((c) => {
      const k = from.indexOf(c);
      return k < 0 ? c : (to[k] ?? '');
    }).join('');
  }),
  simpleFunction('locate', [S, S, I], I, (a, i) => {
    const start = a.length > 2 ? int(a[2], i) : 1;
    if (start < 1) return 0;
    const at = str(a[1], i).indexOf(str(a[0], i), start - 1);
    return at < 0 ? 0 : at + 1;
  }, { optional: 1, aliases: ['position'] }),
  simpleFunction('space', [I], S, (a, i) => ' '.repeat(Math.max(0, int(a[0], i)))),
  simpleFunction('octet_length', [S], I, (a, i) => Buffer.byteLength(str(a[0], i), 'utf8')),
  simpleFunction('bit_length', [S], I, (a, i) => Buffer.byteLength(str(a[0], i), 'utf8') * 8),
  simpleFunction('levenshtein', [S, S], I, (a, i) => levenshtein(str(a[0], i), str(a[1], i))),
];
