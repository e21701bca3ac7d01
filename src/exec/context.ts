// What running operators and expressions may consult: session settings and the cancel signal.

import { Batch } from '../common/batch.js';
import { QuarryError, SqlState } from '../common/errors.js';
import type { QueryMemory } from './query_memory.js';
import { TimeZone } from '../common/time_zone.js';

export interface ExecutionContext {
  /** Spark's ANSI mode (spark.sql.ansi.enabled, on by default as in Spark 4). */
  readonly ansi: boolean;
  /** The session time zone (spark.sql.session.timeZone): TIMESTAMP values show and parse in it. */
  readonly timeZone: TimeZone;
  readonly signal?: AbortSignal;
  /** A relation's OID by (optionally schema-qualified) name, for to_regclass() and text::regclass. */
  readonly relationOid?: (name: string) => number | undefined;
  /** Changes a session setting (set_config()); throws as SET would for a bad value. */
  readonly setSetting?: (name: string, value: string) => void;
  /** A session setting's value (legacy flags such as spark.sql.legacy.javaCharsets). */
  readonly setting?: (name: string) => string | undefined;
  /**
   * Rows computed once and read by reference, by id: each running recursive CTE's previous
   * iteration, each shared (non-deterministic) CTE's result.
   */
  readonly cteResults?: ReadonlyMap<number, readonly Batch[]>;
  /** What operators that hold rows reserve; past its limit the query fails with 53200. */
  readonly memory?: QueryMemory;
  /** Counts the rows scans read, for progress notices (SET quarry.progress = on). */
  readonly progress?: { rowsRead: number };
}

export const defaultExecutionContext: ExecutionContext = { ansi: true, timeZone: TimeZone.UTC };

let lastYield = performance.now();

/**
 * Operators await this between batches. It stops a cancelled statement, and now and then lets
 * the event loop run: batches that never wait for I/O would otherwise keep timers (statement
 * timeouts) and other sockets (cancel requests, other sessions) waiting until the query ends.
 */
export async function checkpoint(ctx: ExecutionContext): Promise<void> {
  if (performance.now() - lastYield > 10) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    lastYield = performance.now();
  }
  if (ctx.signal?.aborted) {
    throw new QuarryError(SqlState.queryCanceled, 'canceling statement due to user request');
  }
}
