// Functions about the server itself.

import { ByteType, LongType, StringType } from '../../common/types.js';
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
  simpleFunction('version', [], StringType, () => SERVER_VERSION_TEXT),
  groupingPlaceholder('grouping'),
  groupingPlaceholder('grouping_id'),
];
