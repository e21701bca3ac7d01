// Variance and standard deviation (sample and population), with Welford's update per group so
// large values do not lose precision; percentile and median, exact over all the values. Results
// are doubles; NULL without enough rows.

import { QuarryError, SqlState } from '../../common/errors.js';
import { DoubleType } from '../../common/types.js';
import { Vector, getScalar, isNullAt } from '../../common/vector.js';
import { bigints, numbers } from '../functions/kernels.js';
import { AggregateFunction, GroupAccumulator, grow } from './aggregate_function.js';

type Statistic = 'var_samp' | 'var_pop' | 'stddev_samp' | 'stddev_pop';

class MomentsAccumulator implements GroupAccumulator {
  private count = new Float64Array(16);
  private mean = new Float64Array(16);
  private m2 = new Float64Array(16);

  constructor(private readonly statistic: Statistic) {}

  update(args: readonly Vector[], groupIds: Int32Array, n: number, numGroups: number): void {
    this.count = grow(this.count, numGroups);
    this.mean = grow(this.mean, numGroups);
    this.m2 = grow(this.m2, numGroups);
    const v = args[0];
    const x = numbers(v);
    const big = x === null ? bigints(v) : null;
    for (let i = 0; i < n; i++) {
      if (v.validity !== null && v.validity[i] === 0) continue;
      const value = big ? Number(big(i)) : x![i];
      const g = groupIds[i];
      const count = ++this.count[g];
      const delta = value - this.mean[g];
      this.mean[g] += delta / count;
      this.m2[g] += delta * (value - this.mean[g]);
    }
  }

  finish(numGroups: number): Vector {
    const out = new Float64Array(numGroups);
    const validity = new Uint8Array(numGroups);
    const sample = this.statistic.endsWith('samp');
    for (let g = 0; g < numGroups; g++) {
      const count = this.count[g] ?? 0;
      if (count === 0) continue;
      validity[g] = 1;
      // Spark: the sample statistics of one row are NaN in legacy mode and NULL under ANSI.
      if (sample && count === 1) { validity[g] = 0; continue; }
      const variance = this.m2[g] / (sample ? count - 1 : count);
      out[g] = this.statistic.startsWith('stddev') ? Math.sqrt(variance) : variance;
    }
    return { type: DoubleType, length: numGroups, data: out, validity: validity.includes(0) ? validity : null };
  }
}

function statistic(name: Statistic, aliases: string[]): AggregateFunction {
  return {
    name,
    aliases,
    bind: () => ({ name, argTypes: [DoubleType], returnType: DoubleType, createAccumulator: () => new MomentsAccumulator(name) }),
  };
}

/**
 * percentile(x, p) and median(x): Spark's exact percentile, interpolating linearly between the
 * values either side of position p * (n - 1) in sorted order.
 */
class PercentileAccumulator implements GroupAccumulator {
  private values: number[][] = [];
  private fraction: number | undefined;

  constructor(fraction?: number) { this.fraction = fraction; }

  update(args: readonly Vector[], groupIds: Int32Array, n: number): void {
    const v = args[0];
    const x = numbers(v);
    const big = x === null ? bigints(v) : null;
    for (let i = 0; i < n; i++) {
      if (this.fraction === undefined && args.length > 1 && !isNullAt(args[1], i)) {
        const p = Number(getScalar(args[1], i));
        if (!(p >= 0 && p <= 1)) {
          throw new QuarryError(SqlState.invalidParameterValue, `[INVALID_PARAMETER_VALUE.PERCENTILE] The value of parameter \`percentage\` in \`percentile\` must be between 0.0 and 1.0, but got ${p}.`);
        }
        this.fraction = p;
      }
      if (v.validity !== null && v.validity[i] === 0) continue;
      (this.values[groupIds[i]] ??= []).push(big ? Number(big(i)) : x![i]);
    }
  }

  finish(numGroups: number): Vector {
    const out = new Float64Array(numGroups);
    const validity = new Uint8Array(numGroups);
    for (let g = 0; g < numGroups; g++) {
      const values = this.values[g];
      if (!values || values.length === 0 || this.fraction === undefined) continue;
      values.sort((a, b) => a - b);
      const position = this.fraction * (values.length - 1);
      const lower = Math.floor(position), higher = Math.ceil(position);
      out[g] = lower === higher ? values[lower] : (higher - position) * values[lower] + (position - lower) * values[higher];
      validity[g] = 1;
    }
    return { type: DoubleType, length: numGroups, data: out, validity: validity.includes(0) ? validity : null };
  }
}

const percentile: AggregateFunction = {
  name: 'percentile',
  bind(types) {
    if (types.length !== 2) throw new QuarryError('42605', `[WRONG_NUM_ARGS] \`percentile\` requires 2 parameters (a column and a percentage), not ${types.length}.`);
    return { name: 'percentile', argTypes: [DoubleType, DoubleType], returnType: DoubleType, createAccumulator: () => new PercentileAccumulator() };
  },
};

const median: AggregateFunction = {
  name: 'median',
  bind(types) {
    if (types.length !== 1) throw new QuarryError('42605', `[WRONG_NUM_ARGS] \`median\` requires 1 parameter, not ${types.length}.`);
    return { name: 'median', argTypes: [DoubleType], returnType: DoubleType, createAccumulator: () => new PercentileAccumulator(0.5) };
  },
};

export const statistics: AggregateFunction[] = [
  percentile, median,
  statistic('var_samp', ['variance']), statistic('var_pop', []),
  statistic('stddev_samp', ['stddev', 'std']), statistic('stddev_pop', []),
];
