// Variance and standard deviation (sample and population), with Welford's update per group so
// large values do not lose precision. Results are doubles; NULL without enough rows.

import { DoubleType } from '../../common/types.js';
import { Vector } from '../../common/vector.js';
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

export const statistics: AggregateFunction[] = [
  statistic('var_samp', ['variance']), statistic('var_pop', []),
  statistic('stddev_samp', ['stddev', 'std']), statistic('stddev_pop', []),
];
