// Math functions: abs, round, floor, ceil.

import { DataType, DoubleType, IntegerType, LongType, MAX_FAST_DECIMAL_PRECISION, decimalType, isInterval, isNumeric, typeToString } from '../../common/types.js';
import { QuarryError, SqlState } from '../../common/errors.js';
import { Vector, getScalar } from '../../common/vector.js';
import { pow10 } from '../../common/values.js';
import { rescaleDecimal } from '../expressions/cast.js';
import { BoundScalarFunction, ScalarFunction, callDisplay } from './function.js';
import { wrongArgs } from './conditional.js';
import { mapRows } from './kernels.js';
import { simpleFunction } from './simple_function.js';

function numericArgument(name: string, types: readonly DataType[], arity: [number, number]): DataType {
  if (types.length < arity[0] || types.length > arity[1]) throw wrongArgs(name, arity[0], types.length);
  const t = types[0].kind === 'string' || types[0].kind === 'null' ? DoubleType : types[0];
  if (!isNumeric(t)) {
    throw new QuarryError(SqlState.datatypeMismatch,
      `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] The first parameter of \`${name}\` requires a numeric type, not ${typeToString(types[0]).toUpperCase()}.`);
  }
  return t;
}

const abs: ScalarFunction = {
  name: 'abs',
  bind(types): BoundScalarFunction {
    // ANSI intervals have an absolute value too (Spark's Abs takes NumericType or AnsiIntervalType).
    const t = types.length === 1 && isInterval(types[0]) ? types[0] : numericArgument('abs', types, [1, 1]);
    return {
      name: 'abs', argTypes: [t], returnType: t, display: callDisplay('abs'),
      evaluate: ([a], n) => mapRows(t, [a], n, (i) => {
        const x = getScalar(a, i) as number | bigint;
        return x < 0 ? -x : x;
      }),
    };
  },
};

/** round(x, d) rounds half up, bround would round half even; the result keeps x's type family. */
const round: ScalarFunction = {
  name: 'round',
  bind(types, constants): BoundScalarFunction {
    const t = numericArgument('round', types, [1, 2]);
    const digits = types.length > 1 ? Number(constants?.[1] ?? 0) : 0;
    const returnType = t.kind === 'decimal' ? decimalType(Math.min(38, t.precision - t.scale + Math.max(digits, 0) + 1), Math.max(0, Math.min(t.scale, digits))) : t;
    return {
      name: 'round', argTypes: types.length > 1 ? [t, IntegerType] : [t], returnType, display: callDisplay('round'),
      evaluate: (args, n) => mapRows(returnType, args, n, (i) => {
        const scale = args.length > 1 ? (getScalar(args[1], i) as number) : 0;
        const x = getScalar(args[0], i) as number | bigint;
        if (t.kind === 'decimal' && returnType.kind === 'decimal') {
          const kept = Math.min(scale, returnType.scale);
          // Half up at `kept` digits (negative: to tens, hundreds…).
          const rounded = rescaleDecimal(BigInt(x), t.scale, kept);
          // Wide results stay exact bigints: float64 keeps only 15 digits.
          const unscaled = rounded * pow10(returnType.scale - kept);
          return returnType.precision <= MAX_FAST_DECIMAL_PRECISION ? Number(unscaled) : unscaled;
        }
        if (t.kind === 'double' || t.kind === 'float') return roundHalfUp(Number(x), scale);
        const f = 10 ** scale;
        const v = Number(x);
        return Math.sign(v) * Math.round(Math.abs(v) * f) / f;
      }),
    };
  },
};

/**
 * Spark rounds a double as BigDecimal(x), the decimal Java prints for it, so round(2.675, 2) is
 * 2.68 (x * 100 is 267.49999… in binary), and the result is never -0.0.
 */
function roundHalfUp(v: number, scale: number): number {
  if (!Number.isFinite(v) || v === 0) return v === 0 ? 0 : v;
  const [mantissa, exponent = '0'] = Math.abs(v).toString().split('e');
  const [whole, fraction = ''] = mantissa.split('.');
  const digits = whole + fraction;
  const keep = whole.length + Number(exponent) + scale;
  if (keep >= digits.length) return v;
  if (keep < 0) return 0;
  const rounded = BigInt(digits.slice(0, keep) || '0') + (digits[keep] >= '5' ? 1n : 0n);
  const magnitude = Number(`${rounded}e${-scale}`);
  return magnitude === 0 ? 0 : v < 0 ? -magnitude : magnitude;
}

function rounding(name: 'floor' | 'ceil', op: (x: number) => number): ScalarFunction {
  return {
    name,
    aliases: name === 'ceil' ? ['ceiling'] : [],
    bind(types) {
      const t = numericArgument(name, types, [1, 1]);
      const returnType = t.kind === 'decimal' ? decimalType(Math.min(38, t.precision - t.scale + 1), 0) : LongType;
      return {
        name, argTypes: [t], returnType, display: callDisplay(name),
        evaluate: ([a]: readonly Vector[], n: number) => mapRows(returnType, [a], n, (i) => {
          const x = getScalar(a, i) as number | bigint;
          if (typeof x === 'bigint') {
            if (t.kind !== 'decimal') return x;
            // A wide decimal's unscaled value: divide exactly, then round toward -∞ or +∞.
            const unit = 10n ** BigInt(t.scale);
            const quotient = x / unit, remainder = x % unit;
            return name === 'floor' ? quotient - (remainder < 0n ? 1n : 0n) : quotient + (remainder > 0n ? 1n : 0n);
          }
          return t.kind === 'decimal' ? op(x / 10 ** t.scale) : op(x);
        }),
      };
    },
  };
}

const D = DoubleType;
const x = (a: readonly Vector[], i: number, k = 0) => Number(getScalar(a[k], i));
/** Math.* of a double; NaN and infinities pass through as Spark's Java math does. */
const unary = (name: string, f: (v: number) => number, aliases: string[] = []) =>
  simpleFunction(name, [D], D, (a, i) => f(x(a, i)), { aliases });
/** Spark returns NULL for logarithms of non-positive numbers. */
const logarithm = (f: (v: number) => number) => (v: number) => (v <= 0 ? null : f(v));

/**
 * rand([seed]) / random([seed]): uniform in [0, 1). With a seed the sequence is repeatable within
 * a statement (mulberry32), as Spark's is within a partition.
 */
const rand: ScalarFunction = {
  name: 'rand',
  aliases: ['random'],
  bind(types, constants = []) {
    if (types.length > 1) throw wrongArgs('rand', '[0, 1]', types.length);
    const seed = constants[0];
    let state = typeof seed === 'number' || typeof seed === 'bigint' ? Number(seed) >>> 0 : (Math.random() * 2 ** 32) >>> 0;
    const next = () => {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    return {
      name: 'rand', argTypes: types.map(() => LongType), returnType: DoubleType, deterministic: false, display: callDisplay('rand'),
      evaluate(_args, n) {
        const out = new Float64Array(n);
        for (let i = 0; i < n; i++) out[i] = next();
        return { type: DoubleType, length: n, data: out, validity: null };
      },
    };
  },
};

/**
 * width_bucket(v, min, max, n): the 1-based bucket of v among n equal-width buckets between min
 * and max (which may be reversed), 0 below and n + 1 above; NULL for n <= 0, equal or non-finite bounds.
 */
function widthBucket(value: number, min: number, max: number, buckets: number): number | null {
  if (buckets <= 0 || buckets === Number.MAX_SAFE_INTEGER || Number.isNaN(value) || min === max || !Number.isFinite(min) || !Number.isFinite(max)) return null;
  const lower = Math.min(min, max), upper = Math.max(min, max);
  if (min < max) {
    if (value < lower) return 0;
    if (value >= upper) return buckets + 1;
    return Math.trunc((buckets * (value - lower)) / (upper - lower)) + 1;
  }
  if (value > upper) return 0;
  if (value <= lower) return buckets + 1;
  return Math.trunc((buckets * (upper - value)) / (upper - lower)) + 1;
}

export const mathFunctions: ScalarFunction[] = [
  simpleFunction('width_bucket', [D, D, D, LongType], LongType, (a, i) => widthBucket(x(a, i), x(a, i, 1), x(a, i, 2), x(a, i, 3))),
  rand,
  abs, round, rounding('floor', Math.floor), rounding('ceil', Math.ceil),
  unary('sqrt', Math.sqrt), unary('exp', Math.exp), unary('sin', Math.sin), unary('cos', Math.cos), unary('tan', Math.tan),
  unary('asin', Math.asin), unary('acos', Math.acos), unary('atan', Math.atan), unary('cbrt', Math.cbrt),
  unary('degrees', (v) => (v * 180) / Math.PI), unary('radians', (v) => (v * Math.PI) / 180),
  unary('signum', Math.sign, ['sign']),
  simpleFunction('ln', [D], D, (a, i) => logarithm(Math.log)(x(a, i))),
  simpleFunction('log10', [D], D, (a, i) => logarithm(Math.log10)(x(a, i))),
  simpleFunction('log2', [D], D, (a, i) => logarithm(Math.log2)(x(a, i))),
  simpleFunction('log', [D, D], D, (a, i) => (a.length === 1 ? logarithm(Math.log)(x(a, i))
    : x(a, i) <= 0 || x(a, i, 1) <= 0 ? null : Math.log(x(a, i, 1)) / Math.log(x(a, i))), { optional: 1 }),
  simpleFunction('pow', [D, D], D, (a, i) => Math.pow(x(a, i), x(a, i, 1)), { aliases: ['power'] }),
  simpleFunction('atan2', [D, D], D, (a, i) => Math.atan2(x(a, i), x(a, i, 1))),
  simpleFunction('pi', [], D, () => Math.PI),
  simpleFunction('e', [], D, () => Math.E),
];
