// What running operators and expressions may consult: session settings and the cancel signal.

import { QuarryError, SqlState } from '../common/errors.js';

export interface ExecutionContext {
  /** Spark's ANSI mode (spark.sql.ansi.enabled, on by default as in Spark 4). */
  readonly ansi: boolean;
  /** Session time zone offset in seconds (UTC for now: named zones come with the settings issue). */
  readonly timeZoneOffsetSeconds: number;
  readonly signal?: AbortSignal;
}

export const defaultExecutionContext: ExecutionContext = { ansi: true, timeZoneOffsetSeconds: 0 };

/** Operators call this between batches so a cancelled statement stops promptly. */
export function checkCancelled(ctx: ExecutionContext): void {
  if (ctx.signal?.aborted) {
    throw new QuarryError(SqlState.queryCanceled, 'canceling statement due to user request');
  }
}
