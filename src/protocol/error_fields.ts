// Errors as ErrorResponse fields. Only QuarryErrors speak for themselves; anything else is a bug
// reported as XX000 with its message, never its stack.

import { QuarryError, SqlState } from '../common/errors.js';
import { ErrorFields } from './messages.js';

/** `sql` is the query text a QuarryError's position points into, when there is one. */
export function errorFieldsOf(e: unknown, severity: ErrorFields['severity'] = 'ERROR', sql?: string): ErrorFields {
  if (e instanceof QuarryError) {
    return {
      severity,
      code: e.sqlState,
      message: e.message,
      position: e.position === undefined ? undefined : characterPosition(e.position, sql),
      where: e.context,
    };
  }
  const message = e instanceof Error ? e.message : String(e);
  return { severity, code: SqlState.internalError, message: `internal error: ${message}` };
}

/** Why a running statement's signal was aborted, when it was not the client's cancel request. */
export const STATEMENT_TIMEOUT = 'statement timeout';

export const queryCanceled = (reason?: unknown) => new QuarryError(SqlState.queryCanceled,
  reason === STATEMENT_TIMEOUT ? 'canceling statement due to statement timeout' : 'canceling statement due to user request');

/**
 * QuarryError positions are 0-based UTF-16 offsets into the JS string; the P field counts
 * characters (code points) from 1, so text with astral characters (emoji) needs counting.
 */
function characterPosition(offset: number, sql: string | undefined): number {
  if (sql === undefined || offset > sql.length) return offset + 1;
  let surrogatePairs = 0;
  for (let i = 0; i < offset; i++) {
    const c = sql.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < offset) {
      const next = sql.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) { surrogatePairs++; i++; }
    }
  }
  return offset - surrogatePairs + 1;
}
