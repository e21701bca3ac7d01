// The shape of an aggregate function: binding to argument types and grouped accumulators that
// take a whole batch of rows with their group ids at once.

import { DataType } from '../../common/types.js';
import { Scalar, Vector } from '../../common/vector.js';
import { ExecutionContext } from '../context.js';

export interface GroupAccumulator {
  /** Adds `numRows` rows: row i belongs to group `groupIds[i]`; groups are numbered densely from 0. */
  update(args: readonly Vector[], groupIds: Int32Array, numRows: number, numGroups: number, ctx: ExecutionContext): void;
  /** The result of groups 0..numGroups-1. */
  finish(numGroups: number, ctx: ExecutionContext): Vector;
}

export interface BoundAggregateFunction {
  readonly name: string;
  readonly argTypes: readonly DataType[];
  readonly returnType: DataType;
  createAccumulator(): GroupAccumulator;
}

export interface AggregateFunction {
  readonly name: string;
  readonly aliases?: readonly string[];
  /** `constants`: the values of literal arguments (an offset, a flag), for functions that need them. */
  bind(argTypes: readonly DataType[], constants?: readonly (Scalar | undefined)[]): BoundAggregateFunction;
}

/** Capacity growth for per-group typed arrays. */
export function grow<T extends Float64Array | Uint8Array | Int32Array>(array: T, needed: number): T {
  if (array.length >= needed) return array;
  const next = new (array.constructor as new (n: number) => T)(Math.max(needed, array.length * 2, 16));
  next.set(array);
  return next;
}
