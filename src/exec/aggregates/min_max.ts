// min and max over any ordered type.

import { DataType, containsMap, typeToSql } from '../../common/types.js';
import { QuarryError, SqlState } from '../../common/errors.js';
import { Scalar, Vector, getScalar, isNullAt, vectorFromScalars } from '../../common/vector.js';
import { compareValues } from '../functions/comparison.js';
import { numbers } from '../functions/kernels.js';
import { AggregateFunction, GroupAccumulator, grow } from './aggregate_function.js';

class ExtremumAccumulator implements GroupAccumulator {
  private best: Scalar[] = [];
  // Typed fast path while the inputs are numbers.
  private fast = new Float64Array(16);
  private seen = new Uint8Array(16);
  private generic = false;

  constructor(private readonly type: DataType, private readonly sign: 1 | -1) {}

  update(args: readonly Vector[], groupIds: Int32Array, n: number, numGroups: number): void {
    const v = args[0];
    const x = numbers(v);
    this.fast = grow(this.fast, numGroups);
    this.seen = grow(this.seen, numGroups);
    if (x !== null && !this.generic) {
      const { fast, seen, sign } = this;
      for (let i = 0; i < n; i++) {
        if (v.validity !== null && v.validity[i] === 0) continue;
        const g = groupIds[i], value = x[i];
        if (seen[g] === 0 || compareValues(value, fast[g]) * sign < 0) {
          fast[g] = value;
          seen[g] = 1;
        }
      }
      return;
    }
    if (!this.generic) this.switchToGeneric();
    for (let i = 0; i < n; i++) {
      if (isNullAt(v, i)) continue;
      const g = groupIds[i], value = getScalar(v, i);
      const current = this.best[g];
      if (current === undefined || current === null || compareValues(value, current) * this.sign < 0) this.best[g] = value;
    }
  }

  private switchToGeneric(): void {
    this.generic = true;
    for (let g = 0; g < this.seen.length; g++) this.best[g] = this.seen[g] ? this.fast[g] : null;
  }

  finish(numGroups: number): Vector {
    if (!this.generic) this.switchToGeneric();
    const values: Scalar[] = new Array(numGroups);
    for (let g = 0; g < numGroups; g++) values[g] = this.best[g] ?? null;
    return vectorFromScalars(this.type, values);
  }
}

function extremum(name: 'min' | 'max', sign: 1 | -1): AggregateFunction {
  return {
    name,
    bind(argTypes) {
      const t = argTypes[0];
      if (containsMap(t)) {
        throw new QuarryError(SqlState.invalidArgumentType,
          `[DATATYPE_MISMATCH.INVALID_ORDERING_TYPE] Cannot resolve "${name}(…)" due to data type mismatch: The \`${name}\` does not support ordering on type "${typeToSql(t)}".`,
          undefined, 'DATATYPE_MISMATCH.INVALID_ORDERING_TYPE');
      }
      return { name, argTypes: [t], returnType: t, createAccumulator: () => new ExtremumAccumulator(t, sign) };
    },
  };
}

export const min = extremum('min', 1);
export const max = extremum('max', -1);
