// Structs: Spark's struct() and named_struct() constructors, and field access (`(s).field`,
// which Postgres clients use on composite values such as _pg_expandarray's).

import { DataType, StringType, StructField, structType, typeToString } from '../../common/types.js';
import { QuarryError, SqlState } from '../../common/errors.js';
import { ArrayValue, Scalar, getScalar, isNullAt, vectorFromScalars } from '../../common/vector.js';
import { ScalarFunction, callDisplay } from './function.js';

function constructor(name: string, fieldsOf: (types: readonly DataType[], constants: readonly (Scalar | undefined)[]) => { fields: StructField[]; values: number[] }): ScalarFunction {
  return {
    name,
    bind(types, constants = []) {
      const { fields, values } = fieldsOf(types, constants);
      const returnType = structType(fields);
      return {
        name, argTypes: types, returnType, display: callDisplay(name),
        evaluate(args, n) {
          const rows: ArrayValue[] = new Array(n);
          for (let i = 0; i < n; i++) rows[i] = values.map((k) => getScalar(args[k], i));
          return vectorFromScalars(returnType, rows);
        },
      };
    },
  };
}

export const structFunctions: ScalarFunction[] = [
  // struct(a, b): fields col1, col2 … (Spark names them after columns only in DataFrames).
  constructor('struct', (types) => ({
    fields: types.map((type, i) => ({ name: `col${i + 1}`, type })),
    values: types.map((_, i) => i),
  })),
  constructor('named_struct', (types, constants) => {
    if (types.length % 2 !== 0) throw new QuarryError('42605', '[WRONG_NUM_ARGS] named_struct() takes an even number of arguments.');
    const fields: StructField[] = [];
    const values: number[] = [];
    for (let i = 0; i < types.length; i += 2) {
      const name = constants[i];
      if (typeof name !== 'string') {
        throw new QuarryError(SqlState.datatypeMismatch, '[DATATYPE_MISMATCH.CREATE_NAMED_STRUCT_WITHOUT_FOLDABLE_STRING] named_struct() needs constant string field names.');
      }
      fields.push({ name, type: types[i + 1] });
      values.push(i + 1);
    }
    return { fields, values };
  }),
  {
    name: 'get_struct_field',
    bind(types, constants = []) {
      const t = types[0];
      const name = constants[1];
      if (t.kind !== 'struct') {
        throw new QuarryError(SqlState.datatypeMismatch, `[INVALID_EXTRACT_BASE_FIELD_TYPE] Can't extract a field from ${typeToString(t).toUpperCase()}: it is not a struct.`);
      }
      const index = t.fields.findIndex((f) => f.name.toLowerCase() === String(name).toLowerCase());
      if (index < 0) {
        throw new QuarryError(SqlState.undefinedColumn, `[FIELD_NOT_FOUND] No such struct field \`${String(name)}\` in ${t.fields.map((f) => `\`${f.name}\``).join(', ')}.`);
      }
      const field = t.fields[index];
      return {
        name: 'get_struct_field', argTypes: [t, StringType], returnType: field.type, display: (args) => `${args[0]}.${field.name}`,
        evaluate(args, n) {
          const values: Scalar[] = new Array(n);
          for (let i = 0; i < n; i++) values[i] = isNullAt(args[0], i) ? null : (getScalar(args[0], i) as ArrayValue)[index];
          return vectorFromScalars(field.type, values);
        },
      };
    },
  },
];
