// Small helpers for statements whose rows are computed by the engine itself (SHOW, DESCRIBE, EXPLAIN).

import { Batch, makeBatch } from '../common/batch.js';
import { Field, Schema, StringType } from '../common/types.js';
import { Scalar, vectorFromScalars } from '../common/vector.js';
import { Notice, StatementResult } from './types.js';

export const stringField = (name: string, nullable = true): Field => ({ name, type: StringType, nullable });

export function rowsResult(schema: Schema, rows: readonly (readonly Scalar[])[]): StatementResult {
  const batch: Batch = makeBatch(schema, schema.map((f, c) => vectorFromScalars(f.type, rows.map((r) => r[c]))), rows.length);
  return { kind: 'rows', schema, batches: (async function* () { if (rows.length > 0) yield batch; })() };
}

export const commandResult = (tag: string, ...notices: Notice[]): StatementResult =>
  (notices.length > 0 ? { kind: 'command', tag, notices } : { kind: 'command', tag });

export const notice = (message: string, code = '00000'): Notice => ({ severity: 'NOTICE', code, message });
export const warning = (message: string, code: string): Notice => ({ severity: 'WARNING', code, message });

/** The columns of DESCRIBE's column listing (tables, views, queries). */
export const DESCRIBE_COLUMNS = [stringField('col_name', false), stringField('data_type', false), stringField('comment')];
