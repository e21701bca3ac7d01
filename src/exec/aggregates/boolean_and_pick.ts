// count_if, bool_and/every, bool_or/any/some, and the picking aggregates first, last, any_value,
// max_by, min_by.

import { BooleanType, DataType, LongType } from '../../common/types.js';
import { QuarryError, SqlState } from '../../common/errors.js';
import { Scalar, Vector, getScalar, isNullAt, vectorFromScalars } from '../../common/vector.js';
import { compareValues } from '../functions/comparison.js';
import { AggregateFunction, GroupAccumulator, grow } from './aggregate_function.js';

function requireBoolean(name: string, types: readonly DataType[]): void {
  // A string is cast to BOOLEAN, as Spark's implicit casts do: every('true').
  if (types.length !== 1 || (types[0].kind !== 'boolean' && types[0].kind !== 'null' && types[0].kind !== 'string')) {
    throw new QuarryError(SqlState.datatypeMismatch, `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] \`${name}\` requires one boolean argument.`);
  }
}

class CountIfAccumulator implements GroupAccumulator {
  private counts = new Float64Array(16);
  update(args: readonly Vector[], groupIds: Int32Array, n: number, numGroups: number): void {
    this.counts = grow(this.counts, numGroups);
    const v = args[0];
    const values = v.data as Uint8Array;
    for (let i = 0; i < n; i++) if (values[i] === 1 && !isNullAt(v, i)) this.counts[groupIds[i]]++;
  }
  finish(numGroups: number): Vector {
    this.counts = grow(this.counts, numGroups);
    return { type: LongType, length: numGroups, data: this.counts.slice(0, numGroups), validity: null };
  }
}

/** bool_and: false wins; bool_or: true wins; NULLs are ignored, NULL when all are. */
class BooleanAccumulator implements GroupAccumulator {
  private state = new Uint8Array(16); // 0 none seen, 1 false, 2 true
  constructor(private readonly all: boolean) {}
  update(args: readonly Vector[], groupIds: Int32Array, n: number, numGroups: number): void {
    this.state = grow(this.state, numGroups);
    const v = args[0];
    for (let i = 0; i < n; i++) {
      if (isNullAt(v, i)) continue;
      const value = (v.data as Uint8Array)[i] === 1 ? 2 : 1;
      const g = groupIds[i];
      const current = this.state[g];
      this.state[g] = current === 0 ? value : this.all ? Math.min(current, value) : Math.max(current, value);
    }
  }
  finish(numGroups: number): Vector {
    this.state = grow(this.state, numGroups);
    return vectorFromScalars(BooleanType, Array.from(this.state.subarray(0, numGroups), (s) => (s === 0 ? null : s === 2)));
  }
}

/** first/last/any_value (NULLs count unless ignoreNulls, as Spark's default) and max_by/min_by. */
class PickAccumulator implements GroupAccumulator {
  private readonly values: Scalar[] = [];
  private readonly seen: boolean[] = [];
  private readonly keys: Scalar[] = [];
  constructor(private readonly type: DataType, private readonly mode: 'first' | 'last' | 'max_by' | 'min_by', private readonly ignoreNulls = false) {}
  update(args: readonly Vector[], groupIds: Int32Array, n: number): void {
    const [value, key] = args;
    for (let i = 0; i < n; i++) {
      const g = groupIds[i];
      if (this.mode === 'first' || this.mode === 'last') {
        if (this.mode === 'first' && this.seen[g]) continue;
        if (this.ignoreNulls && isNullAt(value, i)) continue;
        this.seen[g] = true;
        this.values[g] = getScalar(value, i);
        continue;
      }
      if (isNullAt(key, i)) continue;
      const k = getScalar(key, i);
      const current = this.keys[g];
      const better = current === undefined || current === null || compareValues(k, current) * (this.mode === 'max_by' ? 1 : -1) > 0;
      if (better) {
        this.keys[g] = k;
        this.values[g] = getScalar(value, i);
      }
    }
  }
  finish(numGroups: number): Vector {
    return vectorFromScalars(this.type, Array.from({ length: numGroups }, (_, g) => this.values[g] ?? null));
  }
}

/** The n-th value of each group, in input order (NULLs skipped with ignoreNulls). */
class NthAccumulator implements GroupAccumulator {
  private readonly values: Scalar[] = [];
  private readonly counts: number[] = [];
  constructor(private readonly type: DataType, private readonly n: number, private readonly ignoreNulls: boolean) {}
  update(args: readonly Vector[], groupIds: Int32Array, n: number): void {
    const value = args[0];
    for (let i = 0; i < n; i++) {
      if (this.ignoreNulls && isNullAt(value, i)) continue;
      const g = groupIds[i];
      const count = (this.counts[g] ?? 0) + 1;
      this.counts[g] = count;
      if (count === this.n) this.values[g] = getScalar(value, i);
    }
  }
  finish(numGroups: number): Vector {
    return vectorFromScalars(this.type, Array.from({ length: numGroups }, (_, g) => this.values[g] ?? null));
  }
}

export const booleanAndPickAggregates: AggregateFunction[] = [
  {
    name: 'count_if',
    bind(types) {
      requireBoolean('count_if', types);
      return { name: 'count_if', argTypes: [BooleanType], returnType: LongType, createAccumulator: () => new CountIfAccumulator() };
    },
  },
  ...(['bool_and', 'bool_or'] as const).map((name): AggregateFunction => ({
    name,
    aliases: name === 'bool_and' ? ['every'] : ['any', 'some'],
    bind(types) {
      requireBoolean(name, types);
      return { name, argTypes: [BooleanType], returnType: BooleanType, createAccumulator: () => new BooleanAccumulator(name === 'bool_and') };
    },
  })),
  ...(['first', 'last'] as const).map((name): AggregateFunction => ({
    name,
    aliases: name === 'first' ? ['first_value', 'any_value'] : ['last_value'],
    // first(x, ignoreNulls): the second argument a boolean constant, as Spark's.
    bind(types, constants) {
      if (types.length === 0 || types.length > 2) throw new QuarryError('42605', `[WRONG_NUM_ARGS] \`${name}\` requires 1 or 2 parameters.`);
      const ignoreNulls = types.length === 2 && constants?.[1] === true;
      return {
        name, argTypes: types.length === 2 ? [types[0], BooleanType] : [types[0]], returnType: types[0],
        createAccumulator: () => new PickAccumulator(types[0], name, ignoreNulls),
      };
    },
  })),
  {
    name: 'nth_value',
    // nth_value(x, n [, ignoreNulls]): the n-th value of the window frame, in its order.
    bind(types, constants) {
      const n = constants?.[1];
      if (types.length < 2 || typeof n !== 'number' || !Number.isInteger(n) || n < 1) {
        throw new QuarryError(SqlState.datatypeMismatch, '[DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE] The offset of `nth_value` must be a positive integer constant.');
      }
      const ignoreNulls = constants?.[2] === true;
      return {
        name: 'nth_value', argTypes: types.length === 3 ? [types[0], types[1], BooleanType] : [types[0], types[1]], returnType: types[0],
        createAccumulator: () => new NthAccumulator(types[0], n, ignoreNulls),
      };
    },
  },
  ...(['max_by', 'min_by'] as const).map((name): AggregateFunction => ({
    name,
    bind(types) {
      if (types.length !== 2) throw new QuarryError('42605', `[WRONG_NUM_ARGS] \`${name}\` requires 2 parameters.`);
      return { name, argTypes: [types[0], types[1]], returnType: types[0], createAccumulator: () => new PickAccumulator(types[0], name) };
    },
  })),
];
