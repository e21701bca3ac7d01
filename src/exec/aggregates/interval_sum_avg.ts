// sum and avg of ANSI intervals, as Spark's Sum and Average do them: exact sums that overflow with
// an error in every mode; sum keeps the input's type, avg divides rounding half up and answers in
// the widest type of the kind (INTERVAL YEAR TO MONTH, INTERVAL DAY TO SECOND).

import { DataType, DayTimeIntervalType, IntervalType, YearMonthIntervalType, typeToString } from '../../common/types.js';
import { QuarryError, SqlState } from '../../common/errors.js';
import { Scalar, Vector, getScalar, isNullAt, vectorFromScalars } from '../../common/vector.js';
import { BoundAggregateFunction, GroupAccumulator } from './aggregate_function.js';

const LIMITS: Record<IntervalType['kind'], bigint> = { interval_ym: 2147483647n, interval_dt: 9223372036854775807n };

class IntervalSumAccumulator implements GroupAccumulator {
  private sums: bigint[] = [];
  private counts: number[] = [];
  constructor(private readonly input: IntervalType, private readonly result: DataType, private readonly average: boolean) {}

  update(args: readonly Vector[], groupIds: Int32Array, n: number, numGroups: number): void {
    while (this.sums.length < numGroups) { this.sums.push(0n); this.counts.push(0); }
    const v = args[0];
    const limit = LIMITS[this.input.kind];
    for (let i = 0; i < n; i++) {
      if (isNullAt(v, i)) continue;
      const g = groupIds[i];
      this.sums[g] += BigInt(getScalar(v, i) as number);
      this.counts[g]++;
      if (this.sums[g] > limit || this.sums[g] < -limit - 1n) {
        throw new QuarryError(SqlState.numericValueOutOfRange,
          `[ARITHMETIC_OVERFLOW] ${typeToString(this.input)} overflow in ${this.average ? 'avg' : 'sum'}.`, undefined, 'ARITHMETIC_OVERFLOW');
      }
    }
  }

  finish(numGroups: number): Vector {
    const values: Scalar[] = new Array(numGroups).fill(null);
    for (let g = 0; g < Math.min(numGroups, this.sums.length); g++) {
      const count = this.counts[g];
      if (count === 0) continue;
      if (!this.average) { values[g] = Number(this.sums[g]); continue; }
      // Half up, away from zero (Spark's IntervalDivide with RoundingMode.HALF_UP).
      const sum = this.sums[g], divisor = BigInt(count);
      const q = sum / divisor, r = sum % divisor;
      const abs = r < 0n ? -r : r;
      values[g] = Number(abs * 2n >= divisor ? (sum < 0n ? q - 1n : q + 1n) : q);
    }
    return vectorFromScalars(this.result, values);
  }
}

/** The bound sum or avg of an interval column. */
export function intervalAggregate(name: 'sum' | 'avg', input: IntervalType): BoundAggregateFunction {
  const average = name === 'avg';
  const returnType = !average ? input : input.kind === 'interval_ym' ? YearMonthIntervalType : DayTimeIntervalType;
  return { name, argTypes: [input], returnType, createAccumulator: () => new IntervalSumAccumulator(input, returnType, average) };
}
