// Array functions: Spark's (array, get, size, array_contains, element_at, array_join) and the
// Postgres ones catalog queries use (array_upper, array_length, array_to_string, string_to_array,
// `x op ANY/ALL (array)`). Subscripts are Spark's: `a[0]` is the first element.

import { ArrayType, BooleanType, DataType, IntegerType, StringType, arrayType, typeToString } from '../../common/types.js';
import { QuarryError, SqlState } from '../../common/errors.js';
import { ArrayValue, Scalar, getScalar, isNullAt, vectorFromScalars } from '../../common/vector.js';
import { ExecutionContext } from '../context.js';
import { castToString } from '../expressions/cast.js';
import { compareValues } from './comparison.js';
import { commonTypeOf } from './coercion.js';
import { wrongArgs } from './conditional.js';
import { ScalarFunction, callDisplay } from './function.js';
import { simpleFunction } from './simple_function.js';

function requireArray(name: string, t: DataType): ArrayType {
  if (t.kind === 'array') return t;
  if (t.kind === 'null') return arrayType(StringType);
  throw new QuarryError(SqlState.datatypeMismatch,
    `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] The first argument of ${name}() must be an ARRAY, not ${typeToString(t).toUpperCase()}.`);
}

/** array(a, b, …) and ARRAY[a, b, …]: elements cast to their common type; NULL elements kept. */
const arrayConstructor: ScalarFunction = {
  name: 'array',
  bind(types) {
    const element = types.length === 0 ? StringType : commonTypeOf(types, 'array()');
    const elementType = element.kind === 'null' ? StringType : element;
    const returnType = arrayType(elementType);
    return {
      name: 'array', argTypes: types.map(() => elementType), returnType, display: callDisplay('array'),
      evaluate(args, n) {
        const rows: ArrayValue[] = new Array(n);
        for (let i = 0; i < n; i++) rows[i] = args.map((a) => getScalar(a, i));
        return vectorFromScalars(returnType, rows);
      },
    };
  },
};

/** A function of an array and more arguments, NULL when the array is NULL. */
function arrayFunction(
  name: string, rest: readonly DataType[], returnType: (t: ArrayType) => DataType,
  fn: (array: ArrayValue, args: readonly Scalar[], t: ArrayType, ctx: ExecutionContext) => Scalar, optional = 0,
): ScalarFunction {
  return {
    name,
    bind(types) {
      if (types.length < 1 + rest.length - optional || types.length > 1 + rest.length) {
        throw wrongArgs(name, 1 + rest.length, types.length);
      }
      const t = requireArray(name, types[0]);
      const argTypes = [t, ...rest.slice(0, types.length - 1).map((r) => (r.kind === 'null' ? t.element : r))];
      const out = returnType(t);
      return {
        name, argTypes, returnType: out, display: callDisplay(name),
        evaluate(args, n, ctx) {
          const values: Scalar[] = new Array(n);
          for (let i = 0; i < n; i++) {
            values[i] = isNullAt(args[0], i) ? null : fn(getScalar(args[0], i) as ArrayValue, args.slice(1).map((a) => getScalar(a, i)), t, ctx);
          }
          return vectorFromScalars(out, values);
        },
      };
    },
  };
}

// A placeholder type for "the array's element type" in arrayFunction's `rest`.
const ELEMENT: DataType = { kind: 'null' };

const element = (t: ArrayType) => t.element;

/** `x op ANY (array)` / `x op ALL (array)`, with SQL's three-valued logic over NULL elements. */
function quantified(quantifier: 'any' | 'all'): ScalarFunction {
  const name = `${quantifier}_array`;
  return {
    name,
    bind(types, constants) {
      const op = constants?.[0];
      if (typeof op !== 'string') throw new QuarryError(SqlState.internalError, `${name}() needs a constant operator`);
      // A string is an array literal to read: `oid = ANY ('{1,2}')`.
      const t = types[2].kind === 'string' ? arrayType(types[1]) : requireArray(name, types[2]);
      const common = commonTypeOf([types[1], t.element], `${op} ${quantifier.toUpperCase()}`);
      const test = COMPARE[op];
      return {
        name, argTypes: [StringType, common, arrayType(common)], returnType: BooleanType,
        display: (args) => `(${args[1]} ${op} ${quantifier.toUpperCase()}(${args[2]}))`,
        evaluate(args, n) {
          const values: Scalar[] = new Array(n);
          for (let i = 0; i < n; i++) {
            if (isNullAt(args[2], i)) { values[i] = null; continue; }
            const array = getScalar(args[2], i) as ArrayValue;
            // Over no elements the answer is known even for a NULL x: ANY is false, ALL true.
            if (array.length === 0) { values[i] = quantifier === 'all'; continue; }
            if (isNullAt(args[1], i)) { values[i] = null; continue; }
            const x = getScalar(args[1], i);
            let sawNull = false, decided = false;
            for (const e of array) {
              if (e === null) { sawNull = true; continue; }
              if (test(compareValues(x, e)) === (quantifier === 'any')) { decided = true; break; }
            }
            values[i] = decided ? quantifier === 'any' : sawNull ? null : quantifier === 'all';
          }
          return vectorFromScalars(BooleanType, values);
        },
      };
    },
  };
}

const COMPARE: Record<string, (c: number) => boolean> = {
  '=': (c) => c === 0, '==': (c) => c === 0, '<>': (c) => c !== 0, '!=': (c) => c !== 0,
  '<': (c) => c < 0, '<=': (c) => c <= 0, '>': (c) => c > 0, '>=': (c) => c >= 0,
};

const dimensionOne = (args: readonly Scalar[]) => args[0] === null || Number(args[0]) === 1;

export const arrayFunctions: ScalarFunction[] = [
  arrayConstructor,
  quantified('any'),
  quantified('all'),
  // a[i]: Spark's zero-based subscript, NULL when out of range.
  arrayFunction('get', [IntegerType], element, (a, [i]) => (i === null ? null : a[Number(i)] ?? null)),
  // element_at is one-based and counts from the end for negative indexes.
  arrayFunction('element_at', [IntegerType], element, (a, [i]) => {
    const k = Number(i);
    if (i === null || k === 0) return null;
    return (k > 0 ? a[k - 1] : a[a.length + k]) ?? null;
  }),
  arrayFunction('size', [], () => IntegerType, (a) => a.length),
  arrayFunction('cardinality', [], () => IntegerType, (a) => a.length),
  arrayFunction('array_contains', [ELEMENT], () => BooleanType, (a, [x]) => {
    if (x === null) return null;
    if (a.some((e) => e !== null && compareValues(e, x) === 0)) return true;
    return a.includes(null) ? null : false;
  }),
  arrayFunction('array_position', [ELEMENT], () => IntegerType, (a, [x]) => a.findIndex((e) => e !== null && compareValues(e, x) === 0) + 1),
  // Postgres's bounds: arrays here are indexed from 0, so the lower bound is 0 (NULL when empty).
  arrayFunction('array_lower', [IntegerType], () => IntegerType, (a, args) => (a.length === 0 || !dimensionOne(args) ? null : 0)),
  arrayFunction('array_upper', [IntegerType], () => IntegerType, (a, args) => (a.length === 0 || !dimensionOne(args) ? null : a.length - 1)),
  arrayFunction('array_length', [IntegerType], () => IntegerType, (a, args) => (a.length === 0 || !dimensionOne(args) ? null : a.length)),
  // Spark's array_join and Postgres's array_to_string: NULL elements skipped unless replaced.
  { ...arrayFunction('array_join', [StringType, StringType], () => StringType, (a, [separator, nullText], t, ctx) => {
    const texts = a.flatMap((e) => (e !== null ? [castToString(e, t.element, ctx)] : typeof nullText === 'string' ? [nullText] : []));
    return texts.join(separator as string);
  }, 1), aliases: ['array_to_string'] },
  simpleFunction('string_to_array', [StringType, StringType], arrayType(StringType), (args, i) => {
    const text = getScalar(args[0], i) as string;
    const separator = getScalar(args[1], i);
    if (separator === null) return [...text];
    return text === '' ? [] : text.split(separator as string);
  }),
];
