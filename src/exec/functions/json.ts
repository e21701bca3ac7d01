// JSON constructors Postgres clients use (SQLAlchemy's reflection builds identity options with
// json_build_object): values of any type as JSON text.

import { DataType, StringType, isNumeric } from '../../common/types.js';
import { QuarryError } from '../../common/errors.js';
import { ArrayValue, Scalar, getScalar, vectorFromScalars } from '../../common/vector.js';
import { ExecutionContext } from '../context.js';
import { castToString } from '../expressions/cast.js';
import { ScalarFunction, callDisplay } from './function.js';

/** One value as JSON: numbers and booleans bare, arrays as arrays, everything else as its text. */
export function toJson(x: Scalar, type: DataType, ctx: ExecutionContext): string {
  if (x === null) return 'null';
  if (type.kind === 'boolean') return x ? 'true' : 'false';
  if (type.kind === 'array') return `[${(x as ArrayValue).map((e) => toJson(e, type.element, ctx)).join(',')}]`;
  if (isNumeric(type)) return castToString(x, type, ctx);
  return JSON.stringify(castToString(x, type, ctx));
}

function builder(name: string, render: (parts: string[]) => string, pairs: boolean): ScalarFunction {
  return {
    name,
    bind(types) {
      if (pairs && types.length % 2 !== 0) throw new QuarryError('22023', `argument list must have even number of elements`);
      return {
        name, argTypes: types, returnType: StringType, display: callDisplay(name),
        evaluate(args, n, ctx) {
          const out: string[] = new Array(n);
          for (let i = 0; i < n; i++) {
            const parts = args.map((a, k) => {
              const value = getScalar(a, i);
              if (pairs && k % 2 === 0) {
                if (value === null) throw new QuarryError('22004', 'null value not allowed for object key');
                return JSON.stringify(castToString(value, types[k], ctx));
              }
              return toJson(value, types[k], ctx);
            });
            out[i] = render(parts);
          }
          return vectorFromScalars(StringType, out);
        },
      };
    },
  };
}

export const jsonFunctions: ScalarFunction[] = [
  // Postgres's spacing: {"a" : 1, "b" : 2}.
  builder('json_build_object', (parts) => `{${Array.from({ length: parts.length / 2 }, (_, i) => `${parts[2 * i]} : ${parts[2 * i + 1]}`).join(', ')}}`, true),
  builder('json_build_array', (parts) => `[${parts.join(', ')}]`, false),
];
