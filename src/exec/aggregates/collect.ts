// Aggregates that collect values into arrays: Postgres's array_agg (NULLs kept, NULL over no
// rows) and Spark's collect_list / collect_set (NULLs skipped, an empty array over no rows).

import { DataType, StringType, arrayType } from '../../common/types.js';
import { QuarryError, SqlState } from '../../common/errors.js';
import { Scalar, Vector, getScalar, isNullAt, vectorFromScalars } from '../../common/vector.js';
import { compareValues } from '../functions/comparison.js';
import { AggregateFunction, GroupAccumulator } from './aggregate_function.js';

type Mode = 'array_agg' | 'collect_list' | 'collect_set';

class CollectAccumulator implements GroupAccumulator {
  private readonly lists: Scalar[][] = [];
  constructor(private readonly type: DataType, private readonly mode: Mode) {}

  update(args: readonly Vector[], groupIds: Int32Array, n: number): void {
    const [value] = args;
    for (let i = 0; i < n; i++) {
      const list = (this.lists[groupIds[i]] ??= []);
      if (isNullAt(value, i)) {
        if (this.mode === 'array_agg') list.push(null);
        continue;
      }
      const x = getScalar(value, i);
      if (this.mode === 'collect_set' && list.some((y) => compareValues(x, y) === 0)) continue;
      list.push(x);
    }
  }

  finish(numGroups: number): Vector {
    const empty = this.mode === 'array_agg' ? null : [];
    return vectorFromScalars(this.type, Array.from({ length: numGroups }, (_, g) => this.lists[g] ?? empty));
  }
}

function collect(mode: Mode, aliases: string[] = []): AggregateFunction {
  return {
    name: mode,
    aliases,
    bind(argTypes) {
      if (argTypes.length !== 1) {
        throw new QuarryError('42605', `[WRONG_NUM_ARGS] ${mode}() takes 1 argument, not ${argTypes.length}.`);
      }
      if (argTypes[0].kind === 'array' && mode === 'array_agg') {
        throw new QuarryError(SqlState.featureNotSupported, 'array_agg() of arrays (multidimensional arrays) is not supported');
      }
      const element = argTypes[0].kind === 'null' ? { kind: 'string' } as DataType : argTypes[0];
      const returnType = arrayType(element);
      return { name: mode, argTypes: [element], returnType, createAccumulator: () => new CollectAccumulator(returnType, mode) };
    },
  };
}

/** string_agg(value, delimiter) and Spark's listagg: non-NULL values joined, NULL when there are none. */
class StringAggAccumulator implements GroupAccumulator {
  private readonly parts: string[][] = [];
  update(args: readonly Vector[], groupIds: Int32Array, n: number): void {
    const [value, delimiter] = args;
    for (let i = 0; i < n; i++) {
      if (isNullAt(value, i)) continue;
      const g = groupIds[i];
      const list = (this.parts[g] ??= []);
      // Each value after the first is preceded by its own row's delimiter, as in Postgres.
      if (list.length > 0) list.push(delimiter && !isNullAt(delimiter, i) ? (getScalar(delimiter, i) as string) : '');
      list.push(getScalar(value, i) as string);
    }
  }
  finish(numGroups: number): Vector {
    return vectorFromScalars(StringType, Array.from({ length: numGroups }, (_, g) => this.parts[g]?.join('') ?? null));
  }
}

const stringAgg: AggregateFunction = {
  name: 'string_agg',
  aliases: ['listagg'],
  bind(argTypes) {
    if (argTypes.length < 1 || argTypes.length > 2) {
      throw new QuarryError('42605', `[WRONG_NUM_ARGS] string_agg() takes 2 arguments, not ${argTypes.length}.`);
    }
    return { name: 'string_agg', argTypes: argTypes.map(() => StringType), returnType: StringType, createAccumulator: () => new StringAggAccumulator() };
  },
};

export const collectAggregates: AggregateFunction[] = [collect('array_agg'), collect('collect_list'), collect('collect_set'), stringAgg];
