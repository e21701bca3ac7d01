// Functions about the server itself.

import { BooleanType, ByteType, IntegerType, LongType, StringType } from '../../common/types.js';
import { getScalar } from '../../common/vector.js';
import { QuarryError, SqlState } from '../../common/errors.js';
import { ScalarFunction, callDisplay } from './function.js';
import { simpleFunction } from './simple_function.js';

/** Postgres clients parse version() for the server's version; Spark clients only show it. */
export const SERVER_VERSION_TEXT = 'PostgreSQL 15.6 (Quarry 0.1.0, Spark SQL)';

/** grouping() and grouping_id() are rewritten by the analyzer inside grouped queries; elsewhere they are an error. */
function groupingPlaceholder(name: string): ScalarFunction {
  return {
    name,
    bind(types) {
      return {
        name, argTypes: types, returnType: name === 'grouping' ? ByteType : LongType, display: callDisplay(name),
        evaluate() {
          throw new QuarryError(SqlState.groupingError, `[UNSUPPORTED_GROUPING_EXPRESSION] ${name}() can only be used with GROUP BY.`);
        },
      };
    },
  };
}

const TYPE_NAMES: Record<number, string> = {
  16: 'boolean', 17: 'bytea', 20: 'bigint', 21: 'smallint', 23: 'integer', 25: 'text', 700: 'real', 701: 'double precision',
  1082: 'date', 1114: 'timestamp without time zone', 1184: 'timestamp with time zone', 1186: 'interval', 1700: 'numeric',
};

/**
 * The Postgres catalog functions psql and drivers call in their metadata queries, answered for a
 * server with one user and no privileges, comments or defaults.
 */
const postgresCatalogFunctions: ScalarFunction[] = [
  simpleFunction('pg_get_userbyid', [LongType], StringType, () => 'quarry'),
  simpleFunction('pg_table_is_visible', [LongType], BooleanType, () => true),
  simpleFunction('pg_type_is_visible', [LongType], BooleanType, () => true),
  simpleFunction('has_schema_privilege', [StringType, StringType], BooleanType, () => true, { optional: 1, variadic: true }),
  simpleFunction('has_table_privilege', [StringType, StringType], BooleanType, () => true, { optional: 1, variadic: true }),
  simpleFunction('pg_encoding_to_char', [LongType], StringType, () => 'UTF8'),
  simpleFunction('pg_backend_pid', [], IntegerType, () => process.pid),
  // No defaults, comments or constraints exist: their text is NULL.
  simpleFunction('pg_get_expr', [StringType, LongType, BooleanType], StringType, () => null, { optional: 1 }),
  simpleFunction('obj_description', [LongType, StringType], StringType, () => null, { optional: 1 }),
  simpleFunction('col_description', [LongType, LongType], StringType, () => null),
  simpleFunction('pg_get_constraintdef', [LongType, BooleanType], StringType, () => null, { optional: 1 }),
  simpleFunction('pg_get_indexdef', [LongType, LongType, BooleanType], StringType, () => null, { optional: 2 }),
  simpleFunction('format_type', [LongType, LongType], StringType, (a, i) => {
    const oid = Number(getScalar(a[0], i));
    const typmod = a.length > 1 ? Number(getScalar(a[1], i) ?? -1) : -1;
    if (oid === 1700 && typmod > 4) return `numeric(${(typmod - 4) >> 16},${(typmod - 4) & 0xffff})`;
    return TYPE_NAMES[oid] ?? null;
  }, { optional: 1 }),
];

/**
 * A correlated scalar subquery's value, given how many rows it matched for this outer row: the
 * planner's decorrelation counts them, and more than one is the error Spark and Postgres raise.
 */
const scalarSubqueryValue: ScalarFunction = {
  name: 'scalar_subquery_value',
  bind(types) {
    return {
      name: 'scalar_subquery_value', argTypes: [LongType, types[1]], returnType: types[1], display: callDisplay('scalar_subquery_value'),
      evaluate(args, n) {
        const counts = args[0];
        for (let i = 0; i < n; i++) {
          if (Number(getScalar(counts, i) ?? 0) > 1) {
            throw new QuarryError('21000', '[SCALAR_SUBQUERY_TOO_MANY_ROWS] More than one row returned by a subquery used as an expression.',
              undefined, 'SCALAR_SUBQUERY_TOO_MANY_ROWS');
          }
        }
        return args[1];
      },
    };
  },
};

export const miscFunctions: ScalarFunction[] = [
  scalarSubqueryValue,
  ...postgresCatalogFunctions,
  simpleFunction('version', [], StringType, () => SERVER_VERSION_TEXT),
  groupingPlaceholder('grouping'),
  groupingPlaceholder('grouping_id'),
];
