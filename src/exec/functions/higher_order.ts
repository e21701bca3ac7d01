// Spark's higher-order functions: transform, filter, exists, forall, aggregate and zip_with, whose
// lambda runs vectorized: the elements of every row's array become the rows of one batch (each
// beside its row's columns), the body is evaluated once over it, and the results regrouped.

import { Batch } from '../../common/batch.js';
import { DataType, IntegerType } from '../../common/types.js';
import { ArrayValue, Scalar, Vector, getScalar, isNullAt, take, vectorFromScalars } from '../../common/vector.js';
import { ExecutionContext } from '../context.js';
import { LambdaExpr, PhysicalExpr } from '../expressions/physical_expr.js';
import { BoundScalarFunction, callDisplay } from './function.js';

export type HigherOrderName = 'transform' | 'filter' | 'exists' | 'forall' | 'aggregate' | 'zip_with';

/** Runs `lambda` over `rows` (row of each lambda call) with `params` (one vector per parameter). */
export function applyLambda(lambda: LambdaExpr, batch: Batch, rows: number[], params: readonly Vector[], ctx: ExecutionContext): Vector {
  const indexes = Int32Array.from(rows);
  const columns = [...batch.columns.map((c) => take(c, indexes)), ...params];
  return lambda.body.evaluate({ schema: [], columns, numRows: rows.length }, ctx);
}

/** Every element of every non-NULL array: its row, its value and its position. */
function elements(arrays: Vector, n: number) {
  const rows: number[] = [], values: Scalar[] = [], positions: number[] = [];
  const lengths: (number | null)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    if (isNullAt(arrays, i)) { lengths[i] = null; continue; }
    const array = getScalar(arrays, i) as ArrayValue;
    lengths[i] = array.length;
    array.forEach((value, j) => { rows.push(i); values.push(value); positions.push(j); });
  }
  return { rows, values, positions, lengths };
}

/** The parameter vectors of a one-array lambda: the element, and its index when asked for. */
function elementParams(lambda: LambdaExpr, element: DataType, values: Scalar[], positions: number[]): Vector[] {
  const params = [vectorFromScalars(element, values)];
  if (lambda.arity > 1) params.push(vectorFromScalars(IntegerType, positions));
  return params;
}

export function higherOrderFunction(name: HigherOrderName, argTypes: readonly DataType[], returnType: DataType): BoundScalarFunction {
  const element = (t: DataType) => (t.kind === 'array' ? t.element : t);
  return {
    name, argTypes, returnType, display: callDisplay(name),
    evaluate() { throw new Error(`${name}() is evaluated lazily`); },
    evaluateLazily(args: readonly PhysicalExpr[], batch: Batch, ctx: ExecutionContext): Vector {
      const n = batch.numRows;
      const out: Scalar[] = new Array(n).fill(null);
      if (name === 'zip_with') return zipWith(args, batch, ctx, argTypes, returnType);
      if (name === 'aggregate') return aggregate(args, batch, ctx, argTypes, returnType);
      const lambda = args[1] as LambdaExpr;
      const { rows, values, positions, lengths } = elements(args[0].evaluate(batch, ctx), n);
      const results = applyLambda(lambda, batch, rows, elementParams(lambda, element(argTypes[0]), values, positions), ctx);
      const perRow: Scalar[][] = lengths.map(() => []);
      const perRowValues: Scalar[][] = lengths.map(() => []);
      rows.forEach((row, k) => { perRow[row].push(getScalar(results, k)); perRowValues[row].push(values[k]); });
      for (let i = 0; i < n; i++) {
        if (lengths[i] === null) continue;
        const got = perRow[i];
        switch (name) {
          case 'transform': out[i] = got; break;
          case 'filter': out[i] = perRowValues[i].filter((_, k) => got[k] === true); break;
          // Three-valued: a NULL result makes the answer unknown unless another decides it.
          case 'exists': out[i] = got.includes(true) ? true : got.includes(null) ? null : false; break;
          case 'forall': out[i] = got.includes(false) ? false : got.includes(null) ? null : true; break;
        }
      }
      return vectorFromScalars(returnType, out);
    },
  };
}

/** zip_with(a, b, (x, y) -> …): element by element, the shorter array padded with NULL. */
function zipWith(args: readonly PhysicalExpr[], batch: Batch, ctx: ExecutionContext, argTypes: readonly DataType[], returnType: DataType): Vector {
  const n = batch.numRows;
  const [left, right] = [args[0].evaluate(batch, ctx), args[1].evaluate(batch, ctx)];
  const rows: number[] = [], xs: Scalar[] = [], ys: Scalar[] = [];
  const lengths: (number | null)[] = new Array(n).fill(null);
  for (let i = 0; i < n; i++) {
    if (isNullAt(left, i) || isNullAt(right, i)) continue;
    const a = getScalar(left, i) as ArrayValue, b = getScalar(right, i) as ArrayValue;
    lengths[i] = Math.max(a.length, b.length);
    for (let j = 0; j < lengths[i]!; j++) { rows.push(i); xs.push(a[j] ?? null); ys.push(b[j] ?? null); }
  }
  const elementOf = (t: DataType) => (t.kind === 'array' ? t.element : t);
  const results = applyLambda(args[2] as LambdaExpr, batch, rows,
    [vectorFromScalars(elementOf(argTypes[0]), xs), vectorFromScalars(elementOf(argTypes[1]), ys)], ctx);
  const out: Scalar[] = lengths.map((length) => (length === null ? null : []));
  rows.forEach((row, k) => (out[row] as Scalar[]).push(getScalar(results, k)));
  return vectorFromScalars(returnType, out);
}

/**
 * aggregate(array, zero, (acc, x) -> merge [, acc -> finish]): a fold. Step k folds the k-th
 * element of every array still that long, all rows in one batch.
 */
function aggregate(args: readonly PhysicalExpr[], batch: Batch, ctx: ExecutionContext, argTypes: readonly DataType[], returnType: DataType): Vector {
  const n = batch.numRows;
  const arrays = args[0].evaluate(batch, ctx);
  const zero = args[1].evaluate(batch, ctx);
  const merge = args[2] as LambdaExpr;
  const accType = argTypes[1];
  const element = argTypes[0].kind === 'array' ? argTypes[0].element : argTypes[0];
  const acc: Scalar[] = Array.from({ length: n }, (_, i) => getScalar(zero, i));
  const values: (ArrayValue | null)[] = Array.from({ length: n }, (_, i) => (isNullAt(arrays, i) ? null : getScalar(arrays, i) as ArrayValue));
  const longest = Math.max(0, ...values.map((v) => v?.length ?? 0));
  for (let step = 0; step < longest; step++) {
    const rows = values.flatMap((v, i) => (v !== null && v.length > step ? [i] : []));
    const merged = applyLambda(merge, batch, rows, [
      vectorFromScalars(accType, rows.map((i) => acc[i])), vectorFromScalars(element, rows.map((i) => values[i]![step])),
    ], ctx);
    rows.forEach((row, k) => { acc[row] = getScalar(merged, k); });
  }
  const all = Array.from({ length: n }, (_, i) => i);
  const folded = vectorFromScalars(accType, acc.map((a, i) => (values[i] === null ? null : a)));
  const result = args.length > 3 ? applyLambda(args[3] as LambdaExpr, batch, all, [folded], ctx) : folded;
  return vectorFromScalars(returnType, all.map((i) => (values[i] === null ? null : getScalar(result, i))));
}

export const HIGHER_ORDER_FUNCTIONS: ReadonlySet<string> = new Set(['transform', 'filter', 'exists', 'forall', 'aggregate', 'reduce', 'zip_with']);
