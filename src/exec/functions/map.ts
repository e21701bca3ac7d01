// Spark's MAP functions: map(), map_from_arrays, map_from_entries, str_to_map, map_concat,
// map_keys, map_values, map_entries, map_contains_key, and the map forms of element_at, `m[k]`,
// size and cardinality (the array forms stay in array.ts; a call picks by its first argument).

import { QuarryError, SqlState } from '../../common/errors.js';
import {
  ArrayType, BooleanType, DataType, IntegerType, MapType, NullType, StringType, arrayType, containsMap, isNumeric, mapType,
  structType, typeToSql,
} from '../../common/types.js';
import { ArrayValue, MapValue, Scalar, getScalar, isNullAt, vectorFromScalars } from '../../common/vector.js';
import { arrayFunctions } from './array.js';
import { commonTypeOf, widerNumericType } from './coercion.js';
import { wrongArgs } from './conditional.js';
import { ScalarFunction, callDisplay } from './function.js';
import { mapRows } from './kernels.js';
import { MapBuilder, lookup } from './map_data.js';

const unexpectedInput = (name: string, index: string, required: string, actual: DataType) => new QuarryError(SqlState.invalidArgumentType,
  `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "${name}(…)" due to data type mismatch: the ${index} parameter requires the "${required}" type, however it has the type "${typeToSql(actual)}".`,
  undefined, 'DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE');

/** The map a call's argument must be; NULL reads as an empty-typed map. */
function mapArgument(name: string, t: DataType, index = 'first'): MapType {
  if (t.kind === 'map') return t;
  if (t.kind === 'null') return mapType(NullType, NullType);
  throw unexpectedInput(name, index, 'MAP', t);
}

/** Spark refuses MAP keys (and keys holding maps): they have no equality. */
function checkKeyType(name: string, key: DataType): void {
  if (containsMap(key)) {
    throw new QuarryError(SqlState.invalidArgumentType,
      `[DATATYPE_MISMATCH.INVALID_MAP_KEY_TYPE] Cannot resolve "${name}(…)" due to data type mismatch: The input key of map ${typeToSql(key)} cannot be/contain "MAP".`,
      undefined, 'DATATYPE_MISMATCH.INVALID_MAP_KEY_TYPE');
  }
}

/** map(k1, v1, k2, v2, …): keys and values each cast to their common type. */
const mapConstructor: ScalarFunction = {
  name: 'map',
  bind(types) {
    if (types.length % 2 !== 0) throw wrongArgs('map', '2n (n > 0)', types.length);
    const keyTypes = types.filter((_, i) => i % 2 === 0), valueTypes = types.filter((_, i) => i % 2 === 1);
    const key = commonTypeOf(keyTypes, 'map() keys');
    const value = commonTypeOf(valueTypes, 'map() values');
    checkKeyType('map', key);
    const returnType = mapType(key, value);
    return {
      name: 'map', argTypes: types.map((_, i) => (i % 2 === 0 ? key : value)), returnType, display: callDisplay('map'),
      evaluate(args, n, ctx) {
        const out: Scalar[] = new Array(n);
        for (let i = 0; i < n; i++) {
          const builder = new MapBuilder(key, ctx);
          for (let k = 0; k < args.length; k += 2) builder.put(getScalar(args[k], i), getScalar(args[k + 1], i));
          out[i] = builder.build();
        }
        return vectorFromScalars(returnType, out);
      },
    };
  },
};

/** A function of one map, NULL for a NULL map. */
function onMap(name: string, result: (t: MapType) => DataType, fn: (m: MapValue) => Scalar): ScalarFunction {
  return {
    name,
    bind(types) {
      if (types.length !== 1) throw wrongArgs(name, 1, types.length);
      const t = mapArgument(name, types[0]);
      const returnType = result(t);
      return {
        name, argTypes: [t], returnType, display: callDisplay(name),
        evaluate: (args, n) => mapRows(returnType, args, n, (i) => fn(getScalar(args[0], i) as MapValue)),
      };
    },
  };
}

const entryType = (t: MapType) => structType([{ name: 'key', type: t.key }, { name: 'value', type: t.value }]);

/** map_from_arrays(keys, values): the arrays must be as long as each other. */
const mapFromArrays: ScalarFunction = {
  name: 'map_from_arrays',
  bind(types) {
    if (types.length !== 2) throw wrongArgs('map_from_arrays', 2, types.length);
    const [keys, values] = types.map((t, k) => {
      if (t.kind === 'array') return t;
      if (t.kind === 'null') return arrayType(NullType);
      throw unexpectedInput('map_from_arrays', k === 0 ? 'first' : 'second', 'ARRAY', t);
    }) as ArrayType[];
    checkKeyType('map_from_arrays', keys.element);
    const returnType = mapType(keys.element, values.element);
    return {
      name: 'map_from_arrays', argTypes: [keys, values], returnType, display: callDisplay('map_from_arrays'),
      evaluate: (args, n, ctx) => mapRows(returnType, args, n, (i) => {
        const k = getScalar(args[0], i) as ArrayValue, v = getScalar(args[1], i) as ArrayValue;
        if (k.length !== v.length) {
          throw new QuarryError(SqlState.invalidParameterValue,
            '[MAP_FROM_ARRAYS_LENGTH_MISMATCH] The key array and value array of MapData must have the same length.', undefined, 'MAP_FROM_ARRAYS_LENGTH_MISMATCH');
        }
        const builder = new MapBuilder(keys.element, ctx);
        k.forEach((key, j) => builder.put(key, v[j]));
        return builder.build();
      }),
    };
  },
};

/** map_from_entries(array of (key, value) structs): NULL when any entry is NULL. */
const mapFromEntries: ScalarFunction = {
  name: 'map_from_entries',
  bind(types) {
    if (types.length !== 1) throw wrongArgs('map_from_entries', 1, types.length);
    const t = types[0];
    if (t.kind !== 'array' || t.element.kind !== 'struct' || t.element.fields.length !== 2) {
      throw unexpectedInput('map_from_entries', 'first', 'ARRAY of pair STRUCT', t);
    }
    const [key, value] = t.element.fields.map((f) => f.type);
    checkKeyType('map_from_entries', key);
    const returnType = mapType(key, value);
    return {
      name: 'map_from_entries', argTypes: [t], returnType, display: callDisplay('map_from_entries'),
      evaluate: (args, n, ctx) => mapRows(returnType, args, n, (i) => {
        const entries = getScalar(args[0], i) as ArrayValue;
        if (entries.includes(null)) return null;
        const builder = new MapBuilder(key, ctx);
        for (const e of entries as ArrayValue[]) builder.put(e[0], e[1]);
        return builder.build();
      }),
    };
  },
};

/** map_concat(m1, m2, …): later maps' keys follow the dedup policy; NULL when any map is NULL. */
const mapConcat: ScalarFunction = {
  name: 'map_concat',
  bind(types) {
    types.forEach((t, k) => mapArgument('map_concat', t, `${k + 1}`));
    const maps = types.filter((t) => t.kind === 'map') as MapType[];
    const key = commonTypeOf(maps.map((m) => m.key), 'map_concat() keys');
    const value = commonTypeOf(maps.map((m) => m.value), 'map_concat() values');
    const returnType = types.length === 0 ? mapType(StringType, StringType) : mapType(key, value);
    return {
      name: 'map_concat', argTypes: types.map(() => returnType), returnType, display: callDisplay('map_concat'),
      evaluate: (args, n, ctx) => {
        if (args.length === 0) return vectorFromScalars(returnType, new Array(n).fill(MapValue.EMPTY));
        return mapRows(returnType, args, n, (i) => {
          const builder = new MapBuilder(key, ctx);
          for (const a of args) {
            const m = getScalar(a, i) as MapValue;
            m.keys.forEach((k, j) => builder.put(k, m.values[j]));
          }
          return builder.build();
        });
      },
    };
  },
};

/**
 * The key type a map and a looked-up key meet at: the map's own, or numbers widened (Spark's
 * findWiderTypeWithoutStringPromotion); anything else is MAP_FUNCTION_DIFF_TYPES.
 */
function lookupKeyType(name: string, t: DataType, key: DataType): DataType {
  const m = mapArgument(name, t);
  if (key.kind === 'null' || m.key.kind === 'null') return key.kind === 'null' ? m.key : key;
  if (isNumeric(m.key) && isNumeric(key)) return widerNumericType(m.key, key);
  try {
    const common = commonTypeOf([m.key, key], name, 'DATATYPE_MISMATCH');
    if ((m.key.kind === 'string') === (key.kind === 'string')) return common;
  } catch { /* reported below */ }
  throw new QuarryError(SqlState.invalidArgumentType,
    `[DATATYPE_MISMATCH.MAP_FUNCTION_DIFF_TYPES] Cannot resolve "${name}(…)" due to data type mismatch: Input to \`${name}\` should have been "MAP" followed by a value with same key type, but it's ["${typeToSql(t)}", "${typeToSql(key)}"].`,
    undefined, 'DATATYPE_MISMATCH.MAP_FUNCTION_DIFF_TYPES');
}

/** A function of a map and a key (map_contains_key, element_at): the map's keys cast to the shared type. */
function mapKeyFunction(
  name: string, result: (t: MapType) => DataType, fn: (m: MapValue, key: Scalar) => Scalar, display = callDisplay(name), castKey = false,
): ScalarFunction {
  return {
    name,
    bind(types) {
      if (types.length !== 2) throw wrongArgs(name, 2, types.length);
      // element_at and `m[k]` cast the key to the map's key type where no wider type is shared (GetMapValue's implicit cast).
      const key = castKey && types[0].kind === 'map' && !isNumeric(types[1]) === isNumeric(types[0].key) ? types[0].key : lookupKeyType(name, types[0], types[1]);
      const m = mapType(key, mapArgument(name, types[0]).value);
      const returnType = result(m);
      return {
        name, argTypes: [m, key], returnType, display,
        evaluate(args, n) {
          const out: Scalar[] = new Array(n);
          for (let i = 0; i < n; i++) {
            out[i] = isNullAt(args[0], i) || isNullAt(args[1], i) ? null : fn(getScalar(args[0], i) as MapValue, getScalar(args[1], i));
          }
          return vectorFromScalars(returnType, out);
        },
      };
    },
  };
}

/** Missing keys give NULL, for element_at and `m[k]` alike (Spark 4, ANSI or not). */
const valueAt = (name: string, display = callDisplay(name)) => mapKeyFunction(name, (t) => t.value, (m, k) => lookup(m, k) ?? null, display, true);

/**
 * str_to_map(text [, pairDelim [, keyValueDelim]]): splits on the delimiters (regular expressions,
 * ',' and ':' by default); a pair without the delimiter maps its key to NULL.
 */
const strToMap: ScalarFunction = {
  name: 'str_to_map',
  bind(types) {
    if (types.length < 1 || types.length > 3) throw wrongArgs('str_to_map', '[1, 2, 3]', types.length);
    types.forEach((t, k) => {
      if (t.kind !== 'string' && t.kind !== 'null') throw unexpectedInput('str_to_map', ['first', 'second', 'third'][k], 'STRING', t);
    });
    const returnType = mapType(StringType, StringType);
    return {
      name: 'str_to_map', argTypes: types.map(() => StringType), returnType, display: callDisplay('str_to_map'),
      evaluate: (args, n, ctx) => mapRows(returnType, args, n, (i) => {
        const text = getScalar(args[0], i) as string;
        const pairDelim = new RegExp(args.length > 1 ? getScalar(args[1], i) as string : ',');
        const keyValueDelim = new RegExp(args.length > 2 ? getScalar(args[2], i) as string : ':');
        const builder = new MapBuilder(StringType, ctx);
        for (const pair of text.split(pairDelim)) {
          const m = keyValueDelim.exec(pair);
          if (m === null || (m[0] === '' && m.index === 0)) builder.put(pair, null);
          else builder.put(pair.slice(0, m.index), pair.slice(m.index + m[0].length));
        }
        return builder.build();
      }),
    };
  },
};

/** A function whose array form lives in array.ts and whose map form is here: the first argument decides. */
function overloaded(mapForm: ScalarFunction): ScalarFunction {
  const arrayForm = arrayFunctions.find((f) => f.name === mapForm.name)!;
  return {
    ...arrayForm,
    bind: (types, constants) => (types[0]?.kind === 'map' ? mapForm : arrayForm).bind(types, constants),
  };
}

const subscriptDisplay = (args: readonly string[]) => `${args[0]}[${args[1]}]`;

export const mapFunctions: ScalarFunction[] = [
  mapConstructor,
  mapFromArrays,
  mapFromEntries,
  mapConcat,
  strToMap,
  onMap('map_keys', (t) => arrayType(t.key), (m) => m.keys),
  onMap('map_values', (t) => arrayType(t.value), (m) => m.values),
  onMap('map_entries', (t) => arrayType(entryType(t)), (m) => m.keys.map((k, i) => [k, m.values[i]])),
  mapKeyFunction('map_contains_key', () => BooleanType, (m, k) => lookup(m, k) !== undefined),
  overloaded(valueAt('element_at')),
  overloaded(valueAt('try_element_at')),
  overloaded(valueAt('array_subscript', subscriptDisplay)),
  overloaded(onMap('size', () => IntegerType, (m) => m.size)),
  overloaded(onMap('cardinality', () => IntegerType, (m) => m.size)),
];
