// String functions: concat (and ||), upper, lower, length, substring, trim family.

import { DataType, IntegerType, StringType } from '../../common/types.js';
import { Vector, getScalar, stringValues } from '../../common/vector.js';
import { BoundScalarFunction, ScalarFunction, callDisplay } from './function.js';
import { wrongArgs } from './conditional.js';
import { mapRows } from './kernels.js';

/** A function of strings whose arguments are all cast to `argTypes` (STRING unless given). */
function stringFunction(
  name: string, arity: [number, number], returnType: DataType,
  fn: (args: readonly Vector[], i: number) => string | number | null,
  options: { aliases?: string[]; argTypes?: (n: number) => DataType[] } = {},
): ScalarFunction {
  return {
    name,
    aliases: options.aliases,
    bind(types): BoundScalarFunction {
      if (types.length < arity[0] || types.length > arity[1]) {
        throw wrongArgs(name, arity[0] === arity[1] ? arity[0] : `[${arity[0]}, ${arity[1]}]`, types.length);
      }
      const argTypes = options.argTypes?.(types.length) ?? types.map(() => StringType);
      return {
        name, argTypes, returnType, display: callDisplay(name),
        evaluate: (args, n) => mapRows(returnType, args, n, (i) => fn(args, i)),
      };
    },
  };
}

const str = (v: Vector, i: number) => getScalar(v, i) as string;
const int = (v: Vector, i: number) => getScalar(v, i) as number;

/** Spark's substring: 1-based, a start of 0 acts as 1, a negative start counts from the end. */
export function sparkSubstring(s: string, pos: number, len = Number.MAX_SAFE_INTEGER): string {
  const chars = Array.from(s);
  let start = pos > 0 ? pos - 1 : pos < 0 ? chars.length + pos : 0;
  let end = len < 0 ? start : start + len;
  if (start < 0) start = 0;
  if (end > chars.length) end = chars.length;
  return start >= end ? '' : chars.slice(start, end).join('');
}

const concat: ScalarFunction = {
  name: 'concat',
  bind(types) {
    return {
      name: 'concat', argTypes: types.map(() => StringType), returnType: StringType, display: callDisplay('concat'),
      evaluate(args, n) {
        const columns = args.map(stringValues);
        return mapRows(StringType, args, n, (i) => columns.map((c) => c[i]).join(''));
      },
    };
  },
};

export const stringFunctions: ScalarFunction[] = [
  concat,
  stringFunction('upper', [1, 1], StringType, (a, i) => str(a[0], i).toUpperCase(), { aliases: ['ucase'] }),
  stringFunction('lower', [1, 1], StringType, (a, i) => str(a[0], i).toLowerCase(), { aliases: ['lcase'] }),
  stringFunction('length', [1, 1], IntegerType, (a, i) => Array.from(str(a[0], i)).length, { aliases: ['char_length', 'character_length'] }),
  stringFunction('trim', [1, 1], StringType, (a, i) => str(a[0], i).replace(/^ +| +$/g, '')),
  stringFunction('ltrim', [1, 1], StringType, (a, i) => str(a[0], i).replace(/^ +/, '')),
  stringFunction('rtrim', [1, 1], StringType, (a, i) => str(a[0], i).replace(/ +$/, '')),
  stringFunction('substring', [2, 3], StringType,
    (a, i) => sparkSubstring(str(a[0], i), int(a[1], i), a.length > 2 ? int(a[2], i) : undefined),
    { aliases: ['substr'], argTypes: (n) => [StringType, IntegerType, IntegerType].slice(0, n) }),
];
