// Spark's number format strings (ToNumberParser): to_number / try_to_number read text as a
// decimal, to_char / to_varchar write a decimal as text. Formats: 0 and 9 (digits), , or G
// (thousands separators), . or D (decimal point), $, S (sign), MI (minus), PR (<angle brackets>).
// The format must be a constant; it is checked when the call is bound, as Spark does.

import { DataType, DecimalType, MAX_FAST_DECIMAL_PRECISION, StringType, decimalForIntegral, decimalType, isFractional, isIntegral, typeToString } from '../../common/types.js';
import { QuarryError, SqlState } from '../../common/errors.js';
import { Vector, getScalar } from '../../common/vector.js';
import { formatDecimal } from '../../common/values.js';
import { castToString, rescaleDecimal } from '../expressions/cast.js';
import { defaultExecutionContext } from '../context.js';
import { wrongArgs } from './conditional.js';
import { BoundScalarFunction, ScalarFunction, callDisplay } from './function.js';
import { mapRows } from './kernels.js';
import { binaryToString } from './binary.js';
import { formatDatetime } from './datetime_patterns.js';

interface NumberFormat {
  readonly text: string;
  readonly prefix: readonly ('$' | 'S' | 'MI')[];
  readonly suffix: readonly ('$' | 'S' | 'MI' | 'PR')[];
  /** The integer part as written: digits (0/9) and separators (,). */
  readonly integer: string;
  /** Digit counts between the integer part's separators, left to right. */
  readonly groups: readonly number[];
  readonly hasPoint: boolean;
  readonly fractionDigits: number;
  /** The integer part starts with 0: formatting pads with zeros. */
  readonly zeroPadded: boolean;
}

const invalidFormat = (sub: string, format: string, detail: string) => new QuarryError(SqlState.syntaxError,
  `[INVALID_FORMAT.${sub}] The format is invalid: '${format}'. ${detail}`, undefined, `INVALID_FORMAT.${sub}`);

/** Parses and checks a format string, raising Spark's INVALID_FORMAT errors. */
export function parseNumberFormat(format: string): NumberFormat {
  if (format === '') throw invalidFormat('EMPTY', format, 'The number format string cannot be empty.');
  const upper = format.toUpperCase();
  let k = 0;
  const prefix: NumberFormat['prefix'][number][] = [];
  const suffix: NumberFormat['suffix'][number][] = [];
  const readSymbol = (allowPR: boolean): string | null => {
    if (upper.startsWith('MI', k)) { k += 2; return 'MI'; }
    if (allowPR && upper.startsWith('PR', k)) { k += 2; return 'PR'; }
    if (upper[k] === 'S' || upper[k] === '$') return upper[k++];
    return null;
  };
  for (let s = readSymbol(false); s !== null; s = readSymbol(false)) prefix.push(s as '$');
  let integer = '', fraction = '', hasPoint = false;
  for (; k < upper.length; k++) {
    const c = upper[k];
    if (c === '0' || c === '9') {
      if (hasPoint) fraction += c; else integer += c;
    } else if (c === ',' || c === 'G') {
      if (hasPoint) {
        throw invalidFormat('THOUSANDS_SEPS_MUST_BEFORE_DEC', format, 'Thousands separators (, or G) may not appear after the decimal point in the number format.');
      }
      integer += ',';
    } else if (c === '.' || c === 'D') {
      if (hasPoint) throw invalidFormat('UNEXPECTED_TOKEN', format, `Found the unexpected '${format[k]}' in the format string; the structure of the format string must match: \`[MI|S]\` \`[$]\` \`[0|9|G|,]*\` \`[.|D]\` \`[0|9]*\` \`[$]\` \`[PR|MI|S]\`.`);
      hasPoint = true;
    } else break;
  }
  for (let s = readSymbol(true); s !== null; s = readSymbol(true)) suffix.push(s as 'PR');
  if (k < upper.length) {
    throw invalidFormat('UNEXPECTED_TOKEN', format, `Found the unexpected '${format[k]}' in the format string; the structure of the format string must match: \`[MI|S]\` \`[$]\` \`[0|9|G|,]*\` \`[.|D]\` \`[0|9]*\` \`[$]\` \`[PR|MI|S]\`.`);
  }
  if (integer.replace(/,/g, '') === '' && fraction === '') {
    throw invalidFormat('WRONG_NUM_DIGIT', format, 'The format string requires at least one number digit.');
  }
  const groups = integer.split(',').map((g) => g.length);
  if (integer.includes(',') && groups.some((g) => g === 0)) {
    throw invalidFormat('CONT_THOUSANDS_SEPS', format, 'Thousands separators (, or G) must have digits in between them in the number format.');
  }
  const signs = [...prefix, ...suffix].filter((s) => s !== '$');
  if (signs.length > 1 || prefix.filter((s) => s === '$').length + suffix.filter((s) => s === '$').length > 1) {
    throw invalidFormat('UNEXPECTED_TOKEN', format, 'The format string may contain at most one sign and one currency symbol.');
  }
  return { text: format, prefix, suffix, integer, groups, hasPoint, fractionDigits: fraction.length, zeroPadded: integer.startsWith('0') };
}

const resultType = (f: NumberFormat): DecimalType => decimalType(f.groups.reduce((a, b) => a + b, 0) + f.fractionDigits, f.fractionDigits);

/** Reads `input` by the format: the unscaled decimal, or null when the text does not match. */
function parseNumber(input: string, f: NumberFormat): bigint | null {
  let k = 0, negative = false, bracket = false;
  const sign = (token: string) => {
    if (token === '$') { if (input[k] !== '$') return false; k++; return true; }
    if (token === 'S' && (input[k] === '+' || input[k] === '-')) { negative = input[k] === '-'; k++; }
    if (token === 'MI' && input[k] === '-') { negative = true; k++; }
    return true;
  };
  if (f.suffix.includes('PR') && input[k] === '<') { bracket = true; negative = true; k++; }
  for (const token of f.prefix) if (!sign(token)) return null;
  let integerText = '';
  while (k < input.length && /[0-9,]/.test(input[k])) integerText += input[k++];
  let fraction = '';
  if (input[k] === '.') {
    if (!f.hasPoint) return null;
    k++;
    while (k < input.length && /[0-9]/.test(input[k])) fraction += input[k++];
  }
  for (const token of f.suffix) {
    if (token === 'PR') {
      if (bracket) { if (input[k] !== '>') return null; k++; }
    } else if (!sign(token)) return null;
  }
  if (k !== input.length || (integerText === '' && fraction === '')) return null;
  const actual = integerText.split(',').map((g) => g.length);
  if (actual.length > f.groups.length) return null;
  for (let j = 1; j <= actual.length; j++) {
    const got = actual[actual.length - j], expected = f.groups[f.groups.length - j];
    if (j === actual.length ? got > expected : got !== expected) return null;
  }
  if (fraction.length > f.fractionDigits) return null;
  const digits = integerText.replace(/,/g, '') + fraction.padEnd(f.fractionDigits, '0');
  const value = BigInt(digits === '' ? '0' : digits);
  return negative ? -value : value;
}

/** Writes the unscaled decimal `x` (at `scale`) by the format, as Spark's to_char does. */
function formatNumber(x: bigint, scale: number, f: NumberFormat): string {
  const negative = x < 0n;
  const rounded = rescaleDecimal(negative ? -x : x, scale, f.fractionDigits);
  const text = formatDecimal(rounded, f.fractionDigits);
  const [integerDigits, fractionDigits = ''] = text.split('.');
  const slots = f.integer.replace(/,/g, '').length;
  const overflow = integerDigits.length > slots && !(integerDigits === '0' && slots === 0);
  // The integer part, right to left: digits, then zeros (0 formats) or blanks.
  let integer = '';
  let d = integerDigits.length - 1;
  for (let p = f.integer.length - 1; p >= 0; p--) {
    const c = f.integer[p];
    if (c === ',') {
      integer = (d >= 0 || f.zeroPadded ? ',' : ' ') + integer;
    } else if (overflow) integer = `#${integer}`;
    else if (d >= 0) integer = integerDigits[d--] + integer;
    else integer = (f.zeroPadded ? '0' : ' ') + integer;
  }
  let body = integer + (f.hasPoint ? `.${overflow ? '#'.repeat(f.fractionDigits) : fractionDigits}` : '');
  const signChar = (token: string) => (token === '$' ? '$' : token === 'S' ? (negative ? '-' : '+') : negative ? '-' : ' ');
  const lead = f.prefix.map(signChar).join('') + (f.suffix.includes('PR') && negative ? '<' : '');
  const trail = f.suffix.map((t) => (t === 'PR' ? (negative ? '>' : '  ') : signChar(t))).join('');
  // Blanks go before the leading symbols, which sit right next to the first digit.
  const blanks = body.length - body.trimStart().length;
  body = ' '.repeat(blanks) + lead + body.slice(blanks);
  return body + trail;
}

const formatConstant = (name: string, types: readonly DataType[], constants: readonly unknown[] | undefined) => {
  const c = constants?.[1];
  if (c === undefined) {
    throw new QuarryError(SqlState.invalidArgumentType,
      `[DATATYPE_MISMATCH.NON_FOLDABLE_INPUT] Cannot resolve "${name}(…)" due to data type mismatch: the input \`format\` should be a foldable "STRING" expression; however, got a column.`,
      undefined, 'DATATYPE_MISMATCH.NON_FOLDABLE_INPUT');
  }
  return c === null ? null : castToString(c as never, types[1], defaultExecutionContext);
};

/** to_number(str, fmt) raises INVALID_FORMAT.MISMATCH_INPUT for text the format does not match; try_to_number gives NULL. */
function toNumber(name: 'to_number' | 'try_to_number'): ScalarFunction {
  return {
    name,
    bind(types, constants): BoundScalarFunction {
      if (types.length !== 2) throw wrongArgs(name, 2, types.length);
      const text = formatConstant(name, types, constants);
      const format = text === null ? null : parseNumberFormat(text);
      const type = format === null ? decimalType(38, 0) : resultType(format);
      return {
        name, argTypes: [StringType, StringType], returnType: type, display: callDisplay(name),
        evaluate: (args, n) => mapRows(type, args, n, (i) => {
          if (format === null) return null;
          const input = getScalar(args[0], i) as string;
          const value = parseNumber(input, format);
          if (value === null) {
            if (name === 'try_to_number') return null;
            throw new QuarryError(SqlState.syntaxError,
              `[INVALID_FORMAT.MISMATCH_INPUT] The input "STRING" '${input}' does not match the format '${format.text}'.`, undefined, 'INVALID_FORMAT.MISMATCH_INPUT');
          }
          return type.precision <= MAX_FAST_DECIMAL_PRECISION ? Number(value) : value;
        }),
      };
    },
  };
}

/** The decimal type a number is written from: integers exactly, floating point as decimal(30,15). */
function decimalInput(t: DataType): DecimalType | null {
  if (t.kind === 'decimal') return t;
  if (isIntegral(t)) return decimalForIntegral(t);
  if (isFractional(t) || t.kind === 'string' || t.kind === 'null') return decimalType(30, 15);
  return null;
}

/**
 * to_char / to_varchar: numbers by a number format, datetimes by a datetime pattern (date_format),
 * binaries as 'base64', 'hex' or 'utf-8' text.
 */
const toChar: ScalarFunction = {
  name: 'to_char',
  aliases: ['to_varchar'],
  bind(types, constants): BoundScalarFunction {
    if (types.length !== 2) throw wrongArgs('to_char', 2, types.length);
    const text = formatConstant('to_char', types, constants);
    const input = types[0];
    if (input.kind === 'date' || input.kind === 'timestamp' || input.kind === 'timestamp_ntz') {
      const ts: DataType = input.kind === 'timestamp_ntz' ? input : { kind: 'timestamp' };
      return {
        name: 'to_char', argTypes: [ts, StringType], returnType: StringType, display: callDisplay('to_char'),
        evaluate: (args, n, ctx) => mapRows(StringType, args, n, (i) =>
          formatDatetime(Number(getScalar(args[0], i)), getScalar(args[1], i) as string, ts.kind === 'timestamp' ? ctx.timeZone : undefined)),
      };
    }
    if (input.kind === 'binary') {
      return {
        name: 'to_char', argTypes: [input, StringType], returnType: StringType, display: callDisplay('to_char'),
        evaluate: (args, n) => mapRows(StringType, args, n, (i) => binaryToString(getScalar(args[0], i) as Uint8Array, text ?? 'hex')),
      };
    }
    const decimal = decimalInput(input);
    if (decimal === null) {
      throw new QuarryError(SqlState.invalidArgumentType,
        `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "to_char(…)" due to data type mismatch: the first parameter requires the "DECIMAL" type, however it has the type "${typeToString(input).toUpperCase()}".`,
        undefined, 'DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE');
    }
    const format = text === null ? null : parseNumberFormat(text);
    return {
      name: 'to_char', argTypes: [decimal, StringType], returnType: StringType, display: callDisplay('to_char'),
      evaluate: (args: readonly Vector[], n: number) => mapRows(StringType, args, n, (i) => {
        if (format === null) return null;
        return formatNumber(BigInt(getScalar(args[0], i) as number | bigint), decimal.scale, format);
      }),
    };
  },
};

export const numberFormatFunctions: ScalarFunction[] = [toNumber('to_number'), toNumber('try_to_number'), toChar];
