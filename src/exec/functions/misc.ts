// Functions about the server itself.

import { BooleanType, ByteType, DataType, LongType, NullType, StringType, typeToString } from '../../common/types.js';
import { getScalar, isNullAt, nullVector, vectorFromScalars } from '../../common/vector.js';
import { QuarryError, SqlState } from '../../common/errors.js';
import { BoundScalarFunction, ScalarFunction, callDisplay } from './function.js';
import { simpleFunction } from './simple_function.js';
import { wrongArgs } from './conditional.js';

export const QUARRY_VERSION = 'Quarry 0.1.0';

/** Postgres clients parse version() for the server's version; Spark clients only show it. */
export const SERVER_VERSION_TEXT = `PostgreSQL 15.6 (${QUARRY_VERSION}, Spark SQL)`;

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

const userRaised = (message: string) => new QuarryError('P0001', `[USER_RAISED_EXCEPTION] ${message}`, undefined, 'USER_RAISED_EXCEPTION');

/** raise_error(message): fails the statement on any row that reaches it (CASE evaluates branches lazily). */
const raiseError: ScalarFunction = {
  name: 'raise_error',
  bind(types) {
    if (types.length !== 1) throw wrongArgs('raise_error', 1, types.length);
    return {
      name: 'raise_error', argTypes: [StringType], returnType: NullType, display: callDisplay('raise_error'),
      evaluate(args, n) {
        if (n > 0) throw userRaised(String(getScalar(args[0], 0)));
        return nullVector(NullType, 0);
      },
    };
  },
};

/** assert_true(condition [, message]): NULL where the condition holds, else the statement fails. */
const assertTrue: ScalarFunction = {
  name: 'assert_true',
  bind(types) {
    if (types.length < 1 || types.length > 2) throw wrongArgs('assert_true', '[1, 2]', types.length);
    return {
      name: 'assert_true', argTypes: types.length === 1 ? [BooleanType] : [BooleanType, StringType], returnType: NullType,
      display: callDisplay('assert_true'),
      evaluate(args, n) {
        for (let i = 0; i < n; i++) {
          if (isNullAt(args[0], i) || getScalar(args[0], i) !== true) {
            throw userRaised(args.length > 1 ? String(getScalar(args[1], i)) : 'The assert_true condition is not true!');
          }
        }
        return nullVector(NullType, n);
      },
    };
  },
};

/** A write into a NOT NULL column: the values pass through, and a NULL among them fails the statement. */
export function notNullConstraint(type: DataType, column: string): BoundScalarFunction {
  return {
    name: 'not_null_constraint', argTypes: [type], returnType: type, display: (args) => args[0],
    evaluate(args, n) {
      const v = args[0];
      for (let i = 0; i < n; i++) {
        if (isNullAt(v, i)) {
          throw new QuarryError('23502', `[DELTA_NOT_NULL_CONSTRAINT_VIOLATED] NOT NULL constraint violated for column: ${column}.`, undefined, 'DELTA_NOT_NULL_CONSTRAINT_VIOLATED');
        }
      }
      return v;
    },
  };
}

/** typeof(x): the argument's Spark type name, `int`, `array<string>`, `decimal(10,2)`, `void`. */
const typeOf: ScalarFunction = {
  name: 'typeof',
  bind(types) {
    if (types.length !== 1) throw wrongArgs('typeof', 1, types.length);
    const text = typeToString(types[0]);
    return {
      name: 'typeof', argTypes: types, returnType: StringType, display: callDisplay('typeof'),
      evaluate: (_args, n) => vectorFromScalars(StringType, new Array(n).fill(text)),
    };
  },
};

export const miscFunctions: ScalarFunction[] = [
  typeOf,
  raiseError,
  assertTrue,
  scalarSubqueryValue,
  simpleFunction('version', [], StringType, () => SERVER_VERSION_TEXT),
  groupingPlaceholder('grouping'),
  groupingPlaceholder('grouping_id'),
];
