// = <> < <= > >= and <=> over operands cast to their common type. Numbers compare in typed arrays;
// strings, bigints and wide decimals through a generic comparator.

import { BooleanType, DataType, typeToString } from '../../common/types.js';
import { QuarryError, SqlState } from '../../common/errors.js';
import { MapValue, Vector, entryWise, getScalar, isNullAt } from '../../common/vector.js';
import { keyIdentity } from './map_data.js';
import { commonType } from './coercion.js';
import { BoundScalarFunction, ScalarFunction, callDisplay, infixDisplay } from './function.js';
import { combinedValidity, numbers } from './kernels.js';

type Comparison = 'equal' | 'not_equal' | 'less_than' | 'less_than_or_equal' | 'greater_than' | 'greater_than_or_equal';

const SYMBOL: Record<Comparison | 'null_safe_equal', string> = {
  equal: '=', not_equal: '!=', less_than: '<', less_than_or_equal: '<=', greater_than: '>', greater_than_or_equal: '>=',
  null_safe_equal: '<=>',
};

const TEST: Record<Comparison, (c: number) => boolean> = {
  equal: (c) => c === 0,
  not_equal: (c) => c !== 0,
  less_than: (c) => c < 0,
  less_than_or_equal: (c) => c <= 0,
  greater_than: (c) => c > 0,
  greater_than_or_equal: (c) => c >= 0,
};

/**
 * Each operator as branch-free arithmetic on booleans (random data makes branches mispredict),
 * with Spark's NaN semantics for floating-point storage: NaN equals NaN and is larger than any
 * other value. Integer storage has no NaN and takes the plain comparison.
 */
const NUMBER_TESTS: Record<Comparison, [floating: string, integral: string]> = {
  equal: ['(a === b) | ((a !== a) & (b !== b))', '+(a === b)'],
  not_equal: ['1 ^ ((a === b) | ((a !== a) & (b !== b)))', '+(a !== b)'],
  less_than: ['(a < b) | ((b !== b) & (a === a))', '+(a < b)'],
  less_than_or_equal: ['(a <= b) | (b !== b)', '+(a <= b)'],
  greater_than: ['(a > b) | ((a !== a) & (b === b))', '+(a > b)'],
  greater_than_or_equal: ['(a >= b) | (a !== a)', '+(a >= b)'],
};

type NumberLoop = (x: ArrayLike<number>, y: ArrayLike<number>, out: Uint8Array, n: number) => void;
const numberLoops = new Map<string, NumberLoop>();

/**
 * Numbers compared in one loop per operator and pair of storage types, generated once: each loop
 * sees one kind of typed array on each side, so V8 compiles it to straight typed loads (a loop
 * shared by Int32Array dates and Float64Array decimals runs several times slower).
 */
function compareNumbers(op: Comparison, x: ArrayLike<number>, y: ArrayLike<number>, n: number): Uint8Array {
  const key = `${op} ${x.constructor.name} ${y.constructor.name}`;
  let loop = numberLoops.get(key);
  if (loop === undefined) {
    const floating = x instanceof Float64Array || x instanceof Float32Array || y instanceof Float64Array || y instanceof Float32Array;
    loop = new Function('x', 'y', 'out', 'n',
      `for (let i = 0; i < n; i++) { const a = x[i], b = y[i]; out[i] = ${NUMBER_TESTS[op][floating ? 0 : 1]}; }`) as NumberLoop;
    numberLoops.set(key, loop);
  }
  const out = new Uint8Array(n);
  loop(x, y, out, n);
  return out;
}

/**
 * Dictionary-coded strings against one value (a literal: every row the same string): each
 * distinct string is compared once, and rows take their code's result. Null when not that case.
 */
function compareCodes(test: (c: number) => boolean, coded: Vector, other: Vector, n: number): Uint8Array | null {
  const data = entryWise(coded, n);
  if (data === null || !Array.isArray(other.data) || n === 0) return null;
  const values = other.data as unknown[];
  const value = values[0];
  for (let i = 1; i < n; i++) if (values[i] !== value) return null;
  const { dictionary, codes } = data;
  const results = new Uint8Array(dictionary.length);
  for (let k = 0; k < dictionary.length; k++) results[k] = test(compareValues(dictionary[k], value)) ? 1 : 0;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = results[codes[i]];
  return out;
}

/** Total order of non-NULL values of one type, as sorts and comparisons need it (NaN is largest). */
export function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') {
    if (a < b) return -1;
    if (a > b) return 1;
    if (a === b) return 0;
    return Number.isNaN(a) ? (Number.isNaN(b) ? 0 : 1) : -1;
  }
  if (a instanceof Uint8Array && b instanceof Uint8Array) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
    return a.length - b.length;
  }
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  // Maps meet only in the joins the planner builds (users' comparisons of maps are refused): equal entries in any order.
  if (a instanceof MapValue && b instanceof MapValue) {
    const [x, y] = [keyIdentity(a), keyIdentity(b)];
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    // Element by element, NULL elements first; then the shorter array first.
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      if (a[i] === null || b[i] === null) {
        if (a[i] !== b[i]) return a[i] === null ? -1 : 1;
        continue;
      }
      const c = compareValues(a[i], b[i]);
      if (c !== 0) return c;
    }
    return a.length - b.length;
  }
  // bigint against bigint or number compares exactly; strings by code unit.
  return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
}

export function bindCommonType(name: string, types: readonly DataType[]): DataType {
  const common = commonType(types[0], types[1]);
  if (common === null) {
    throw new QuarryError(SqlState.datatypeMismatch,
      `[DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES] Cannot resolve "(${typeToString(types[0])} ${name} ${typeToString(types[1])})" due to data type mismatch: the left and right operands of the binary operator have incompatible types ("${typeToString(types[0]).toUpperCase()}" and "${typeToString(types[1]).toUpperCase()}").`);
  }
  return common.kind === 'null' ? BooleanType : common;
}

function comparison(op: Comparison): ScalarFunction {
  const test = TEST[op];
  return {
    name: op,
    bind(types): BoundScalarFunction {
      const common = bindCommonType(SYMBOL[op], types);
      return {
        name: op, argTypes: [common, common], returnType: BooleanType, display: infixDisplay(SYMBOL[op]),
        evaluate(args, n) {
          const validity = combinedValidity(args, n);
          const x = numbers(args[0]), y = numbers(args[1]);
          if (x !== null && y !== null) return { type: BooleanType, length: n, data: compareNumbers(op, x, y, n), validity };
          const coded = compareCodes(test, args[0], args[1], n) ?? compareCodes((c) => test(-c), args[1], args[0], n);
          if (coded !== null) return { type: BooleanType, length: n, data: coded, validity };
          const out = new Uint8Array(n);
          for (let i = 0; i < n; i++) {
            if (validity !== null && validity[i] === 0) continue;
            out[i] = test(compareValues(getScalar(args[0], i), getScalar(args[1], i))) ? 1 : 0;
          }
          return { type: BooleanType, length: n, data: out, validity };
        },
      };
    },
  };
}

const nullSafeEqual: ScalarFunction = {
  name: 'null_safe_equal',
  bind(types) {
    const common = bindCommonType('<=>', types);
    return {
      name: 'null_safe_equal', argTypes: [common, common], returnType: BooleanType, display: infixDisplay('<=>'),
      evaluate(args: readonly Vector[], n: number) {
        const out = new Uint8Array(n);
        for (let i = 0; i < n; i++) {
          const an = isNullAt(args[0], i), bn = isNullAt(args[1], i);
          out[i] = an || bn ? (an && bn ? 1 : 0) : compareValues(getScalar(args[0], i), getScalar(args[1], i)) === 0 ? 1 : 0;
        }
        return { type: BooleanType, length: n, data: out, validity: null };
      },
    };
  },
};

export const comparisonFunctions: ScalarFunction[] = [
  comparison('equal'), comparison('not_equal'), comparison('less_than'), comparison('less_than_or_equal'),
  comparison('greater_than'), comparison('greater_than_or_equal'), nullSafeEqual,
  // equal_null(a, b) is a <=> b written as a function.
  { name: 'equal_null', bind: (types) => ({ ...nullSafeEqual.bind(types), name: 'equal_null', display: callDisplay('equal_null') }) },
];
