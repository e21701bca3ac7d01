// + - * / % div and unary minus, with Spark's result types (DecimalPrecision) and ANSI errors for
// overflow and division by zero. Integers and doubles stay in typed arrays; 64-bit values leave
// them only when a batch's results outgrow 2^53, decimals beyond 15 digits go through bigint.

import {
  DAY, DataType, DateType, DayTimeIntervalType, DecimalType, YearMonthIntervalType, dayTimeIntervalType, isInterval, DoubleType, IntegerType, LongType, MAX_DECIMAL_PRECISION, MAX_FAST_DECIMAL_PRECISION, TimestampType, boundedDecimal, decimalType,
  isFractional, isIntegral, isNumeric, typeToString,
} from '../../common/types.js';
import { QuarryError, SqlState } from '../../common/errors.js';
import { Scalar, Vector, getScalar, isSafeBigInt, take, vectorFromScalars } from '../../common/vector.js';
import { pow10 } from '../../common/values.js';
import { rescaleDecimal } from '../expressions/cast.js';
import { ExecutionContext } from '../context.js';
import { arithmeticOperandType, asDecimal, widerIntervalType, widerNumericType } from './coercion.js';
import { BindSettings, BoundScalarFunction, ScalarFunction, callDisplay, infixDisplay } from './function.js';
import { bigints, combinedValidity, numbers } from './kernels.js';
import { timeArithmetic } from './time.js';

type Op = 'add' | 'subtract' | 'multiply' | 'divide' | 'remainder' | 'div';

const SYMBOL: Record<Op, string> = { add: '+', subtract: '-', multiply: '*', divide: '/', remainder: '%', div: 'div' };

const INTEGRAL_LIMITS: Record<string, number> = { tinyint: 127, smallint: 32767, int: 2147483647 };
const LONG_MIN = -(2n ** 63n), LONG_MAX = 2n ** 63n - 1n;

export const divideByZero = () => new QuarryError(SqlState.divisionByZero,
  '[DIVIDE_BY_ZERO] Division by zero. Use `try_divide` to tolerate divisor being 0 and return NULL instead. If necessary set "spark.sql.ansi.enabled" to "false" to bypass this error.',
  undefined, 'DIVIDE_BY_ZERO');

export const remainderByZero = () => new QuarryError(SqlState.divisionByZero,
  '[REMAINDER_BY_ZERO] Remainder by zero. Use `try_mod` to tolerate divisor being 0 and return NULL instead. If necessary set "spark.sql.ansi.enabled" to "false" to bypass this error.',
  undefined, 'REMAINDER_BY_ZERO');

const zeroDivisorError = (op: Op) => (op === 'remainder' ? remainderByZero() : divideByZero());

const arithmeticOverflow = (type: DataType) => new QuarryError(SqlState.numericValueOutOfRange,
  `[ARITHMETIC_OVERFLOW] ${typeToString(type)} overflow. If necessary set "spark.sql.ansi.enabled" to "false" to bypass this error.`,
  undefined, 'ARITHMETIC_OVERFLOW');

const decimalOverflow = (type: DecimalType) => new QuarryError(SqlState.numericValueOutOfRange,
  `[NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION] The value cannot be represented as ${typeToString(type)}. If necessary set "spark.sql.ansi.enabled" to "false" to bypass this error.`,
  undefined, 'NUMERIC_VALUE_OUT_OF_RANGE');

function binaryArithmetic(op: Op, name: string): ScalarFunction {
  return {
    name,
    bind(types, constants, settings) {
      expectArgs(name, types, 2);
      // date + n and date - n are date_add and date_sub, as in Spark.
      const dateShift = timeArithmetic(op, types) ?? dateArithmetic(op, types) ?? intervalArithmetic(op, types) ?? datetimeDifference(op, types) ?? intervalScaling(op, types);
      if (dateShift) return dateShift;
      // date + '1' is Spark's date_add, whose day count must be an integer type, not a string.
      if (op === 'add' && types.some((t) => t.kind === 'date') && types.some((t) => t.kind === 'string')) {
        throw new QuarryError(SqlState.datatypeMismatch,
          `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "date_add": the second parameter requires ("INT" or "SMALLINT" or "TINYINT"), not ${typeToString(types[1]).toUpperCase()}.`,
          undefined, 'DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE');
      }
      // Under ANSI rules a string only takes the type of a number on the other side: '1' + '1' has none.
      if (settings?.ansi !== false && types.every((t) => t.kind === 'string')) {
        throw new QuarryError(SqlState.datatypeMismatch,
          `[DATATYPE_MISMATCH.BINARY_OP_WRONG_TYPE] Cannot resolve "(string ${SYMBOL[op]} string)": the binary operator requires the input type ("NUMERIC" or "INTERVAL DAY TO SECOND" or "INTERVAL YEAR TO MONTH" or "INTERVAL"), not "STRING".`,
          undefined, 'DATATYPE_MISMATCH.BINARY_OP_WRONG_TYPE');
      }
      let [a, b] = types.map((t, i) => arithmeticOperandType(t, types[1 - i]));
      for (const t of [a, b]) {
        if (!isNumeric(t)) {
          throw new QuarryError(SqlState.datatypeMismatch,
            `[DATATYPE_MISMATCH.BINARY_OP_WRONG_TYPE] Cannot resolve "(${typeToString(types[0])} ${SYMBOL[op]} ${typeToString(types[1])})": the operator requires numeric operands.`);
        }
      }
      const anyDecimal = a.kind === 'decimal' || b.kind === 'decimal';
      if (op === 'div') return anyDecimal ? bindDecimalDiv(name, asDecimal(a)!, asDecimal(b)!) : bindInteger(op, name, LongType);
      // An integer literal meeting a decimal is as wide as its digits (Spark's DecimalType.fromLiteral).
      const literalDecimal = (t: DataType, k: number): DecimalType | null => {
        const value = settings?.literalArguments?.[k] === false ? undefined : constants?.[k];
        if (!anyDecimal || !isIntegral(t) || (typeof value !== 'number' && typeof value !== 'bigint')) return asDecimal(t);
        return decimalType(Math.max(1, String(value).replace('-', '').length), 0);
      };
      const decimalA = literalDecimal(a, 0), decimalB = literalDecimal(b, 1);
      if (anyDecimal && decimalA && decimalB) return bindDecimal(op, name, decimalA, decimalB, settings);
      if (op === 'divide') return bindFloating(op, name, DoubleType);
      const common = widerNumericType(a, b);
      return isFractional(common) ? bindFloating(op, name, common) : bindInteger(op, name, common);
    },
  };
}

function dateArithmetic(op: Op, types: readonly DataType[]): BoundScalarFunction | null {
  const [a, b] = types;
  // date + x is date_add(date, x) (x - date too) and date - x date_sub: x must be a whole number.
  const notDays = (t: DataType) => t.kind === 'string' || (isNumeric(t) && !isIntegral(t));
  if ((op === 'add' && ((a.kind === 'date' && notDays(b)) || (b.kind === 'date' && notDays(a))))
    || (op === 'subtract' && a.kind === 'date' && isNumeric(b) && !isIntegral(b))) {
    const days = a.kind === 'date' ? b : a;
    throw new QuarryError(SqlState.datatypeMismatch,
      `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "${op === 'add' ? 'date_add' : 'date_sub'}(…)" due to data type mismatch: the second parameter requires the ("INT" or "SMALLINT" or "TINYINT") type, however it has the type "${typeToString(days).toUpperCase()}".`,
      undefined, 'DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE');
  }
  const dateFirst = a.kind === 'date' && isIntegral(b);
  const dateSecond = op === 'add' && b.kind === 'date' && isIntegral(a);
  if (!(op === 'add' || op === 'subtract') || !(dateFirst || dateSecond)) return null;
  const sign = op === 'add' ? 1 : -1;
  return {
    name: op === 'add' ? 'date_add' : 'date_sub', argTypes: dateFirst ? [DateType, IntegerType] : [IntegerType, DateType], returnType: DateType,
    display: infixDisplay(SYMBOL[op]),
    evaluate(args, n) {
      const [dates, days] = dateFirst ? [args[0], args[1]] : [args[1], args[0]];
      const d = numbers(dates)!, k = numbers(days)!;
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) out[i] = d[i] + sign * k[i];
      return { type: DateType, length: n, data: out, validity: combinedValidity(args, n) };
    },
  };
}

const MICROS_PER_DAY = 86_400_000_000;

/** Days-since-epoch plus months, clamping the day of month (Jan 31 + 1 month = Feb 29). */
function addMonthsToDays(days: number, months: number): number {
  const d = new Date(days * 86_400_000);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), last));
  return Math.round(target.getTime() / 86_400_000);
}

/**
 * Datetimes and ANSI intervals: timestamp ± interval, date ± year-month interval (a date),
 * date ± day-time interval (a timestamp), interval ± interval of the same kind.
 */
function intervalArithmetic(op: Op, types: readonly DataType[]): BoundScalarFunction | null {
  if (op !== 'add' && op !== 'subtract') return null;
  let [a, b] = types;
  // datetime + NULL is datetime + an (unknown) interval: a timestamp, as in Spark.
  const datetime = (t: DataType) => t.kind === 'date' || t.kind === 'timestamp' || t.kind === 'timestamp_ntz';
  if (op === 'add' && a.kind === 'null' && datetime(b)) a = DayTimeIntervalType;
  if (op === 'add' && b.kind === 'null' && datetime(a)) b = DayTimeIntervalType;
  const swapped = op === 'add' && isInterval(a) && !isInterval(b);
  if (swapped) [a, b] = [b, a];
  if (!isInterval(b)) return null;
  const sign = op === 'add' ? 1 : -1;
  const ym = b.kind === 'interval_ym';
  let result: DataType;
  let argTypes: DataType[];
  let apply: (x: number, y: number, ctx: ExecutionContext) => number;
  if (isInterval(a)) {
    const wider = widerIntervalType(a, b);
    if (!wider) return null;
    result = wider; argTypes = [a, b];
    apply = (x, y) => x + sign * y;
  } else if (a.kind === 'date' && ym) {
    result = DateType; argTypes = [DateType, b];
    apply = (x, y) => addMonthsToDays(x, sign * y);
  } else if (a.kind === 'date' && b.kind === 'interval_dt' && b.startField === DAY && b.endField === DAY) {
    // Whole days keep a date a date (Spark's date_add(d, extractansiintervaldays(i))).
    result = DateType; argTypes = [DateType, b];
    apply = (x, y) => x + sign * Math.trunc(y / MICROS_PER_DAY);
  } else if (a.kind === 'timestamp' || a.kind === 'timestamp_ntz' || a.kind === 'date' || a.kind === 'string') {
    result = a.kind === 'timestamp_ntz' ? a : TimestampType; argTypes = [result, b];
    apply = ym
      ? (x, y, ctx) => {
        // Months move the wall clock, as java.time's plusMonths does, then map back to an instant.
        const local = result.kind === 'timestamp' ? ctx.timeZone.toLocal(x) : x;
        const days = Math.floor(local / MICROS_PER_DAY);
        const moved = local + (addMonthsToDays(days, sign * y) - days) * MICROS_PER_DAY;
        return result.kind === 'timestamp' ? ctx.timeZone.fromLocal(moved) : moved;
      }
      : (x, y) => x + sign * y;
  } else return null;
  const resultType = result;
  return {
    name: op, argTypes: swapped ? [argTypes[1], argTypes[0]] : argTypes, returnType: resultType, display: infixDisplay(SYMBOL[op]),
    evaluate(args, n, ctx) {
      const [x, y] = swapped ? [numbers(args[1])!, numbers(args[0])!] : [numbers(args[0])!, numbers(args[1])!];
      const out = resultType.kind === 'date' || resultType.kind === 'interval_ym' ? new Int32Array(n) : new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = apply(x[i], y[i], ctx);
      return { type: resultType, length: n, data: out, validity: combinedValidity(args, n) };
    },
  };
}

/** Rounds half away from zero, as Java's RoundingMode.HALF_UP. */
const roundHalfUp = (x: number) => Math.sign(x) * Math.round(Math.abs(x));

const intervalDividedByZero = () => new QuarryError('22012',
  '[INTERVAL_DIVIDED_BY_ZERO] Division by zero. Use `try_divide` to tolerate divisor being 0 and return NULL instead.', undefined, 'INTERVAL_DIVIDED_BY_ZERO');

/**
 * interval * number, number * interval and interval / number (Spark's Multiply/Divide YM/DT
 * Interval): the product or quotient rounded half up to whole months or microseconds, in the
 * widest type of the interval's kind. Integral products overflow as int (months) or bigint (micros).
 */
function intervalScaling(op: Op, types: readonly DataType[]): BoundScalarFunction | null {
  if (op !== 'multiply' && op !== 'divide') return null;
  const swapped = op === 'multiply' && isInterval(types[1]) && !isInterval(types[0]);
  const [interval, factor] = swapped ? [types[1], types[0]] : [types[0], types[1]];
  if (!isInterval(interval) || !(isNumeric(factor) || factor.kind === 'null')) return null;
  const factorType = factor.kind === 'null' ? IntegerType : factor;
  const resultType = interval.kind === 'interval_ym' ? YearMonthIntervalType : DayTimeIntervalType;
  const limit = interval.kind === 'interval_ym' ? 2147483647 : 9223372036854775807;
  const scale = factorType.kind === 'decimal' ? 10 ** factorType.scale : 1;
  return {
    name: op, argTypes: swapped ? [factorType, interval] : [interval, factorType], returnType: resultType, display: infixDisplay(SYMBOL[op]),
    evaluate(args, n) {
      const [values, factors] = swapped ? [args[1], args[0]] : [args[0], args[1]];
      const validity = combinedValidity(args, n);
      const out = resultType.kind === 'interval_ym' ? new Int32Array(n) : new Float64Array(n);
      for (let i = 0; i < n; i++) {
        if (validity !== null && validity[i] === 0) continue;
        const x = Number(getScalar(values, i)), k = Number(getScalar(factors, i)) / scale;
        if (op === 'divide' && k === 0) throw intervalDividedByZero();
        const result = roundHalfUp(op === 'multiply' ? x * k : x / k);
        if (!Number.isFinite(result) || Math.abs(result) > limit) throw arithmeticOverflow(resultType);
        out[i] = result;
      }
      return { type: resultType, length: n, data: out, validity };
    },
  };
}

/**
 * timestamp - timestamp (or a date, a string or NULL on one side) is the day-time interval between
 * them; date - date too (Spark's INTERVAL DAY, a day-time interval here). As Spark, timestamps
 * subtract as wall clocks of the session zone: a day across a DST change is still 24 hours.
 */
function datetimeDifference(op: Op, types: readonly DataType[]): BoundScalarFunction | null {
  if (op !== 'subtract') return null;
  const [a, b] = types;
  const isTimestamp = (t: DataType) => t.kind === 'timestamp' || t.kind === 'timestamp_ntz';
  const other = (t: DataType) => t.kind === 'date' || t.kind === 'string' || t.kind === 'null' || isTimestamp(t);
  let common: DataType;
  if (isTimestamp(a) && other(b)) common = b.kind === 'timestamp' ? b : a;
  else if (isTimestamp(b) && other(a)) common = a.kind === 'timestamp' ? a : b;
  else if (a.kind === 'date' && (b.kind === 'date' || b.kind === 'string' || b.kind === 'null')) common = DateType;
  else if (b.kind === 'date' && (a.kind === 'string' || a.kind === 'null')) common = DateType;
  else return null;
  const scale = common.kind === 'date' ? MICROS_PER_DAY : 1;
  // Dates are whole days apart: INTERVAL DAY (Spark's SubtractDates with ANSI intervals).
  const returnType = common.kind === 'date' ? dayTimeIntervalType(DAY, DAY) : DayTimeIntervalType;
  return {
    name: 'subtract', argTypes: [common, common], returnType, display: infixDisplay('-'),
    evaluate(args, n, ctx) {
      const x = numbers(args[0])!, y = numbers(args[1])!;
      const out = new Float64Array(n);
      if (common.kind === 'timestamp') for (let i = 0; i < n; i++) out[i] = ctx.timeZone.toLocal(x[i]) - ctx.timeZone.toLocal(y[i]);
      else for (let i = 0; i < n; i++) out[i] = (x[i] - y[i]) * scale;
      return { type: returnType, length: n, data: out, validity: combinedValidity(args, n) };
    },
  };
}

function expectArgs(name: string, types: readonly DataType[], n: number): void {
  if (types.length !== n) {
    throw new QuarryError('42605',
      `[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The \`${name}\` requires ${n} parameters but the actual number is ${types.length}.`);
  }
}

function bound(op: Op, name: string, argTypes: DataType[], returnType: DataType,
  evaluate: BoundScalarFunction['evaluate']): BoundScalarFunction {
  return { name, argTypes, returnType, evaluate, display: infixDisplay(SYMBOL[op]) };
}

function bindFloating(op: Op, name: string, type: DataType): BoundScalarFunction {
  return bound(op, name, [type, type], type, (args, n, ctx) => {
    const [x, y] = [numbers(args[0])!, numbers(args[1])!];
    const validity = combinedValidity(args, n);
    const out = type.kind === 'float' ? new Float32Array(n) : new Float64Array(n);
    let nulls: Uint8Array | null = validity;
    for (let i = 0; i < n; i++) {
      if (validity !== null && validity[i] === 0) continue;
      if ((op === 'divide' || op === 'remainder') && y[i] === 0) {
        if (ctx.ansi) throw zeroDivisorError(op);
        nulls ??= new Uint8Array(n).fill(1);
        nulls[i] = 0;
        continue;
      }
      out[i] = applyNumber(op, x[i], y[i]);
    }
    return { type, length: n, data: out, validity: nulls };
  });
}

function applyNumber(op: Op, a: number, b: number): number {
  switch (op) {
    case 'add': return a + b;
    case 'subtract': return a - b;
    case 'multiply': return a * b;
    case 'divide': return a / b;
    case 'remainder': return a % b;
    case 'div': return Math.trunc(a / b);
  }
}

function bindInteger(op: Op, name: string, type: DataType): BoundScalarFunction {
  const argType = op === 'div' ? LongType : type;
  return bound(op, name, [argType, argType], type, (args, n, ctx) => {
    const validity = combinedValidity(args, n);
    let nulls = validity;
    const x = numbers(args[0]), y = numbers(args[1]);
    const divides = op === 'div' || op === 'remainder';
    const nullOrThrow = (i: number) => {
      if (ctx.ansi) throw zeroDivisorError(op);
      nulls ??= new Uint8Array(n).fill(1);
      nulls[i] = 0;
    };
    if (x !== null && y !== null) {
      const out = type.kind === 'bigint' ? new Float64Array(n) : type.kind === 'int' ? new Int32Array(n) : type.kind === 'smallint' ? new Int16Array(n) : new Int8Array(n);
      const limit = INTEGRAL_LIMITS[type.kind];
      let exact = true;
      for (let i = 0; i < n; i++) {
        if (validity !== null && validity[i] === 0) continue;
        if (divides && y[i] === 0) { nullOrThrow(i); continue; }
        const r = applyNumber(op, x[i], y[i]);
        if (limit !== undefined) {
          if (r > limit || r < -limit - 1) {
            if (ctx.ansi) throw arithmeticOverflow(type);
            out[i] = wrap(r, type); // legacy mode wraps around like Java
            continue;
          }
        } else if (!Number.isSafeInteger(r)) { exact = false; break; }
        out[i] = r;
      }
      if (exact) return { type, length: n, data: out, validity: nulls };
    }
    // 64-bit values beyond 2^53: exact in bigint.
    const bx = bigints(args[0]), by = bigints(args[1]);
    const out = new BigInt64Array(n);
    for (let i = 0; i < n; i++) {
      if (validity !== null && validity[i] === 0) continue;
      const a = bx(i), b = by(i);
      if (divides && b === 0n) { nullOrThrow(i); continue; }
      let r: bigint;
      switch (op) {
        case 'add': r = a + b; break;
        case 'subtract': r = a - b; break;
        case 'multiply': r = a * b; break;
        default: r = op === 'remainder' ? a % b : a / b;
      }
      if (r < LONG_MIN || r > LONG_MAX) {
        if (ctx.ansi) throw arithmeticOverflow(type);
        r = BigInt.asIntN(64, r);
      }
      out[i] = r;
    }
    return normalizeLong(type, out, n, nulls);
  });
}

function wrap(r: number, type: DataType): number {
  const bits = type.kind === 'int' ? 32 : type.kind === 'smallint' ? 16 : 8;
  return Number(BigInt.asIntN(bits, BigInt(r)));
}

/** A bigint result back in the float64 form when every value allows it. */
function normalizeLong(type: DataType, values: BigInt64Array, n: number, validity: Uint8Array | null): Vector {
  for (let i = 0; i < n; i++) if (!isSafeBigInt(values[i])) return { type, length: n, data: values, validity };
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = Number(values[i]);
  return { type, length: n, data: out, validity };
}

/**
 * Spark's DecimalPrecision result types. Past 38 digits, allowPrecisionLoss (the default) keeps at
 * least 6 fractional digits and gives up scale; without it both are merely capped at 38.
 */
export function decimalResultType(op: Op, a: DecimalType, b: DecimalType, allowPrecisionLoss = true): DecimalType {
  const [p1, s1, p2, s2] = [a.precision, a.scale, b.precision, b.scale];
  const fit = allowPrecisionLoss ? boundedDecimal : cappedDecimal;
  switch (op) {
    case 'add': case 'subtract': {
      const scale = Math.max(s1, s2);
      return fit(Math.max(p1 - s1, p2 - s2) + scale + 1, scale);
    }
    case 'multiply': return fit(p1 + p2 + 1, s1 + s2);
    case 'divide': {
      if (!allowPrecisionLoss) {
        // Spark splits the excess over 38 digits between the integral and fractional parts.
        let intDigits = Math.min(MAX_DECIMAL_PRECISION, p1 - s1 + s2);
        let fraction = Math.min(MAX_DECIMAL_PRECISION, Math.max(6, s1 + p2 + 1));
        const excess = intDigits + fraction - MAX_DECIMAL_PRECISION;
        if (excess > 0) {
          fraction -= Math.floor(excess / 2) + 1;
          intDigits = MAX_DECIMAL_PRECISION - fraction;
        }
        return cappedDecimal(intDigits + fraction, fraction);
      }
      const scale = Math.max(6, s1 + p2 + 1);
      return boundedDecimal(p1 - s1 + s2 + scale, scale);
    }
    case 'remainder': {
      const scale = Math.max(s1, s2);
      return fit(Math.min(p1 - s1, p2 - s2) + scale, scale);
    }
    case 'div': return boundedDecimal(20, 0);
  }
}

/** Spark's DecimalType.bounded: precision and scale each capped at 38. */
function cappedDecimal(precision: number, scale: number): DecimalType {
  return decimalType(Math.min(precision, MAX_DECIMAL_PRECISION), Math.min(scale, MAX_DECIMAL_PRECISION));
}

/**
 * `a div b` with a decimal side: the quotient of the exact values truncated toward zero, a BIGINT
 * (Spark's IntegralDivide), so operands wider than a BIGINT still divide.
 */
function bindDecimalDiv(name: string, a: DecimalType, b: DecimalType): BoundScalarFunction {
  return bound('div', name, [a, b], LongType, (args, n, ctx) => {
    const validity = combinedValidity(args, n);
    let nulls = validity;
    const bx = bigints(args[0]), by = bigints(args[1]);
    const out = new BigInt64Array(n);
    for (let i = 0; i < n; i++) {
      if (validity !== null && validity[i] === 0) continue;
      const r = decimalOp('div', bx(i), a.scale, by(i), b.scale, 0);
      if (r === null || r < LONG_MIN || r > LONG_MAX) {
        if (ctx.ansi) throw r === null ? divideByZero() : arithmeticOverflow(LongType);
        nulls ??= new Uint8Array(n).fill(1);
        nulls[i] = 0;
        continue;
      }
      out[i] = r;
    }
    return normalizeLong(LongType, out, n, nulls);
  });
}

function bindDecimal(op: Op, name: string, a: DecimalType, b: DecimalType, settings?: BindSettings): BoundScalarFunction {
  const type = decimalResultType(op, a, b, settings?.decimalAllowPrecisionLoss ?? true);
  const limit = pow10(type.precision);
  const fast = type.precision <= MAX_FAST_DECIMAL_PRECISION && (op === 'add' || op === 'subtract' || op === 'multiply');
  return bound(op, name, [a, b], type, (args, n, ctx) => {
    const validity = combinedValidity(args, n);
    let nulls = validity;
    const x = numbers(args[0]), y = numbers(args[1]);
    if (fast && x !== null && y !== null) {
      // Results of at most 15 digits are exact in float64 arithmetic on unscaled integers.
      const out = new Float64Array(n);
      const fx = 10 ** (op === 'multiply' ? 0 : type.scale - a.scale), fy = 10 ** (op === 'multiply' ? 0 : type.scale - b.scale);
      for (let i = 0; i < n; i++) {
        if (validity !== null && validity[i] === 0) continue;
        out[i] = op === 'add' ? x[i] * fx + y[i] * fy : op === 'subtract' ? x[i] * fx - y[i] * fy : x[i] * y[i];
      }
      return { type, length: n, data: out, validity };
    }
    const bx = bigints(args[0]), by = bigints(args[1]);
    // Wide results of narrow operands: a product or sum that is a safe integer in float64 is exact.
    // While every result is, the column stays a Float64Array; the first that is not moves it to bigints.
    const exact = op === 'multiply' ? type.scale === a.scale + b.scale : op === 'add' || op === 'subtract';
    const nx = asNumbers(args[0]), ny = asNumbers(args[1]);
    const fx = 10 ** (type.scale - a.scale), fy = 10 ** (type.scale - b.scale);
    let floats: Float64Array | null = exact ? new Float64Array(n) : null;
    let wide: bigint[] | null = floats === null ? new Array(n).fill(0n) : null;
    let i = 0;
    if (floats !== null && x instanceof Float64Array && y instanceof Float64Array) {
      // The common case, both operands unscaled integers in float64: one tight loop per operator
      // until a result is not safe.
      i = op === 'multiply' ? exactProducts(x, y, floats, n, validity) : exactSums(x, fx, y, op === 'add' ? fy : -fy, floats, n, validity);
    } else if (floats !== null && x !== null && y !== null) {
      for (; i < n; i++) {
        const u = op === 'multiply' ? x[i] : x[i] * fx, v = op === 'multiply' ? y[i] : y[i] * fy;
        const p = op === 'multiply' ? u * v : op === 'add' ? u + v : u - v;
        if (!(Number.isSafeInteger(p) && Number.isSafeInteger(u) && Number.isSafeInteger(v))) {
          if (validity === null || validity[i] === 1) break;
        } else floats[i] = p;
      }
    }
    for (; i < n; i++) {
      if (validity !== null && validity[i] === 0) continue;
      if (floats !== null) {
        // Each term safe too: a rounded term could otherwise sum to a safe but wrong integer.
        const u = op === 'multiply' ? nx(i) : nx(i) * fx, v = op === 'multiply' ? ny(i) : ny(i) * fy;
        const p = op === 'multiply' ? u * v : op === 'add' ? u + v : u - v;
        if (Number.isSafeInteger(p) && Number.isSafeInteger(u) && Number.isSafeInteger(v)) {
          floats[i] = p;
          continue;
        }
        wide = Array.from(floats, (x) => BigInt(x));
        floats = null;
      }
      const r = decimalOp(op, bx(i), a.scale, by(i), b.scale, type.scale);
      if (r === null || r >= limit || r <= -limit) {
        if (ctx.ansi) throw r === null ? zeroDivisorError(op) : decimalOverflow(type);
        nulls ??= new Uint8Array(n).fill(1);
        nulls[i] = 0;
        continue;
      }
      wide![i] = r;
    }
    if (floats !== null) return { type, length: n, data: floats, validity: nulls };
    if (type.precision <= MAX_FAST_DECIMAL_PRECISION) {
      return { type, length: n, data: Float64Array.from(wide!, Number), validity: nulls };
    }
    return { type, length: n, data: wide, validity: nulls };
  });
}

/**
 * x[i] * y[i] into out while each product of the (whole, safe) unscaled operands is safe; the first
 * row with a value where it is not (n when none). Whole operands make |p| ≤ 2^53 − 1 the whole test.
 */
function exactProducts(x: Float64Array, y: Float64Array, out: Float64Array, n: number, validity: Uint8Array | null): number {
  for (let i = 0; i < n; i++) {
    const p = x[i] * y[i];
    if (Math.abs(p) <= Number.MAX_SAFE_INTEGER) out[i] = p;
    else if (validity === null || validity[i] === 1) return i;
  }
  return n;
}

/** x[i] * fx + y[i] * fy (fy negative for a difference), as exactProducts, with each scaled term safe too. */
function exactSums(x: Float64Array, fx: number, y: Float64Array, fy: number, out: Float64Array, n: number, validity: Uint8Array | null): number {
  for (let i = 0; i < n; i++) {
    const u = x[i] * fx, v = y[i] * fy, p = u + v;
    if (Math.abs(p) <= Number.MAX_SAFE_INTEGER && Math.abs(u) <= Number.MAX_SAFE_INTEGER && Math.abs(v) <= Number.MAX_SAFE_INTEGER) out[i] = p;
    else if (validity === null || validity[i] === 1) return i;
  }
  return n;
}

/** Unscaled values as float64 (bigints past 2^53 come out unsafe, so callers fall back). */
function asNumbers(v: Vector): (i: number) => number {
  const nums = numbers(v);
  if (nums !== null) return (i) => nums[i];
  const data = v.data as readonly bigint[] | BigInt64Array | null;
  return data === null ? () => NaN : (i) => Number(data[i]);
}

/** One decimal operation on unscaled values; null for division by zero. */
function decimalOp(op: Op, x: bigint, sx: number, y: bigint, sy: number, scale: number): bigint | null {
  switch (op) {
    case 'add': return rescaleDecimal(x, sx, scale) + rescaleDecimal(y, sy, scale);
    case 'subtract': return rescaleDecimal(x, sx, scale) - rescaleDecimal(y, sy, scale);
    case 'multiply': return rescaleDecimal(x * y, sx + sy, scale);
    case 'remainder': {
      if (y === 0n) return null;
      const common = Math.max(sx, sy);
      return rescaleDecimal(rescaleDecimal(x, sx, common) % rescaleDecimal(y, sy, common), common, scale);
    }
    case 'div': {
      if (y === 0n) return null;
      const common = Math.max(sx, sy);
      return rescaleDecimal(x, sx, common) / rescaleDecimal(y, sy, common);
    }
    case 'divide': {
      if (y === 0n) return null;
      // x/10^sx ÷ y/10^sy at `scale`, rounded half up: one extra digit, then round.
      const numerator = x * pow10(scale + sy - sx + 1);
      return rescaleDecimal(numerator / y, 1, 0);
    }
  }
}

const negative: ScalarFunction = {
  name: 'negative',
  bind(types) {
    expectArgs('negative', types, 1);
    const type = types[0].kind === 'string' || types[0].kind === 'null' ? DoubleType : types[0];
    if (!isNumeric(type) && type.kind !== 'interval_ym' && type.kind !== 'interval_dt') {
      throw new QuarryError(SqlState.datatypeMismatch, `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "(- ${typeToString(types[0])})": requires a numeric operand.`);
    }
    return {
      name: 'negative', argTypes: [type], returnType: type, display: (args) => `(- ${args[0]})`,
      evaluate(args, n, ctx) {
        const v = args[0];
        const x = numbers(v);
        if (x !== null) {
          const limit = INTEGRAL_LIMITS[type.kind];
          const out = new ((v.data as Float64Array).constructor as Float64ArrayConstructor)(n) as Float64Array;
          for (let i = 0; i < n; i++) {
            if (limit !== undefined && x[i] === -limit - 1 && (v.validity === null || v.validity[i] === 1)) {
              if (ctx.ansi) throw arithmeticOverflow(type);
            }
            out[i] = -x[i];
          }
          return { type, length: n, data: out, validity: v.validity };
        }
        const b = bigints(v);
        if (type.kind === 'decimal') return { type, length: n, data: Array.from({ length: n }, (_, i) => -b(i)), validity: v.validity };
        const out = new BigInt64Array(n);
        for (let i = 0; i < n; i++) {
          if (b(i) === LONG_MIN && (v.validity === null || v.validity[i] === 1) && ctx.ansi) throw arithmeticOverflow(type);
          out[i] = BigInt.asIntN(64, -b(i));
        }
        return normalizeLong(type, out, n, v.validity);
      },
    };
  },
};

/** pmod(a, n): the remainder made non-negative for a positive n, `((a % n) + n) % n` where a % n < 0. */
const pmod: ScalarFunction = {
  name: 'pmod',
  bind(types) {
    const remainder = binaryArithmetic('remainder', 'pmod').bind(types);
    const resultType = remainder.returnType, divisorType = remainder.argTypes[1];
    return {
      ...remainder, name: 'pmod', display: callDisplay('pmod'),
      evaluate(args, n, ctx) {
        const r = remainder.evaluate(args, n, ctx);
        const values: Scalar[] = new Array(n);
        let changed = false;
        for (let i = 0; i < n; i++) {
          const x = getScalar(r, i);
          values[i] = x;
          if (x === null || !((x as number | bigint) < 0)) continue;
          const d = getScalar(args[1], i) as number | bigint;
          changed = true;
          if (isFractional(resultType)) values[i] = ((x as number) + Number(d)) % Number(d);
          else if (resultType.kind === 'decimal' && divisorType.kind === 'decimal') {
            const divisor = rescaleDecimal(BigInt(d), divisorType.scale, resultType.scale);
            values[i] = (BigInt(x as number | bigint) + divisor) % divisor;
          } else values[i] = (BigInt(x as number | bigint) + BigInt(d)) % BigInt(d);
        }
        if (!changed) return r;
        return vectorFromScalars(resultType, values.map((v) => (typeof v === 'bigint' && isSafeBigInt(v) && !(resultType.kind === 'decimal' && resultType.precision > MAX_FAST_DECIMAL_PRECISION) ? Number(v) : v)));
      },
    };
  },
};

/**
 * try_add, try_subtract, try_multiply, try_divide, try_mod: the operator with ANSI errors (overflow,
 * division by zero) turned into NULL for the rows that raise them.
 */
function tryArithmetic(name: string, op: Op): ScalarFunction {
  const operator = binaryArithmetic(op, name);
  return {
    name,
    bind(types) {
      const bound = operator.bind(types);
      return {
        ...bound, name, display: callDisplay(name),
        evaluate(args, n, ctx) {
          const strict = { ...ctx, ansi: true };
          try {
            return bound.evaluate(args, n, strict);
          } catch (e) {
            if (!(e instanceof QuarryError)) throw e;
          }
          const values: Scalar[] = new Array(n);
          for (let i = 0; i < n; i++) {
            try {
              values[i] = getScalar(bound.evaluate(args.map((a) => take(a, [i])), 1, strict), 0);
            } catch (e) {
              if (!(e instanceof QuarryError)) throw e;
              values[i] = null;
            }
          }
          return vectorFromScalars(bound.returnType, values);
        },
      };
    },
  };
}

export const arithmeticFunctions: ScalarFunction[] = [
  pmod,
  tryArithmetic('try_add', 'add'),
  tryArithmetic('try_subtract', 'subtract'),
  tryArithmetic('try_multiply', 'multiply'),
  tryArithmetic('try_divide', 'divide'),
  tryArithmetic('try_mod', 'remainder'),
  binaryArithmetic('add', 'add'),
  binaryArithmetic('subtract', 'subtract'),
  binaryArithmetic('multiply', 'multiply'),
  binaryArithmetic('divide', 'divide'),
  { ...binaryArithmetic('remainder', 'mod'), aliases: ['remainder'] },
  binaryArithmetic('div', 'div'),
  negative,
];

