// Higher moments and two-variable statistics with Spark's own update formulas (CentralMomentAgg,
// Covariance, PearsonCorrelation, the regr_* family), so results agree with Spark to the last digit:
// skewness, kurtosis, covar_pop, covar_samp, corr, regr_count, regr_avgx/avgy, regr_sxx/syy/sxy,
// regr_slope, regr_intercept, regr_r2. Results are doubles (regr_count a bigint); NULL without rows.

import { DataType, DoubleType, LongType, isNumeric, typeToString } from '../../common/types.js';
import { QuarryError, SqlState } from '../../common/errors.js';
import { Vector, isNullAt } from '../../common/vector.js';
import { bigints, numbers } from '../functions/kernels.js';
import { AggregateFunction, GroupAccumulator, grow } from './aggregate_function.js';

/** A reader of row i of a numeric vector as a double. */
function doubles(v: Vector): (i: number) => number {
  const x = numbers(v);
  if (x !== null) return (i) => x[i];
  const b = bigints(v);
  return (i) => Number(b(i));
}

function checkNumeric(name: string, types: readonly DataType[], arity: number): void {
  if (types.length !== arity) {
    throw new QuarryError('42605',
      `[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The \`${name}\` requires ${arity} parameters but the actual number is ${types.length}.`, undefined, 'WRONG_NUM_ARGS');
  }
  types.forEach((t, k) => {
    if (!isNumeric(t) && t.kind !== 'null' && t.kind !== 'string') {
      throw new QuarryError(SqlState.invalidArgumentType,
        `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "${name}(…)" due to data type mismatch: the ${k === 0 ? 'first' : 'second'} parameter requires the "DOUBLE" type, however it has the type "${typeToString(t).toUpperCase()}".`,
        undefined, 'DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE');
    }
  });
}

/** A double per group, NULL where `valueOf` gives null. */
function groupDoubles(numGroups: number, valueOf: (g: number) => number | null): Vector {
  const out = new Float64Array(numGroups);
  const validity = new Uint8Array(numGroups);
  for (let g = 0; g < numGroups; g++) {
    const r = valueOf(g);
    if (r === null) continue;
    out[g] = r;
    validity[g] = 1;
  }
  return { type: DoubleType, length: numGroups, data: out, validity: validity.includes(0) ? validity : null };
}

type MomentResult = (n: number, avg: number, m2: number, m3: number, m4: number) => number | null;

/** CentralMomentAgg: count, mean and central moments m2..m4 of one column (of the second when `pairwise`, over rows where both are non-NULL). */
class CentralMomentAccumulator implements GroupAccumulator {
  private n = new Float64Array(16);
  private avg = new Float64Array(16);
  private m2 = new Float64Array(16);
  private m3 = new Float64Array(16);
  private m4 = new Float64Array(16);

  constructor(private readonly column: number, private readonly order: number, private readonly result: MomentResult) {}

  update(args: readonly Vector[], groupIds: Int32Array, rows: number, numGroups: number): void {
    for (const key of ['n', 'avg', 'm2', 'm3', 'm4'] as const) this[key] = grow(this[key], numGroups);
    const v = args[this.column];
    const read = doubles(v);
    for (let i = 0; i < rows; i++) {
      if (args.some((a) => isNullAt(a, i))) continue;
      const g = groupIds[i];
      const x = read(i);
      const n = this.n[g] + 1;
      const delta = x - this.avg[g];
      const deltaN = delta / n;
      const m2 = this.m2[g] + delta * (delta - deltaN);
      const delta2 = delta * delta, deltaN2 = deltaN * deltaN;
      let m3 = 0, m4 = 0;
      if (this.order >= 3) m3 = this.m3[g] - 3 * deltaN * m2 + delta * (delta2 - deltaN2);
      if (this.order >= 4) m4 = this.m4[g] - 4 * deltaN * m3 - 6 * deltaN2 * m2 + delta * (delta * delta2 - deltaN * deltaN2);
      this.n[g] = n;
      this.avg[g] += deltaN;
      this.m2[g] = m2;
      this.m3[g] = m3;
      this.m4[g] = m4;
    }
  }

  finish(numGroups: number): Vector {
    return groupDoubles(numGroups, (g) => {
      const n = this.n[g] ?? 0;
      return n === 0 ? null : this.result(n, this.avg[g], this.m2[g], this.m3[g], this.m4[g]);
    });
  }
}

type PairResult = (s: { n: number; xAvg: number; yAvg: number; ck: number; xMk: number; yMk: number }) => number | null;

/** Covariance / PearsonCorrelation of (x, y) over rows where both are non-NULL. */
class CovarianceAccumulator implements GroupAccumulator {
  private n = new Float64Array(16);
  private xAvg = new Float64Array(16);
  private yAvg = new Float64Array(16);
  private ck = new Float64Array(16);
  private xMk = new Float64Array(16);
  private yMk = new Float64Array(16);

  /** `xIndex` is the argument that is x: Spark's regr_*(y, x) take y first. */
  constructor(private readonly xIndex: number, private readonly result: PairResult) {}

  update(args: readonly Vector[], groupIds: Int32Array, rows: number, numGroups: number): void {
    for (const key of ['n', 'xAvg', 'yAvg', 'ck', 'xMk', 'yMk'] as const) this[key] = grow(this[key], numGroups);
    const readX = doubles(args[this.xIndex]), readY = doubles(args[1 - this.xIndex]);
    for (let i = 0; i < rows; i++) {
      if (isNullAt(args[0], i) || isNullAt(args[1], i)) continue;
      const g = groupIds[i];
      const x = readX(i), y = readY(i);
      const n = this.n[g] + 1;
      const dx = x - this.xAvg[g], dy = y - this.yAvg[g];
      const xAvg = this.xAvg[g] + dx / n, yAvg = this.yAvg[g] + dy / n;
      this.ck[g] += dx * (y - yAvg);
      this.xMk[g] += dx * (x - xAvg);
      this.yMk[g] += dy * (y - yAvg);
      this.n[g] = n;
      this.xAvg[g] = xAvg;
      this.yAvg[g] = yAvg;
    }
  }

  finish(numGroups: number): Vector {
    return groupDoubles(numGroups, (g) => {
      const n = this.n[g] ?? 0;
      return n === 0 ? null : this.result({ n, xAvg: this.xAvg[g], yAvg: this.yAvg[g], ck: this.ck[g], xMk: this.xMk[g], yMk: this.yMk[g] });
    });
  }
}

/** regr_count(y, x): rows where both are non-NULL. */
class PairCountAccumulator implements GroupAccumulator {
  private counts = new Float64Array(16);
  update(args: readonly Vector[], groupIds: Int32Array, rows: number, numGroups: number): void {
    this.counts = grow(this.counts, numGroups);
    for (let i = 0; i < rows; i++) if (!isNullAt(args[0], i) && !isNullAt(args[1], i)) this.counts[groupIds[i]]++;
  }
  finish(numGroups: number): Vector {
    this.counts = grow(this.counts, numGroups);
    return { type: LongType, length: numGroups, data: this.counts.slice(0, numGroups), validity: null };
  }
}

function moment(name: string, order: number, result: MomentResult): AggregateFunction {
  return {
    name,
    bind(types) {
      checkNumeric(name, types, 1);
      return { name, argTypes: [DoubleType], returnType: DoubleType, createAccumulator: () => new CentralMomentAccumulator(0, order, result) };
    },
  };
}

/** A statistic of y (argument 0) and x (argument 1) from the centred sums of the pairs. */
function pairwise(name: string, xIndex: number, result: PairResult): AggregateFunction {
  return {
    name,
    bind(types) {
      checkNumeric(name, types, 2);
      return { name, argTypes: [DoubleType, DoubleType], returnType: DoubleType, createAccumulator: () => new CovarianceAccumulator(xIndex, result) };
    },
  };
}

/** regr_sxx / regr_syy: the m2 of one column over the rows where both are non-NULL. */
function pairMoment(name: string, column: number): AggregateFunction {
  return {
    name,
    bind(types) {
      checkNumeric(name, types, 2);
      return { name, argTypes: [DoubleType, DoubleType], returnType: DoubleType, createAccumulator: () => new CentralMomentAccumulator(column, 2, (_n, _a, m2) => m2) };
    },
  };
}

/** regr_avgx / regr_avgy: the mean of one column over the rows where both are non-NULL. */
function pairAverage(name: string, column: number): AggregateFunction {
  return {
    name,
    bind(types) {
      checkNumeric(name, types, 2);
      return { name, argTypes: [DoubleType, DoubleType], returnType: DoubleType, createAccumulator: () => new PairSumAccumulator(column) };
    },
  };
}

/** Average as Spark's Average computes it: a running sum divided by the count at the end. */
class PairSumAccumulator implements GroupAccumulator {
  private sums = new Float64Array(16);
  private counts = new Float64Array(16);
  constructor(private readonly column: number) {}
  update(args: readonly Vector[], groupIds: Int32Array, rows: number, numGroups: number): void {
    this.sums = grow(this.sums, numGroups);
    this.counts = grow(this.counts, numGroups);
    const read = doubles(args[this.column]);
    for (let i = 0; i < rows; i++) {
      if (isNullAt(args[0], i) || isNullAt(args[1], i)) continue;
      this.sums[groupIds[i]] += read(i);
      this.counts[groupIds[i]]++;
    }
  }
  finish(numGroups: number): Vector {
    return groupDoubles(numGroups, (g) => (this.counts[g] ? this.sums[g] / this.counts[g] : null));
  }
}

export const momentAggregates: AggregateFunction[] = [
  // Spark returns NULL (not NaN) where m2 is 0 unless spark.sql.legacy.statisticalAggregate is set.
  moment('skewness', 3, (n, _avg, m2, m3) => (m2 === 0 ? null : (Math.sqrt(n) * m3) / Math.sqrt(m2 * m2 * m2))),
  moment('kurtosis', 4, (n, _avg, m2, _m3, m4) => (m2 === 0 ? null : (n * m4) / (m2 * m2) - 3)),
  pairwise('covar_pop', 0, (s) => s.ck / s.n),
  pairwise('covar_samp', 0, (s) => (s.n === 1 ? null : s.ck / (s.n - 1))),
  { ...pairwise('corr', 0, (s) => (s.n === 1 ? null : s.ck / Math.sqrt(s.xMk * s.yMk))) },
  {
    name: 'regr_count',
    bind(types) {
      checkNumeric('regr_count', types, 2);
      return { name: 'regr_count', argTypes: types.map((t) => (t.kind === 'string' ? DoubleType : t)), returnType: LongType, createAccumulator: () => new PairCountAccumulator() };
    },
  },
  pairAverage('regr_avgx', 1),
  pairAverage('regr_avgy', 0),
  pairMoment('regr_sxx', 1),
  pairMoment('regr_syy', 0),
  pairwise('regr_sxy', 1, (s) => s.ck),
  pairwise('regr_slope', 1, (s) => (s.xMk === 0 ? null : s.ck / s.xMk)),
  pairwise('regr_intercept', 1, (s) => (s.xMk === 0 ? null : s.yAvg - (s.ck / s.xMk) * s.xAvg)),
  pairwise('regr_r2', 1, (s) => (s.xMk === 0 ? null : s.yMk === 0 ? 1 : (s.ck / Math.sqrt(s.xMk * s.yMk)) ** 2)),
];
