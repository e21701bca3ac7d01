// Functions about the server itself.

import { ByteType, LongType, StringType } from '../../common/types.js';
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

export const miscFunctions: ScalarFunction[] = [
  simpleFunction('version', [], StringType, () => SERVER_VERSION_TEXT),
  groupingPlaceholder('grouping'),
  groupingPlaceholder('grouping_id'),
];
