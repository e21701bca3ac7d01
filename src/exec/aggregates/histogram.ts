// histogram_numeric(x, nb): Spark's (Hive's) streaming histogram of Ben-Haim and Tom-Tov. Values
// enter bins kept sorted by centre; past nb bins, the two closest neighbours merge into their
// weighted mean. The result is the bins as array<struct<x, y>>, x in the input's type.

import { QuarryError, SqlState } from '../../common/errors.js';
import { DataType, DoubleType, arrayType, isIntegral, structType, typeToString } from '../../common/types.js';
import { ArrayValue, Scalar, Vector, getScalar, isNullAt, vectorFromScalars } from '../../common/vector.js';
import { AggregateFunction, GroupAccumulator } from './aggregate_function.js';

const HISTOGRAM_INPUTS = new Set(['tinyint', 'smallint', 'int', 'bigint', 'float', 'double', 'decimal', 'date', 'timestamp', 'timestamp_ntz', 'interval_ym', 'interval_dt']);

/** A group's bins, sorted by centre. */
interface Bins { xs: number[]; ys: number[] }

function add(bins: Bins, value: number, limit: number): void {
  const { xs, ys } = bins;
  let lo = 0, hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  if (lo < xs.length && xs[lo] === value) {
    ys[lo] += 1;
    return;
  }
  xs.splice(lo, 0, value);
  ys.splice(lo, 0, 1);
  if (xs.length <= limit) return;
  // Merge the closest neighbours (the first such pair, as Hive's trim does).
  let best = 0;
  for (let i = 1; i < xs.length - 1; i++) if (xs[i + 1] - xs[i] < xs[best + 1] - xs[best]) best = i;
  const y = ys[best] + ys[best + 1];
  xs[best] = (xs[best] * ys[best] + xs[best + 1] * ys[best + 1]) / y;
  ys[best] = y;
  xs.splice(best + 1, 1);
  ys.splice(best + 1, 1);
}

class HistogramAccumulator implements GroupAccumulator {
  private readonly groups: Bins[] = [];
  constructor(private readonly input: DataType, private readonly limit: number, private readonly returnType: DataType) {}
  update(args: readonly Vector[], groupIds: Int32Array, n: number): void {
    const values = args[0];
    const scale = this.input.kind === 'decimal' ? 10 ** this.input.scale : 1;
    for (let i = 0; i < n; i++) {
      if (isNullAt(values, i)) continue;
      const g = groupIds[i];
      add((this.groups[g] ??= { xs: [], ys: [] }), Number(getScalar(values, i)) / scale, this.limit);
    }
  }
  finish(numGroups: number): Vector {
    const out: Scalar[] = Array.from({ length: numGroups }, (_, g) => {
      const bins = this.groups[g];
      if (!bins) return null;
      return bins.xs.map((x, k) => [this.back(x), bins.ys[k]] as ArrayValue) as ArrayValue;
    });
    return vectorFromScalars(this.returnType, out);
  }
  /** A bin centre in the input's type: integers and dates truncate, decimals keep their scale. */
  private back(x: number): Scalar {
    const t = this.input;
    if (t.kind === 'decimal') return Math.round(x * 10 ** t.scale);
    if (isIntegral(t) || t.kind === 'date' || t.kind === 'interval_ym') return Math.trunc(x);
    if (t.kind === 'timestamp' || t.kind === 'timestamp_ntz' || t.kind === 'interval_dt') return Math.trunc(x);
    return x;
  }
}

export const histogramNumeric: AggregateFunction = {
  name: 'histogram_numeric',
  bind(types, constants) {
    const bins = constants?.[1];
    if (types.length !== 2 || typeof bins !== 'number' || !Number.isInteger(bins) || bins < 2) {
      throw new QuarryError(SqlState.datatypeMismatch,
        '[DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE] The number of bins of `histogram_numeric` must be an integer constant of at least 2.', undefined, 'DATATYPE_MISMATCH');
    }
    const input = types[0];
    if (!HISTOGRAM_INPUTS.has(input.kind) || (input.kind === 'decimal' && input.precision > 15)) {
      throw new QuarryError(SqlState.datatypeMismatch,
        `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] The first parameter of \`histogram_numeric\` must be numeric, datetime or an interval, not ${typeToString(input).toUpperCase()}.`,
        undefined, 'DATATYPE_MISMATCH');
    }
    const returnType = arrayType(structType([{ name: 'x', type: input }, { name: 'y', type: DoubleType }]));
    return { name: 'histogram_numeric', argTypes: [input, types[1]], returnType, createAccumulator: () => new HistogramAccumulator(input, bins, returnType) };
  },
};
