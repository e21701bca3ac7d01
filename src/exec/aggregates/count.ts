// count(*), count(x), count(x, y): rows where every argument is non-NULL.

import { LongType } from '../../common/types.js';
import { isNullAt } from '../../common/vector.js';
import { AggregateFunction, GroupAccumulator, grow } from './aggregate_function.js';

class CountAccumulator implements GroupAccumulator {
  private counts = new Float64Array(16);
  update(args: Parameters<GroupAccumulator['update']>[0], groupIds: Int32Array, numRows: number, numGroups: number): void {
    this.counts = grow(this.counts, numGroups);
    const counts = this.counts;
    if (args.every((a) => a.validity === null && a.type.kind !== 'null')) {
      for (let i = 0; i < numRows; i++) counts[groupIds[i]]++;
      return;
    }
    for (let i = 0; i < numRows; i++) {
      if (args.some((a) => isNullAt(a, i))) continue;
      counts[groupIds[i]]++;
    }
  }
  finish(numGroups: number) {
    this.counts = grow(this.counts, numGroups);
    return { type: LongType, length: numGroups, data: this.counts.slice(0, numGroups), validity: null };
  }
}

export const count: AggregateFunction = {
  name: 'count',
  bind(argTypes) {
    return { name: 'count', argTypes, returnType: LongType, createAccumulator: () => new CountAccumulator() };
  },
};
