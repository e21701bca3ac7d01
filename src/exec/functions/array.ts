// Array functions: Spark's (array, get, size, array_contains, element_at, array_join) and the
// Postgres ones catalog queries use (array_upper, array_length, array_to_string, string_to_array,
// `x op ANY/ALL (array)`). Subscripts are Spark's: `a[0]` is the first element.

import { ArrayType, BooleanType, DataType, DayTimeIntervalType, IntegerType, StringType, arrayType, isIntegral, isNumeric, structType, typesEqual, typeToString } from '../../common/types.js';
import { QuarryError, SqlState } from '../../common/errors.js';
import { ArrayValue, Scalar, getScalar, isNullAt, vectorFromScalars } from '../../common/vector.js';
import { ExecutionContext } from '../context.js';
import { castToString } from '../expressions/cast.js';
import { compareValues } from './comparison.js';
import { commonTypeOf, widerNumericType } from './coercion.js';
import { mapRows } from './kernels.js';
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

const unexpectedInput = (name: string, index: string, required: string, actual: DataType) => new QuarryError(SqlState.invalidArgumentType,
  `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "${name}(…)" due to data type mismatch: the ${index} parameter requires the "${required}" type, however it has the type "${typeToString(actual).toUpperCase()}".`,
  undefined, 'DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE');

/** The array's type for array_size, array_compact, sort_array…: an ARRAY, or a 42K09 error. */
function arrayArgument(name: string, t: DataType): ArrayType {
  if (t.kind === 'array') return t;
  if (t.kind === 'null') return arrayType(StringType);
  throw unexpectedInput(name, 'first', 'ARRAY', t);
}

/**
 * The array type an array and a value share (array_append, array_prepend, array_insert): the same
 * element type, or numbers widened; anything else is Spark's ARRAY_FUNCTION_DIFF_TYPES.
 */
function arrayWithElement(name: string, arrayArg: DataType, value: DataType): ArrayType {
  const t = arrayArgument(name, arrayArg);
  if (value.kind === 'null' || typesEqual(t.element, value)) return t;
  if (arrayArg.kind === 'null') return arrayType(value);
  if (isNumeric(t.element) && isNumeric(value)) return arrayType(widerNumericType(t.element, value));
  if (t.element.kind === 'string' && arrayArg.kind === 'array' && value.kind !== 'string') {
    // array() is typed array<string> here where Spark has array<void>: an empty literal takes the value's type.
    return arrayType(value);
  }
  throw new QuarryError(SqlState.invalidArgumentType,
    `[DATATYPE_MISMATCH.ARRAY_FUNCTION_DIFF_TYPES] Cannot resolve "${name}(…)" due to data type mismatch: Input to \`${name}\` should have been "ARRAY" followed by a value with same element type, but it's ["${typeToString(arrayArg).toUpperCase()}", "${typeToString(value).toUpperCase()}"].`,
    undefined, 'DATATYPE_MISMATCH.ARRAY_FUNCTION_DIFF_TYPES');
}

/** array_append(a, x) / array_prepend(a, x): NULL when the array is NULL; a NULL x is added. */
function arrayAdd(name: 'array_append' | 'array_prepend'): ScalarFunction {
  return {
    name,
    bind(types) {
      if (types.length !== 2) throw wrongArgs(name, 2, types.length);
      const t = arrayWithElement(name, types[0], types[1]);
      return {
        name, argTypes: [t, t.element], returnType: t, display: callDisplay(name),
        evaluate(args, n) {
          const values: Scalar[] = new Array(n);
          for (let i = 0; i < n; i++) {
            const a = getScalar(args[0], i) as ArrayValue | null;
            const x = getScalar(args[1], i);
            values[i] = a === null ? null : name === 'array_append' ? [...a, x] : [x, ...a];
          }
          return vectorFromScalars(t, values);
        },
      };
    },
  };
}

const indexOfZero = () => new QuarryError(SqlState.arrayIndexOutOfRange,
  '[INVALID_INDEX_OF_ZERO] The index 0 is invalid. An index shall be either < 0 or > 0 (the first element has index 1).', undefined, 'INVALID_INDEX_OF_ZERO');

/**
 * array_insert(a, pos, x): 1-based; past the end pads with NULLs; negative counts from the end,
 * -1 appending (before the last element under spark.sql.legacy.negativeIndexInArrayInsert).
 */
const arrayInsert: ScalarFunction = {
  name: 'array_insert',
  bind(types) {
    if (types.length !== 3) throw wrongArgs('array_insert', 3, types.length);
    const t = arrayWithElement('array_insert', types[0], types[2]);
    return {
      name: 'array_insert', argTypes: [t, IntegerType, t.element], returnType: t, display: callDisplay('array_insert'),
      evaluate(args, n, ctx) {
        const legacy = ctx.setting?.('spark.sql.legacy.negativeIndexInArrayInsert') === 'true';
        const values: Scalar[] = new Array(n);
        for (let i = 0; i < n; i++) {
          const a = getScalar(args[0], i) as ArrayValue | null;
          const pos = getScalar(args[1], i);
          if (a === null || pos === null) { values[i] = null; continue; }
          const k = Number(pos), x = getScalar(args[2], i);
          if (k === 0) throw indexOfZero();
          if (k > 0) {
            values[i] = k - 1 <= a.length ? [...a.slice(0, k - 1), x, ...a.slice(k - 1)] : [...a, ...new Array(k - 1 - a.length).fill(null), x];
          } else {
            const at = a.length + k + (legacy ? 0 : 1);
            values[i] = at >= 0 ? [...a.slice(0, at), x, ...a.slice(at)] : [x, ...new Array(-at).fill(null), ...a];
          }
        }
        return vectorFromScalars(t, values);
      },
    };
  },
};

/** Spark's ordering of array elements: NaN above every number, -0.0 equal to 0.0. */
const ascending = (x: Scalar, y: Scalar) => compareValues(x, y);

/** sort_array(a [, asc]): NULLs first ascending, last descending. */
const sortArray: ScalarFunction = {
  name: 'sort_array',
  bind(types) {
    if (types.length < 1 || types.length > 2) throw wrongArgs('sort_array', '[1, 2]', types.length);
    const t = arrayArgument('sort_array', types[0]);
    if (types.length === 2 && types[1].kind !== 'boolean' && types[1].kind !== 'null') throw unexpectedInput('sort_array', 'second', 'BOOLEAN', types[1]);
    return {
      name: 'sort_array', argTypes: types.length === 2 ? [t, BooleanType] : [t], returnType: t, display: callDisplay('sort_array'),
      evaluate: (args, n) => mapRows(t, args, n, (i) => {
        const asc = args.length < 2 || getScalar(args[1], i) === true;
        const a = getScalar(args[0], i) as ArrayValue;
        return [...a].sort((x, y) => {
          if (x === null || y === null) return x === y ? 0 : (x === null) === asc ? -1 : 1;
          return asc ? ascending(x, y) : ascending(y, x);
        });
      }),
    };
  },
};

/** array_sort(a): ascending, NULLs last (the comparator lambda form is a higher-order function). */
const arraySortAscending = arrayFunction('array_sort', [], (t) => t, (a) => [...a].sort((x, y) => {
  if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
  return ascending(x, y);
}));
const arraySort: ScalarFunction = {
  name: 'array_sort',
  bind(types, constants) {
    if (types.length === 2 && (isIntegral(types[1]) || types[1].kind === 'null')) {
      // A constant comparator: every pair compares the same way.
      const t = requireArray('array_sort', types[0]);
      return {
        name: 'array_sort', argTypes: [t, IntegerType], returnType: t, display: callDisplay('array_sort'),
        evaluate: (args, n) => mapRows(t, args, n, (i) => {
          const c = Number(getScalar(args[1], i));
          return [...(getScalar(args[0], i) as ArrayValue)].sort(() => c);
        }),
      };
    }
    if (types.length === 2) {
      // A comparator that is a value, not a lambda: Spark's constant function, whose type is not INT.
      throw new QuarryError(SqlState.invalidArgumentType,
        `[DATATYPE_MISMATCH.UNEXPECTED_RETURN_TYPE] Cannot resolve "array_sort(…)" due to data type mismatch: the comparator of array_sort must return the "INT" type, but got "${typeToString(types[1]).toUpperCase()}".`,
        undefined, 'DATATYPE_MISMATCH.UNEXPECTED_RETURN_TYPE');
    }
    return arraySortAscending.bind(types, constants);
  },
};

/** Distinct elements in first-seen order; 0.0 and -0.0 are one value, as are all NaNs. */
function distinctElements(values: readonly Scalar[]): Scalar[] {
  const out: Scalar[] = [];
  let sawNull = false;
  for (const v of values) {
    if (v === null) { if (!sawNull) { sawNull = true; out.push(null); } continue; }
    const x = typeof v === 'number' && v === 0 ? 0 : v;
    if (!out.some((e) => e !== null && compareValues(e, x) === 0)) out.push(x);
  }
  return out;
}

function twoArrays(name: string, combine: (a: ArrayValue, b: ArrayValue) => Scalar[]): ScalarFunction {
  return {
    name,
    bind(types) {
      if (types.length !== 2) throw wrongArgs(name, 2, types.length);
      const a = arrayArgument(name, types[0]), b = arrayArgument(name, types[1]);
      const t = commonTypeOf([types[0].kind === 'null' ? b : a, types[1].kind === 'null' ? a : b], name) as ArrayType;
      return {
        name, argTypes: [t, t], returnType: t, display: callDisplay(name),
        evaluate: (args, n) => mapRows(t, args, n, (i) => combine(getScalar(args[0], i) as ArrayValue, getScalar(args[1], i) as ArrayValue)),
      };
    },
  };
}

const contains = (a: readonly Scalar[], x: Scalar) => a.some((e) => (e === null ? x === null : x !== null && compareValues(e, x) === 0));

/** arrays_zip(a, b, …): structs of the i-th elements, as long as the longest array; NULL if any is NULL. */
const arraysZip: ScalarFunction = {
  name: 'arrays_zip',
  bind(types) {
    const arrays = types.map((t) => arrayArgument('arrays_zip', t));
    const returnType = arrayType(structType(arrays.map((t, k) => ({ name: String(k), type: t.element }))));
    return {
      name: 'arrays_zip', argTypes: arrays, returnType, display: callDisplay('arrays_zip'),
      evaluate: (args, n) => mapRows(returnType, args, n, (i) => {
        const values = args.map((a) => getScalar(a, i) as ArrayValue);
        const length = Math.max(0, ...values.map((v) => v.length));
        return Array.from({ length }, (_, k) => values.map((v) => v[k] ?? null));
      }),
    };
  },
};

function elementAt(a: ArrayValue, i: Scalar, strict: boolean): Scalar {
  if (i === null) return null;
  const k = Number(i);
  if (k === 0) throw indexOfZero();
  if (Math.abs(k) > a.length) {
    if (strict) {
      throw new QuarryError(SqlState.arrayIndexOutOfRange,
        `[INVALID_ARRAY_INDEX_IN_ELEMENT_AT] The index ${k} is out of bounds. The array has ${a.length} elements. Use \`try_element_at\` to tolerate accessing element at invalid index and return NULL instead. If necessary set "spark.sql.ansi.enabled" to "false" to bypass this error.`,
        undefined, 'INVALID_ARRAY_INDEX_IN_ELEMENT_AT');
    }
    return null;
  }
  return (k > 0 ? a[k - 1] : a[a.length + k]) ?? null;
}


/**
 * sequence(start, stop [, step]): integers stepping by 1 or -1 by default; dates by a day (or a
 * year-month / day-time interval), timestamps by an interval. A step that never reaches stop is an error.
 */
const sequence: ScalarFunction = {
  name: 'sequence',
  bind(types) {
    if (types.length < 2 || types.length > 3) throw wrongArgs('sequence', '[2, 3]', types.length);
    const bounds = commonTypeOf(types.slice(0, 2), 'sequence');
    const datetime = bounds.kind === 'date' || bounds.kind === 'timestamp' || bounds.kind === 'timestamp_ntz';
    const element = bounds.kind === 'null' ? IntegerType : bounds;
    if (!datetime && !isIntegral(element)) throw unexpectedInput('sequence', 'first', 'INTEGRAL', types[0]);
    const stepType: DataType = types.length === 3 ? (datetime ? types[2] : element) : datetime ? DayTimeIntervalType : element;
    if (datetime && stepType.kind !== 'interval_ym' && stepType.kind !== 'interval_dt' && stepType.kind !== 'null') throw unexpectedInput('sequence', 'third', 'INTERVAL', stepType);
    const returnType = arrayType(element);
    return {
      name: 'sequence', argTypes: [element, element, ...(types.length === 3 ? [stepType] : [])], returnType, display: callDisplay('sequence'),
      evaluate: (args, n, ctx) => mapRows(returnType, args, n, (i) => {
        const start = Number(getScalar(args[0], i)), stop = Number(getScalar(args[1], i));
        const illegal = () => new QuarryError(SqlState.invalidParameterValue,
          `Illegal sequence boundaries: ${start} to ${stop} by ${args.length > 2 ? String(getScalar(args[2], i)) : 'default'}`);
        if (!datetime) {
          const step = args.length > 2 ? Number(getScalar(args[2], i)) : start <= stop ? 1 : -1;
          if (step === 0 ? start !== stop : (stop - start) / step < 0) throw illegal();
          const count = step === 0 ? 1 : Math.floor((stop - start) / step) + 1;
          if (count > 2_147_483_632) throw illegal();
          return Array.from({ length: count }, (_, k) => start + k * step);
        }
        // Dates and timestamps: step in days or microseconds, or in months.
        const micros = element.kind === 'date' ? MICROS_PER_DAY : 1;
        const stepValue = args.length > 2 ? Number(getScalar(args[2], i)) : (start <= stop ? 1 : -1) * MICROS_PER_DAY;
        const months = stepType.kind === 'interval_ym';
        if (stepValue === 0) throw illegal();
        const out: number[] = [];
        const forward = stepValue > 0;
        if ((forward && start > stop) || (!forward && start < stop)) throw illegal();
        const zoned = element.kind === 'timestamp';
        for (let k = 0; ; k++) {
          let value: number;
          if (months) {
            const base = zoned ? ctx.timeZone.toLocal(start) : start * micros;
            const days = Math.floor(base / MICROS_PER_DAY);
            const moved = base + (addMonthsToDays(days, k * stepValue) - days) * MICROS_PER_DAY;
            value = zoned ? ctx.timeZone.fromLocal(moved) : moved / micros;
          } else value = start + (k * stepValue) / micros;
          if (forward ? value > stop : value < stop) break;
          out.push(element.kind === 'date' ? Math.floor(value) : value);
          if (out.length > 1_000_000) throw illegal();
        }
        return out;
      }),
    };
  },
};

const MICROS_PER_DAY = 86_400_000_000;

/** Days-since-epoch plus months, clamping the day of month. */
function addMonthsToDays(days: number, months: number): number {
  const d = new Date(days * 86_400_000);
  const target = new Date(Date.UTC(2000, 0, 1));
  target.setUTCFullYear(d.getUTCFullYear(), d.getUTCMonth() + months, 1);
  const last = new Date(target.getTime());
  last.setUTCMonth(last.getUTCMonth() + 1, 0);
  target.setUTCDate(Math.min(d.getUTCDate(), last.getUTCDate()));
  return Math.round(target.getTime() / 86_400_000);
}

export const arrayFunctions: ScalarFunction[] = [
  sequence,
  arrayAdd('array_append'),
  arrayAdd('array_prepend'),
  arrayInsert,
  sortArray,
  arraySort,
  arraysZip,
  { ...arrayFunction('array_size', [], () => IntegerType, (a) => a.length), bind(types) {
    arrayArgument('array_size', types[0] ?? { kind: 'null' });
    return arrayFunction('array_size', [], () => IntegerType, (a) => a.length).bind(types);
  } },
  { ...arrayFunction('array_compact', [], (t) => t, (a) => a.filter((e) => e !== null)), bind(types) {
    arrayArgument('array_compact', types[0] ?? { kind: 'null' });
    return arrayFunction('array_compact', [], (t) => t, (a) => a.filter((e) => e !== null)).bind(types);
  } },
  arrayFunction('array_distinct', [], (t) => t, (a) => distinctElements(a)),
  arrayFunction('array_remove', [ELEMENT], (t) => t, (a, [x]) => (x === null ? null : a.filter((e) => e === null || compareValues(e, x) !== 0))),
  arrayFunction('array_max', [], element, (a) => a.reduce<Scalar>((m, e) => (e !== null && (m === null || compareValues(e, m) > 0) ? e : m), null)),
  arrayFunction('array_min', [], element, (a) => a.reduce<Scalar>((m, e) => (e !== null && (m === null || compareValues(e, m) < 0) ? e : m), null)),
  twoArrays('array_union', (a, b) => distinctElements([...a, ...b])),
  twoArrays('array_intersect', (a, b) => distinctElements(a.filter((e) => contains(b, e)))),
  twoArrays('array_except', (a, b) => distinctElements(a.filter((e) => !contains(b, e)))),
  arrayConstructor,
  quantified('any'),
  quantified('all'),
  // get(a, i): Spark's zero-based subscript, NULL when out of range.
  arrayFunction('get', [IntegerType], element, (a, [i]) => (i === null ? null : a[Number(i)] ?? null)),
  // a[i]: zero-based; out of range raises INVALID_ARRAY_INDEX under ANSI mode, else NULL.
  arrayFunction('array_subscript', [IntegerType], element, (a, [i], _t, ctx) => {
    if (i === null) return null;
    const k = Number(i);
    if (k < 0 || k >= a.length) {
      if (ctx.ansi) {
        throw new QuarryError(SqlState.arrayIndexOutOfRange,
          `[INVALID_ARRAY_INDEX] The index ${k} is out of bounds. The array has ${a.length} elements. Use the SQL function \`get()\` to tolerate accessing element at invalid index and return NULL instead. If necessary set "spark.sql.ansi.enabled" to "false" to bypass this error.`,
          undefined, 'INVALID_ARRAY_INDEX');
      }
      return null;
    }
    return a[k];
  }),
  // element_at is one-based and counts from the end for negative indexes.
  // Out of range raises INVALID_ARRAY_INDEX_IN_ELEMENT_AT under ANSI mode (try_element_at gives NULL); 0 is always an error.
  arrayFunction('element_at', [IntegerType], element, (a, [i], _t, ctx) => elementAt(a, i, ctx.ansi)),
  arrayFunction('try_element_at', [IntegerType], element, (a, [i]) => elementAt(a, i, false)),
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
