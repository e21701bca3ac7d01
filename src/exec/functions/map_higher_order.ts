// Spark's higher-order functions over maps: map_filter, transform_keys, transform_values and
// map_zip_with. As for arrays (higher_order.ts), every row's entries become the rows of one batch,
// the lambda runs once over it with (key, value) as its parameters, and the results are regrouped.

import { Batch } from '../../common/batch.js';
import { DataType, MapType } from '../../common/types.js';
import { MapValue, Scalar, getScalar, isNullAt, vectorFromScalars } from '../../common/vector.js';
import { ExecutionContext } from '../context.js';
import { LambdaExpr, PhysicalExpr } from '../expressions/physical_expr.js';
import { BoundScalarFunction, callDisplay } from './function.js';
import { applyLambda } from './higher_order.js';
import { MapBuilder, keyIdentity, nullMapKey } from './map_data.js';

export type MapHigherOrderName = 'map_filter' | 'transform_keys' | 'transform_values' | 'map_zip_with';

export const MAP_HIGHER_ORDER_FUNCTIONS: ReadonlySet<string> = new Set(['map_filter', 'transform_keys', 'transform_values', 'map_zip_with']);

/** Every entry of every non-NULL map: its row, key and value. */
function entries(maps: ReturnType<PhysicalExpr['evaluate']>, n: number) {
  const rows: number[] = [], keys: Scalar[] = [], values: Scalar[] = [];
  const present: boolean[] = new Array(n);
  for (let i = 0; i < n; i++) {
    present[i] = !isNullAt(maps, i);
    if (!present[i]) continue;
    const m = getScalar(maps, i) as MapValue;
    m.keys.forEach((k, j) => { rows.push(i); keys.push(k); values.push(m.values[j]); });
  }
  return { rows, keys, values, present };
}

export function mapHigherOrderFunction(name: MapHigherOrderName, argTypes: readonly DataType[], returnType: DataType): BoundScalarFunction {
  return {
    name, argTypes, returnType, display: callDisplay(name),
    evaluate() { throw new Error(`${name}() is evaluated lazily`); },
    evaluateLazily(args: readonly PhysicalExpr[], batch: Batch, ctx: ExecutionContext) {
      if (name === 'map_zip_with') return mapZipWith(args, batch, ctx, argTypes, returnType as MapType);
      const n = batch.numRows;
      const t = argTypes[0] as MapType;
      const { rows, keys, values, present } = entries(args[0].evaluate(batch, ctx), n);
      const lambda = args[1] as LambdaExpr;
      const results = applyLambda(lambda, batch, rows, [vectorFromScalars(t.key, keys), vectorFromScalars(t.value, values)], ctx);
      const out = returnType as MapType;
      const builders = present.map((p) => (p ? new MapBuilder(out.key, ctx) : null));
      rows.forEach((row, k) => {
        const result = getScalar(results, k);
        if (name === 'map_filter') {
          if (result === true) builders[row]!.put(keys[k], values[k]);
        } else if (name === 'transform_keys') {
          if (result === null) throw nullMapKey();
          builders[row]!.put(result, values[k]);
        } else builders[row]!.put(keys[k], result);
      });
      return vectorFromScalars(returnType, builders.map((b) => b?.build() ?? null));
    },
  };
}

/** map_zip_with(m1, m2, (k, v1, v2) -> …): over the union of keys, a missing side's value NULL. */
function mapZipWith(args: readonly PhysicalExpr[], batch: Batch, ctx: ExecutionContext, argTypes: readonly DataType[], returnType: MapType) {
  const n = batch.numRows;
  const [left, right] = [args[0].evaluate(batch, ctx), args[1].evaluate(batch, ctx)];
  const rows: number[] = [], keys: Scalar[] = [], lefts: Scalar[] = [], rights: Scalar[] = [];
  const present: boolean[] = new Array(n);
  for (let i = 0; i < n; i++) {
    present[i] = !isNullAt(left, i) && !isNullAt(right, i);
    if (!present[i]) continue;
    const a = getScalar(left, i) as MapValue, b = getScalar(right, i) as MapValue;
    const bIndex = new Map(b.keys.map((k, j) => [keyIdentity(k), j]));
    const seen = new Set<string>();
    a.keys.forEach((k, j) => {
      const id = keyIdentity(k);
      seen.add(id);
      const at = bIndex.get(id);
      rows.push(i); keys.push(k); lefts.push(a.values[j]); rights.push(at === undefined ? null : b.values[at]);
    });
    b.keys.forEach((k, j) => {
      if (seen.has(keyIdentity(k))) return;
      rows.push(i); keys.push(k); lefts.push(null); rights.push(b.values[j]);
    });
  }
  const [l, r] = argTypes as MapType[];
  const results = applyLambda(args[2] as LambdaExpr, batch, rows,
    [vectorFromScalars(returnType.key, keys), vectorFromScalars(l.value, lefts), vectorFromScalars(r.value, rights)], ctx);
  const builders = present.map((p) => (p ? new MapBuilder(returnType.key, ctx) : null));
  rows.forEach((row, k) => builders[row]!.put(keys[k], getScalar(results, k)));
  return vectorFromScalars(returnType, builders.map((b) => b?.build() ?? null));
}
