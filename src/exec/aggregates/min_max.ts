// min and max over any ordered type.

import { DataType, containsMap, typeToSql } from '../../common/types.js';
import { QuarryError, SqlState } from '../../common/errors.js';
import { DictionaryStrings, Scalar, Vector, entryWise, getScalar, isDictionary, isNullAt, vectorFromScalars } from '../../common/vector.js';
import { compareValues } from '../functions/comparison.js';
import { numbers } from '../functions/kernels.js';
import { AggregateFunction, GroupAccumulator, grow } from './aggregate_function.js';

class ExtremumAccumulator implements GroupAccumulator {
  private best: Scalar[] = [];
  // Typed fast path while the inputs are numbers.
  private fast = new Float64Array(16);
  private seen = new Uint8Array(16);
  private generic = false;
  /** Each dictionary's entries ranked best first (by sign), for coded strings. */
  private readonly ranks = new WeakMap<readonly string[], Int32Array>();

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
        const g = groupIds[i], value = x[i], current = fast[g];
        // NaN is larger than every number, as Spark orders it.
        const better = sign > 0 ? value < current || (current !== current && value === value) : value > current || (value !== value && current === current);
        if (seen[g] === 0 || better) {
          fast[g] = value;
          seen[g] = 1;
        }
      }
      return;
    }
    if (!this.generic) this.switchToGeneric();
    // Coded strings into few groups (a per-batch array per group would not pay for many).
    if (isDictionary(v.data) && numGroups <= 4096 && (entryWise(v, n) !== null || this.ranks.has(v.data.dictionary))) {
      return this.updateCoded(v, v.data, groupIds, n, numGroups);
    }
    for (let i = 0; i < n; i++) {
      if (isNullAt(v, i)) continue;
      const g = groupIds[i], value = getScalar(v, i);
      const current = this.best[g];
      if (current === undefined || current === null || compareValues(value, current) * this.sign < 0) this.best[g] = value;
    }
  }

  /**
   * Dictionary-coded strings: each group's best code in the batch by the entries' order (ranked
   * once per dictionary), then one string comparison per group with its best so far.
   */
  private updateCoded(v: Vector, data: DictionaryStrings, groupIds: Int32Array, n: number, numGroups: number): void {
    let rank = this.ranks.get(data.dictionary);
    if (!rank) {
      const order = data.dictionary.map((_, k) => k).sort((a, b) => compareValues(data.dictionary[a], data.dictionary[b]));
      rank = new Int32Array(order.length);
      order.forEach((k, r) => { rank![k] = r * this.sign; });
      this.ranks.set(data.dictionary, rank);
    }
    const bestCode = new Int32Array(numGroups).fill(-1);
    for (let i = 0; i < n; i++) {
      if (v.validity !== null && v.validity[i] === 0) continue;
      const g = groupIds[i], code = data.codes[i], current = bestCode[g];
      if (current < 0 || rank[code] < rank[current]) bestCode[g] = code;
    }
    for (let g = 0; g < numGroups; g++) {
      if (bestCode[g] < 0) continue;
      const value = data.dictionary[bestCode[g]], current = this.best[g];
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
