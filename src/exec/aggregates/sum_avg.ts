// sum and avg with Spark's result types: integral sums are bigint, decimal(p,s) sums are
// decimal(p+10,s), avg of decimal(p,s) is decimal(p+4,s+4), other averages double. Exact sums stay
// in float64 while every partial sum is a safe integer and move to bigint when one is not.

import {
  DataType, DecimalType, DoubleType, LongType, MAX_FAST_DECIMAL_PRECISION, decimalType, isIntegral, isInterval, isNumeric,
  typeToString,
} from '../../common/types.js';
import { QuarryError, SqlState } from '../../common/errors.js';
import { Vector, vectorFromScalars, Scalar } from '../../common/vector.js';
import { pow10 } from '../../common/values.js';
import { ExecutionContext } from '../context.js';
import { rescaleDecimal } from '../expressions/cast.js';
import { bigints, numbers } from '../functions/kernels.js';
import { AggregateFunction, GroupAccumulator, grow } from './aggregate_function.js';
import { intervalAggregate } from './interval_sum_avg.js';

const LONG_MAX = 2n ** 63n - 1n;

/**
 * Per-group exact integer sums (of integers or unscaled decimals) and row counts. Each group's sum
 * is a float64 part, always a safe integer, plus a bigint part that takes the float part over
 * whenever adding would leave the safe range: bigint arithmetic happens once per 2^53, not per row.
 */
class ExactSums {
  sums = new Float64Array(16);
  big: bigint[] = [];
  counts = new Float64Array(16);

  add(v: Vector, groupIds: Int32Array, n: number, numGroups: number): void {
    this.sums = grow(this.sums, numGroups);
    this.counts = grow(this.counts, numGroups);
    while (this.big.length < numGroups) this.big.push(0n);
    if (v.data === null) return; // all NULL
    const { sums, counts, big } = this;
    const x = numbers(v);
    if (x instanceof Float64Array) {
      addWholeNumbers(x, v.validity, groupIds, n, sums, counts, big);
      return;
    }
    const wide = x === null ? bigints(v) : null;
    for (let i = 0; i < n; i++) {
      if (v.validity !== null && v.validity[i] === 0) continue;
      const g = groupIds[i];
      counts[g]++;
      let value: number;
      if (x !== null) value = x[i];
      else {
        const b = wide!(i);
        value = Number(b);
        if (!Number.isSafeInteger(value)) {
          big[g] += b;
          continue;
        }
      }
      const s = sums[g] + value;
      if (Number.isSafeInteger(s)) sums[g] = s;
      else {
        big[g] += BigInt(sums[g]) + BigInt(value);
        sums[g] = 0;
      }
    }
  }

  sum(g: number): bigint | number {
    const b = this.big[g] ?? 0n;
    return b === 0n ? this.sums[g] : b + BigInt(this.sums[g]);
  }
}

/** ExactSums.add for the common case: whole numbers in float64 (unscaled decimals, bigints). */
function addWholeNumbers(
  x: Float64Array, validity: Uint8Array | null, groupIds: Int32Array, n: number, sums: Float64Array, counts: Float64Array, big: bigint[],
): void {
  for (let i = 0; i < n; i++) {
    if (validity !== null && validity[i] === 0) continue;
    const g = groupIds[i];
    counts[g]++;
    const s = sums[g] + x[i];
    // Whole terms: within ±(2^53 − 1) the sum is exact.
    if (Math.abs(s) <= Number.MAX_SAFE_INTEGER) sums[g] = s;
    else {
      big[g] += BigInt(sums[g]) + BigInt(x[i]);
      sums[g] = 0;
    }
  }
}

function overflow(type: DataType): QuarryError {
  return new QuarryError(SqlState.numericValueOutOfRange,
    `[ARITHMETIC_OVERFLOW] ${typeToString(type)} overflow in sum. If necessary set "spark.sql.ansi.enabled" to "false" to bypass this error.`,
    undefined, 'ARITHMETIC_OVERFLOW');
}

class ExactSumAccumulator implements GroupAccumulator {
  private readonly sums = new ExactSums();
  constructor(private readonly type: DataType, private readonly average: DecimalType | null, private readonly inputScale: number) {}

  update(args: readonly Vector[], groupIds: Int32Array, n: number, numGroups: number): void {
    this.sums.add(args[0], groupIds, n, numGroups);
  }

  finish(numGroups: number, ctx: ExecutionContext): Vector {
    const values: Scalar[] = new Array(numGroups);
    const limit = this.type.kind === 'decimal' ? pow10(this.type.precision) : LONG_MAX;
    for (let g = 0; g < numGroups; g++) {
      const count = this.sums.counts[g] ?? 0;
      if (count === 0) { values[g] = null; continue; }
      let value = BigInt(this.sums.sum(g));
      if (this.average) value = divideRounded(value * pow10(this.average.scale - this.inputScale), BigInt(count));
      if (value >= limit || value <= -limit - (this.type.kind === 'bigint' ? 1n : 0n)) {
        if (ctx.ansi) throw overflow(this.type);
        values[g] = null;
        continue;
      }
      const fast = this.type.kind === 'bigint' ? value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= -BigInt(Number.MAX_SAFE_INTEGER)
        : (this.type as DecimalType).precision <= MAX_FAST_DECIMAL_PRECISION;
      values[g] = fast ? Number(value) : value;
    }
    return vectorFromScalars(this.type, values);
  }
}

const divideRounded = (a: bigint, b: bigint) => rescaleDecimal((a * 10n) / b, 1, 0);

class DoubleSumAccumulator implements GroupAccumulator {
  private sums = new Float64Array(16);
  private counts = new Float64Array(16);
  constructor(private readonly average: boolean, private readonly scale: number) {}

  update(args: readonly Vector[], groupIds: Int32Array, n: number, numGroups: number): void {
    this.sums = grow(this.sums, numGroups);
    this.counts = grow(this.counts, numGroups);
    const v = args[0];
    const x = numbers(v);
    const get = x ?? { length: n } as ArrayLike<number>;
    const big = x === null ? bigints(v) : null;
    for (let i = 0; i < n; i++) {
      if (v.validity !== null && v.validity[i] === 0) continue;
      const value = big ? Number(big(i)) : get[i];
      this.sums[groupIds[i]] += value / this.scale;
      this.counts[groupIds[i]]++;
    }
  }

  finish(numGroups: number): Vector {
    this.sums = grow(this.sums, numGroups);
    this.counts = grow(this.counts, numGroups);
    const out = new Float64Array(numGroups);
    const validity = new Uint8Array(numGroups);
    for (let g = 0; g < numGroups; g++) {
      if (this.counts[g] === 0) continue;
      validity[g] = 1;
      out[g] = this.average ? this.sums[g] / this.counts[g] : this.sums[g];
    }
    return { type: DoubleType, length: numGroups, data: out, validity: validity.includes(0) ? validity : null };
  }
}

function numericInput(name: string, argTypes: readonly DataType[]): DataType {
  const t = argTypes[0];
  if (argTypes.length !== 1 || !(isNumeric(t) || t.kind === 'null' || t.kind === 'string')) {
    throw new QuarryError(SqlState.datatypeMismatch,
      `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] The first parameter of \`${name}\` requires a numeric type, not ${argTypes.map(typeToString).join(', ').toUpperCase()}.`);
  }
  return t.kind === 'null' || t.kind === 'string' ? DoubleType : t;
}

/** Spark's DecimalType.bounded: precision and scale each capped at 38 (no scale given up for digits). */
const sparkBounded = (precision: number, scale: number) => decimalType(Math.min(precision, 38), Math.min(scale, 38));

export const sum: AggregateFunction = {
  name: 'sum',
  bind(argTypes) {
    if (argTypes.length === 1 && isInterval(argTypes[0])) return intervalAggregate('sum', argTypes[0]);
    const t = numericInput('sum', argTypes);
    if (t.kind === 'decimal') {
      const type = sparkBounded(t.precision + 10, t.scale);
      return { name: 'sum', argTypes: [t], returnType: type, createAccumulator: () => new ExactSumAccumulator(type, null, t.scale) };
    }
    if (isIntegral(t)) {
      return { name: 'sum', argTypes: [t], returnType: LongType, createAccumulator: () => new ExactSumAccumulator(LongType, null, 0) };
    }
    return { name: 'sum', argTypes: [DoubleType], returnType: DoubleType, createAccumulator: () => new DoubleSumAccumulator(false, 1) };
  },
};

export const avg: AggregateFunction = {
  name: 'avg',
  aliases: ['mean'],
  bind(argTypes) {
    if (argTypes.length === 1 && isInterval(argTypes[0])) return intervalAggregate('avg', argTypes[0]);
    const t = numericInput('avg', argTypes);
    if (t.kind === 'decimal') {
      const type = sparkBounded(t.precision + 4, t.scale + 4);
      return { name: 'avg', argTypes: [t], returnType: type, createAccumulator: () => new ExactSumAccumulator(type, type, t.scale) };
    }
    return { name: 'avg', argTypes: [t.kind === 'float' ? DoubleType : t], returnType: DoubleType, createAccumulator: () => new DoubleSumAccumulator(true, 1) };
  },
};
