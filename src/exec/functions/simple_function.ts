// Functions with a fixed signature: the analyzer casts arguments to `argTypes` (the last
// `optional` of them may be left out), NULL in gives NULL out, and `fn` sees one row at a time.

import { DataType } from '../../common/types.js';
import { Scalar, Vector } from '../../common/vector.js';
import { ExecutionContext } from '../context.js';
import { wrongArgs } from './conditional.js';
import { BoundScalarFunction, ScalarFunction, callDisplay } from './function.js';
import { mapRows } from './kernels.js';

export interface SimpleFunctionOptions {
  readonly aliases?: string[];
  /** How many trailing arguments may be omitted. */
  readonly optional?: number;
  /** Repeat the last argument type for any number of further arguments. */
  readonly variadic?: boolean;
}

export function simpleFunction(
  name: string, argTypes: readonly DataType[], returnType: DataType,
  fn: (args: readonly Vector[], i: number, ctx: ExecutionContext) => Scalar,
  options: SimpleFunctionOptions = {},
): ScalarFunction {
  const min = argTypes.length - (options.optional ?? 0);
  return {
    name,
    aliases: options.aliases,
    bind(types): BoundScalarFunction {
      if (types.length < min || (!options.variadic && types.length > argTypes.length)) {
        throw wrongArgs(name, min === argTypes.length ? min : `[${min}, ${argTypes.length}]`, types.length);
      }
      const bound = types.map((_, i) => argTypes[Math.min(i, argTypes.length - 1)]);
      return {
        name, argTypes: bound, returnType, display: callDisplay(name),
        evaluate: (args, n, ctx) => mapRows(returnType, args, n, (i) => fn(args, i, ctx)),
      };
    },
  };
}
