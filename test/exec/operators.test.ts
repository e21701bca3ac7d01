import { describe, expect, it } from 'vitest';
import { BooleanType, IntegerType, LongType, StringType, decimalType } from '../../src/common/types.js';
import { ColumnExpr, LiteralExpr, ScalarFunctionExpr } from '../../src/exec/expressions/physical_expr.js';
import { lookupAggregateFunction, lookupScalarFunction } from '../../src/exec/functions/registry.js';
import { FilterExec } from '../../src/exec/operators/filter.js';
import { HashAggregateExec } from '../../src/exec/operators/hash_aggregate.js';
import { HashJoinExec, JoinKind } from '../../src/exec/operators/hash_join.js';
import { LimitExec } from '../../src/exec/operators/limit.js';
import { ProjectExec } from '../../src/exec/operators/project.js';
import { SortExec } from '../../src/exec/operators/sort.js';
import { ValuesExec } from '../../src/exec/operators/values.js';
import { distinctAggregate } from '../../src/exec/aggregates/distinct.js';
import { collect, field, source } from './helpers.js';
import { getScalar, vectorFromScalars } from '../../src/common/vector.js';
import { defaultExecutionContext } from '../../src/exec/context.js';

const people = [field('id', IntegerType), field('city', StringType), field('fare', decimalType(10, 2))];
const rows = [
  [1, 'Oslo', 1250], [2, 'Bergen', 800], [3, 'Oslo', null], [4, null, 99], [5, 'Bergen', 100],
];
const call = (name: string, ...args: (ColumnExpr | LiteralExpr | ScalarFunctionExpr)[]) =>
  new ScalarFunctionExpr(lookupScalarFunction(name)!.bind(args.map((a) => a.type)), args);

describe('FilterExec', () => {
  it('keeps only rows where the predicate is true, not NULL', async () => {
    const predicate = call('greater_than', new ColumnExpr(2, 'fare', decimalType(10, 2)), new LiteralExpr(500, decimalType(10, 2)));
    expect(await collect(new FilterExec(source(people, rows), predicate))).toEqual([[1, 'Oslo', 1250], [2, 'Bergen', 800]]);
  });
});

describe('ProjectExec', () => {
  it('computes expressions a batch at a time', async () => {
    const id = new ColumnExpr(0, 'id', IntegerType);
    const doubled = call('multiply', id, new LiteralExpr(2, IntegerType));
    const plan = new ProjectExec(source(people, rows.slice(0, 2), rows.slice(2)), [doubled], [field('d', IntegerType)]);
    expect(await collect(plan)).toEqual([[2], [4], [6], [8], [10]]);
  });
});

describe('HashAggregateExec', () => {
  const city = new ColumnExpr(1, 'city', StringType);
  const fare = new ColumnExpr(2, 'fare', decimalType(10, 2));
  const count = lookupAggregateFunction('count')!.bind([]);
  const sum = lookupAggregateFunction('sum')!.bind([fare.type]);

  it('groups across batches with NULL as its own group', async () => {
    const plan = new HashAggregateExec(source(people, rows.slice(0, 3), rows.slice(3)), [city],
      [{ fn: count, args: [], display: 'count(1)' }, { fn: sum, args: [fare], display: 'sum(fare)' }],
      [field('city', StringType), field('n', LongType), field('s', sum.returnType)]);
    const result = await collect(plan);
    expect(sum.returnType).toEqual(decimalType(20, 2));
    expect(result.sort()).toEqual([['Bergen', 2, 900], ['Oslo', 2, 1250], [null, 1, 99]].sort());
  });

  it('returns one row for a global aggregate over no rows', async () => {
    const plan = new HashAggregateExec(source(people), [],
      [{ fn: count, args: [], display: 'count(1)' }, { fn: sum, args: [fare], display: 'sum(fare)' }],
      [field('n', LongType), field('s', sum.returnType)]);
    expect(await collect(plan)).toEqual([[0, null]]);
  });

  it('counts distinct values', async () => {
    const distinctCount = distinctAggregate(lookupAggregateFunction('count')!.bind([StringType]));
    const plan = new HashAggregateExec(source(people, rows, rows), [],
      [{ fn: distinctCount, args: [city], display: 'count(DISTINCT city)' }], [field('n', LongType)]);
    expect(await collect(plan)).toEqual([[2]]);
  });
});

describe('sum', () => {
  it('stays exact past 2^53 in a batch without NULLs, per group', () => {
    const wide = decimalType(18, 0);
    const accumulator = lookupAggregateFunction('sum')!.bind([wide]).createAccumulator();
    const values = vectorFromScalars(wide, [2 ** 52, 2 ** 52, 2 ** 52, 5, 2 ** 52 + 1, -7]);
    accumulator.update([values], Int32Array.from([0, 0, 0, 1, 0, 1]), 6, 2, defaultExecutionContext);
    const sums = accumulator.finish(2, defaultExecutionContext);
    expect([getScalar(sums, 0), getScalar(sums, 1)]).toEqual([4n * 2n ** 52n + 1n, -2n]);
  });
});

describe('HashJoinExec', () => {
  const left = [field('id', IntegerType), field('name', StringType)];
  const right = [field('rid', IntegerType), field('score', IntegerType)];
  const leftRows = [[1, 'a'], [2, 'b'], [null, 'c'], [4, 'd']];
  const rightRows = [[1, 10], [1, 11], [3, 30], [null, 0]];
  const join = (kind: JoinKind) => new HashJoinExec(source(left, leftRows), source(right, rightRows), kind,
    [new ColumnExpr(0, 'id', IntegerType)], [new ColumnExpr(0, 'rid', IntegerType)], null,
    kind === 'semi' || kind === 'anti' ? left : [...left, ...right]);

  it('inner join matches equal keys and never NULLs', async () => {
    expect(await collect(join('inner'))).toEqual([[1, 'a', 1, 10], [1, 'a', 1, 11]]);
  });
  it('left join keeps unmatched left rows with NULLs', async () => {
    expect(await collect(join('left'))).toEqual([[1, 'a', 1, 10], [1, 'a', 1, 11], [2, 'b', null, null], [null, 'c', null, null], [4, 'd', null, null]]);
  });
  it('full join adds unmatched right rows', async () => {
    const result = await collect(join('full'));
    expect(result).toHaveLength(7);
    expect(result).toContainEqual([null, null, 3, 30]);
    expect(result).toContainEqual([null, null, null, 0]);
  });
  it('semi and anti joins return left rows only', async () => {
    expect(await collect(join('semi'))).toEqual([[1, 'a']]);
    expect(await collect(join('anti'))).toEqual([[2, 'b'], [null, 'c'], [4, 'd']]);
  });
  it('semi and anti joins built on the left give the same rows, in left order, with and without a condition', async () => {
    const leftMany = [[1, 'a'], [3, 'b'], [null, 'c'], [1, 'd'], [5, 'e'], [3, 'f']];
    const rightMany = [[3, 30], [1, 10], [null, 0], [1, 11], [3, 31]];
    // score > 10: key 1 matches through (1, 11) only, key 3 through both.
    const scoreAbove10 = new ScalarFunctionExpr(lookupScalarFunction('greater_than')!.bind([IntegerType, IntegerType]),
      [new ColumnExpr(3, 'score', IntegerType), new LiteralExpr(10, IntegerType)]);
    for (const condition of [null, scoreAbove10]) {
      for (const kind of ['semi', 'anti'] as const) {
        const build = (side: 'left' | 'right') => new HashJoinExec(source(left, leftMany.slice(0, 4), leftMany.slice(4)), source(right, rightMany.slice(0, 2), rightMany.slice(2)), kind,
          [new ColumnExpr(0, 'id', IntegerType)], [new ColumnExpr(0, 'rid', IntegerType)], condition, left, side);
        expect(await collect(build('left'))).toEqual(await collect(build('right')));
      }
    }
    const semi = new HashJoinExec(source(left, leftMany), source(right, rightMany), 'semi',
      [new ColumnExpr(0, 'id', IntegerType)], [new ColumnExpr(0, 'rid', IntegerType)], scoreAbove10, left, 'left');
    expect(await collect(semi)).toEqual([[1, 'a'], [3, 'b'], [1, 'd'], [3, 'f']]);
    expect(semi.describe()).toMatch(/BuildLeft$/);
  });
});

describe('SortExec and LimitExec', () => {
  const id = new ColumnExpr(0, 'id', IntegerType);
  const city = new ColumnExpr(1, 'city', StringType);
  it('sorts with NULLS FIRST/LAST and direction', async () => {
    const plan = new SortExec(source(people, rows.slice(0, 2), rows.slice(2)), [{ expr: city, ascending: true, nullsFirst: false }, { expr: id, ascending: false, nullsFirst: false }]);
    expect((await collect(plan)).map((r) => r[0])).toEqual([5, 2, 3, 1, 4]);
  });
  it('top-N keeps only the first rows', async () => {
    const plan = new SortExec(source(people, rows), [{ expr: id, ascending: false, nullsFirst: false }], 2);
    expect((await collect(plan)).map((r) => r[0])).toEqual([5, 4]);
  });
  it('limit with offset spans batches', async () => {
    const plan = new LimitExec(source(people, rows.slice(0, 2), rows.slice(2)), 2, 1);
    expect((await collect(plan)).map((r) => r[0])).toEqual([2, 3]);
  });
});

describe('ValuesExec', () => {
  it('evaluates literal rows', async () => {
    const plan = new ValuesExec([field('a', IntegerType), field('b', BooleanType)],
      [[new LiteralExpr(1, IntegerType), new LiteralExpr(true, BooleanType)], [new LiteralExpr(null, IntegerType), new LiteralExpr(false, BooleanType)]]);
    expect(await collect(plan)).toEqual([[1, true], [null, false]]);
  });
});
