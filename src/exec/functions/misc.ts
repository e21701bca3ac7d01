// Functions about the server itself.

import { StringType } from '../../common/types.js';
import { ScalarFunction } from './function.js';
import { simpleFunction } from './simple_function.js';

/** Postgres clients parse version() for the server's version; Spark clients only show it. */
export const SERVER_VERSION_TEXT = 'PostgreSQL 15.6 (Quarry 0.1.0, Spark SQL)';

export const miscFunctions: ScalarFunction[] = [
  simpleFunction('version', [], StringType, () => SERVER_VERSION_TEXT),
];
