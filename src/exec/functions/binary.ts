// Binary and encoding functions: unhex, to_binary / try_to_binary, encode and decode (with Java's
// charsets and Spark's coding-error rules), the UTF-8 validators, and lpad/rpad of binaries.

import { BinaryType, BooleanType, DataType, IntegerType, StringType } from '../../common/types.js';
import { QuarryError, SqlState } from '../../common/errors.js';
import { Scalar, Vector, getScalar, vectorFromScalars } from '../../common/vector.js';
import { takeRows } from '../../common/batch.js';
import { ExecutionContext, defaultExecutionContext } from '../context.js';
import { castToString } from '../expressions/cast.js';
import { commonTypeOf } from './coercion.js';
import { compareValues } from './comparison.js';
import { wrongArgs } from './conditional.js';
import { BoundScalarFunction, ScalarFunction, callDisplay } from './function.js';
import { mapRows } from './kernels.js';
import { simpleFunction } from './simple_function.js';

const str = (v: Vector, i: number) => getScalar(v, i) as string;
const bytes = (v: Vector, i: number) => getScalar(v, i) as Uint8Array;

/** Hex digits to bytes, an odd count read with a leading 0 nibble (Spark's Unhex); null when not hex. */
export function unhexBytes(text: string): Uint8Array | null {
  if (!/^[0-9a-fA-F]*$/.test(text)) return null;
  const padded = text.length % 2 === 1 ? `0${text}` : text;
  return Uint8Array.from(Buffer.from(padded, 'hex'));
}

/** RFC 4648 base64 as Spark's UnBase64 accepts it: one optional space after each character. */
const BASE64 = /^(?:(?:[A-Za-z0-9+/] ?){4})*(?:(?:[A-Za-z0-9+/] ?){3}=|(?:[A-Za-z0-9+/] ?){2}= ?=)?$/;

function unbase64Strict(text: string): Uint8Array | null {
  const trimmed = text.replace(/^\s+/, '');
  if (!BASE64.test(trimmed)) return null;
  return Uint8Array.from(Buffer.from(trimmed.replace(/\s/g, ''), 'base64'));
}

const BINARY_FORMATS = ['hex', 'utf-8', 'utf8', 'base64'];

function conversionInvalidInput(text: string, format: string, tryName: string): QuarryError {
  return new QuarryError(SqlState.invalidCharacterValueForCast,
    `[CONVERSION_INVALID_INPUT] The value '${text}' ('${format}') cannot be converted to "BINARY" because it is malformed. ` +
    `Correct the value as per the syntax, or change its format. Use \`${tryName}\` to tolerate malformed input and return NULL instead.`,
    undefined, 'CONVERSION_INVALID_INPUT');
}

/** to_binary(str [, fmt]) and try_to_binary: fmt is a constant, one of hex (the default), utf-8, base64. */
function toBinary(name: 'to_binary' | 'try_to_binary'): ScalarFunction {
  return {
    name,
    bind(types, constants = []) {
      if (types.length < 1 || types.length > 2) throw wrongArgs(name, '[1, 2]', types.length);
      let format: string | null = 'hex';
      if (types.length === 2) {
        const constant = constants[1];
        if (constant === undefined) {
          throw new QuarryError(SqlState.invalidArgumentType,
            `[DATATYPE_MISMATCH.NON_FOLDABLE_INPUT] Cannot resolve "${name}(…)" due to data type mismatch: the input \`fmt\` should be a foldable "STRING" expression; however, got a column.`,
            undefined, 'DATATYPE_MISMATCH');
        }
        format = constant === null ? null : castToString(constant, types[1], defaultExecutionContext).toLowerCase();
        if (format !== null && !BINARY_FORMATS.includes(format)) {
          throw new QuarryError(SqlState.invalidArgumentType,
            `[DATATYPE_MISMATCH.INVALID_ARG_VALUE] Cannot resolve "${name}(…)" due to data type mismatch: the fmt value must be a case-insensitive "STRING" literal of 'hex', 'utf-8', 'utf8', or 'base64', but got '${format}'.`,
            undefined, 'DATATYPE_MISMATCH');
        }
      }
      const fmt = format;
      return {
        name, argTypes: types.length === 2 ? [StringType, fmt === null ? types[1] : StringType] : [StringType], returnType: BinaryType,
        display: callDisplay(name),
        evaluate: (args, n) => mapRows(BinaryType, args, n, (i) => {
          if (fmt === null) return null;
          const text = str(args[0], i);
          const out = fmt === 'hex' ? unhexBytes(text) : fmt === 'base64' ? unbase64Strict(text) : Uint8Array.from(Buffer.from(text, 'utf8'));
          if (out === null && name === 'to_binary') throw conversionInvalidInput(text, fmt.toUpperCase(), 'try_to_binary');
          return out;
        }),
      };
    },
  };
}

// ---- Charsets ----------------------------------------------------------------------------------

const CHARSETS = ['iso-8859-1', 'us-ascii', 'utf-16', 'utf-16be', 'utf-16le', 'utf-32', 'utf-8'];

const invalidCharset = (fn: string, charset: string) => new QuarryError(SqlState.invalidParameterValue,
  `[INVALID_PARAMETER_VALUE.CHARSET] The value of parameter(s) \`charset\` in \`${fn}\` is invalid: expects one of the ${CHARSETS.join(', ')}, but got ${charset}.`,
  undefined, 'INVALID_PARAMETER_VALUE.CHARSET');

const malformed = (fn: string, charset: string) => new QuarryError(SqlState.dataException,
  `[MALFORMED_CHARACTER_CODING] Invalid value found when performing \`${fn}\` with \`${charset}\``, undefined, 'MALFORMED_CHARACTER_CODING');

/** The charset's canonical name, or a legacy Java charset TextDecoder knows when spark.sql.legacy.javaCharsets is on. */
function resolveCharset(fn: string, charset: string, ctx: ExecutionContext): string {
  const lower = charset.toLowerCase();
  const canonical = lower === 'utf8' ? 'utf-8' : lower === 'latin1' ? 'iso-8859-1' : lower === 'ascii' ? 'us-ascii' : lower;
  if (CHARSETS.includes(canonical)) return canonical;
  if (ctx.setting?.('spark.sql.legacy.javaCharsets') === 'true') {
    try {
      new TextDecoder(lower);
      return lower;
    } catch { /* not a charset at all */ }
  }
  throw invalidCharset(fn, charset);
}

const replaceOnError = (ctx: ExecutionContext) => ctx.setting?.('spark.sql.legacy.codingErrorAction') === 'true';

function encodeText(text: string, charset: string, written: string, ctx: ExecutionContext): Uint8Array {
  const codePoints = Array.from(text, (c) => c.codePointAt(0)!);
  const unmappable = () => {
    if (!replaceOnError(ctx)) throw malformed('encode', written);
    return 0x3f; // Java's replacement byte: '?'
  };
  switch (charset) {
    case 'utf-8': return Uint8Array.from(Buffer.from(text, 'utf8'));
    case 'us-ascii': return Uint8Array.from(codePoints, (c) => (c < 0x80 ? c : unmappable()));
    case 'iso-8859-1': return Uint8Array.from(codePoints, (c) => (c < 0x100 ? c : unmappable()));
    case 'utf-16': case 'utf-16be': case 'utf-16le': {
      const units = Array.from({ length: text.length }, (_, k) => text.charCodeAt(k));
      const bom = charset === 'utf-16' ? [0xfe, 0xff] : [];
      const little = charset === 'utf-16le';
      return Uint8Array.from([...bom, ...units.flatMap((u) => (little ? [u & 0xff, u >> 8] : [u >> 8, u & 0xff]))]);
    }
    case 'utf-32': return Uint8Array.from(codePoints.flatMap((c) => [c >>> 24, (c >> 16) & 0xff, (c >> 8) & 0xff, c & 0xff]));
    default: {
      // A legacy single-byte Java charset: the reverse of its decoding table.
      const decoder = new TextDecoder(charset);
      const table = new Map<string, number>();
      for (let b = 255; b >= 0; b--) table.set(decoder.decode(Uint8Array.of(b)), b);
      return Uint8Array.from(Array.from(text), (c) => table.get(c) ?? unmappable());
    }
  }
}

function decodeBytes(data: Uint8Array, charset: string, written: string, ctx: ExecutionContext): string {
  const fatal = !replaceOnError(ctx);
  try {
    switch (charset) {
      case 'us-ascii': {
        if (fatal && data.some((b) => b >= 0x80)) throw malformed('decode', written);
        return Array.from(data, (b) => (b < 0x80 ? String.fromCharCode(b) : '\ufffd')).join('');
      }
      case 'iso-8859-1': return Buffer.from(data).toString('latin1');
      case 'utf-16': {
        // Java's UTF-16 decoder: a byte-order mark chooses the order, big-endian without one.
        if (data[0] === 0xff && data[1] === 0xfe) return new TextDecoder('utf-16le', { fatal }).decode(data.subarray(2));
        const body = data[0] === 0xfe && data[1] === 0xff ? data.subarray(2) : data;
        return new TextDecoder('utf-16be', { fatal }).decode(body);
      }
      case 'utf-32': {
        let body = data;
        if (body[0] === 0 && body[1] === 0 && body[2] === 0xfe && body[3] === 0xff) body = body.subarray(4);
        if (fatal && body.length % 4 !== 0) throw malformed('decode', written);
        let out = '';
        for (let k = 0; k + 3 < body.length; k += 4) {
          const c = ((body[k] << 24) | (body[k + 1] << 16) | (body[k + 2] << 8) | body[k + 3]) >>> 0;
          if (c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) {
            if (fatal) throw malformed('decode', written);
            out += '\ufffd';
          } else out += String.fromCodePoint(c);
        }
        return out;
      }
      default: return new TextDecoder(charset, { fatal }).decode(data);
    }
  } catch (e) {
    if (e instanceof QuarryError) throw e;
    throw malformed('decode', written);
  }
}

/** encode(str, charset): the string's bytes in one of Spark's charsets. */
const encode = simpleFunction('encode', [StringType, StringType], BinaryType, (a, i, ctx) => {
  const written = str(a[1], i);
  return encodeText(str(a[0], i), resolveCharset('encode', written, ctx), written, ctx);
});

/**
 * decode(bin, charset) reads bytes in a charset; decode(expr, search, result [, search, result] … [, default])
 * is Oracle's DECODE: the result of the first search equal to expr (NULL matching NULL), else the default.
 */
const decode: ScalarFunction = {
  name: 'decode',
  bind(types, constants) {
    if (types.length < 2) throw wrongArgs('decode', 2, types.length);
    if (types.length === 2) {
      const bound = simpleFunction('decode', [BinaryType, StringType], StringType, (a, i, ctx) => {
        const written = str(a[1], i);
        return decodeBytes(bytes(a[0], i), resolveCharset('decode', written, ctx), written, ctx);
      }).bind(types, constants);
      return bound;
    }
    return oracleDecode(types);
  },
};

function oracleDecode(types: readonly DataType[]): BoundScalarFunction {
  const pairs = Math.floor((types.length - 1) / 2);
  const hasDefault = (types.length - 1) % 2 === 1;
  const keyType = commonTypeOf([types[0], ...Array.from({ length: pairs }, (_, k) => types[1 + 2 * k])], 'decode');
  const resultType = commonTypeOf([...Array.from({ length: pairs }, (_, k) => types[2 + 2 * k]), ...(hasDefault ? [types[types.length - 1]] : [])], 'decode');
  const outType = resultType.kind === 'null' ? StringType : resultType;
  const argTypes = types.map((_, i) => (i === 0 || (i % 2 === 1 && i < 1 + 2 * pairs) ? keyType : outType));
  /** For each row, the argument index of its result (-1 for NULL). */
  const choose = (args: readonly Vector[], n: number): Int32Array => {
    const chosen = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const key = getScalar(args[0], i);
      chosen[i] = hasDefault ? types.length - 1 : -1;
      for (let k = 0; k < pairs; k++) {
        const search = getScalar(args[1 + 2 * k], i);
        if ((key === null && search === null) || (key !== null && search !== null && compareValues(key, search) === 0)) {
          chosen[i] = 2 + 2 * k;
          break;
        }
      }
    }
    return chosen;
  };
  return {
    name: 'decode', argTypes, returnType: outType, display: callDisplay('decode'),
    evaluate(args: readonly Vector[], n: number): Vector {
      const chosen = choose(args, n);
      return vectorFromScalars(outType, Array.from(chosen, (k, i) => (k < 0 ? null : getScalar(args[k], i))));
    },
    // Like CASE, a result is evaluated only on the rows that choose it: decode(x, 0, NULL, 1 / x).
    evaluateLazily(args, batch, ctx) {
      const n = batch.numRows;
      const keys = [0, ...Array.from({ length: pairs }, (_, k) => 1 + 2 * k)];
      const evaluated: Vector[] = [];
      for (const k of keys) evaluated[k] = args[k].evaluate(batch, ctx);
      const chosen = choose(evaluated, n);
      const values: Scalar[] = new Array(n).fill(null);
      for (let k = 2; k < types.length; k++) {
        if (keys.includes(k)) continue;
        const rows: number[] = [];
        for (let i = 0; i < n; i++) if (chosen[i] === k) rows.push(i);
        if (rows.length === 0) continue;
        const result = args[k].evaluate(rows.length === n ? batch : takeRows(batch, rows), ctx);
        rows.forEach((row, j) => { values[row] = getScalar(result, j); });
      }
      return vectorFromScalars(outType, values);
    },
  };
}

// ---- UTF-8 validation --------------------------------------------------------------------------

/** The argument's bytes: a binary as it is, anything else as its UTF-8 text. */
function utf8Function(name: string, returnType: DataType, fn: (data: Uint8Array, valid: boolean) => Scalar): ScalarFunction {
  return {
    name,
    bind(types) {
      if (types.length !== 1) throw wrongArgs(name, 1, types.length);
      const argType = types[0].kind === 'binary' ? BinaryType : StringType;
      return {
        name, argTypes: [argType], returnType, display: callDisplay(name),
        evaluate: (args, n) => mapRows(returnType, args, n, (i) => {
          const x = getScalar(args[0], i);
          const data = typeof x === 'string' ? Uint8Array.from(Buffer.from(x, 'utf8')) : (x as Uint8Array);
          let valid = true;
          try { new TextDecoder('utf-8', { fatal: true }).decode(data); } catch { valid = false; }
          return fn(data, valid);
        }),
      };
    },
  };
}

const invalidUtf8 = (data: Uint8Array) => new QuarryError(SqlState.characterNotInRepertoire,
  `[INVALID_UTF8_STRING] Invalid UTF8 byte sequence found in string: ${Array.from(data, (b) => (b < 0x80 ? String.fromCharCode(b) : `\\x${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('')}.`,
  undefined, 'INVALID_UTF8_STRING');

/** to_char(binary, fmt): the bytes as base64, hex (upper case) or UTF-8 text. */
export function binaryToString(data: Uint8Array, format: string): string {
  switch (format.toLowerCase()) {
    case 'base64': return Buffer.from(data).toString('base64');
    case 'hex': return Buffer.from(data).toString('hex').toUpperCase();
    case 'utf-8': case 'utf8': return new TextDecoder('utf-8').decode(data);
    default:
      throw new QuarryError(SqlState.invalidArgumentType,
        `[DATATYPE_MISMATCH.INVALID_ARG_VALUE] Cannot resolve "to_char(…)" due to data type mismatch: the format value must be a case-insensitive "STRING" literal of 'base64', 'hex', 'utf-8', or 'utf8', but got '${format.toLowerCase()}'.`,
        undefined, 'DATATYPE_MISMATCH.INVALID_ARG_VALUE');
  }
}

// ---- lpad/rpad of binaries ---------------------------------------------------------------------

/** Byte padding: the pattern repeated from its start, the input cut to `length` bytes. */
export function padBytes(data: Uint8Array, length: number, padding: Uint8Array, left: boolean): Uint8Array {
  if (length <= data.length) return data.slice(0, Math.max(length, 0));
  if (padding.length === 0) return data;
  const fill = Uint8Array.from({ length: length - data.length }, (_, k) => padding[k % padding.length]);
  const out = new Uint8Array(length);
  out.set(left ? fill : data, 0);
  out.set(left ? data : fill, left ? fill.length : data.length);
  return out;
}

export const binaryPad = (name: 'lpad' | 'rpad') =>
  simpleFunction(name, [BinaryType, IntegerType, BinaryType], BinaryType,
    (a, i) => padBytes(bytes(a[0], i), Number(getScalar(a[1], i)), a.length > 2 ? bytes(a[2], i) : Uint8Array.of(0), name === 'lpad'),
    { optional: 1 });

export const binaryFunctions: ScalarFunction[] = [
  simpleFunction('unhex', [StringType], BinaryType, (a, i) => unhexBytes(str(a[0], i))),
  toBinary('to_binary'),
  toBinary('try_to_binary'),
  encode,
  decode,
  utf8Function('is_valid_utf8', BooleanType, (_, valid) => valid),
  utf8Function('make_valid_utf8', StringType, (data) => new TextDecoder('utf-8').decode(data)),
  utf8Function('validate_utf8', StringType, (data, valid) => {
    if (!valid) throw invalidUtf8(data);
    return new TextDecoder('utf-8').decode(data);
  }),
  utf8Function('try_validate_utf8', StringType, (data, valid) => (valid ? new TextDecoder('utf-8').decode(data) : null)),
];
