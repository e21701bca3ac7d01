// What the protocol layer sees of the engine: sessions that run SQL text and stream results.

import { Batch } from '../common/batch.js';
import { DataType, Schema } from '../common/types.js';
import { TimeZone } from '../common/time_zone.js';
import { Scalar } from '../common/vector.js';

export type StatementResult =
  /** A statement that returns rows (queries, SHOW, DESCRIBE, EXPLAIN): CommandComplete `SELECT n`. */
  | { readonly kind: 'rows'; readonly schema: Schema; readonly batches: AsyncIterable<Batch> }
  /** A statement without rows: CommandComplete carries `tag` (`CREATE TABLE`, `INSERT 0 3`); notices go first. */
  | { readonly kind: 'command'; readonly tag: string; readonly notices?: readonly Notice[] }
  /** Text that held no statement (only whitespace or comments). */
  | { readonly kind: 'empty' }
  /** COPY … TO STDOUT: rows for the protocol to send as CopyData in `format`; CommandComplete `COPY n`. */
  | { readonly kind: 'copyOut'; readonly schema: Schema; readonly format: CopyFormat; readonly batches: AsyncIterable<Batch> }
  /** COPY … FROM STDIN: `load` reads the client's data (CopyData payloads) into the table and counts the rows. */
  | { readonly kind: 'copyIn'; readonly schema: Schema; readonly format: CopyFormat; load(data: AsyncIterable<Buffer>): Promise<number> };

export type { CopyFormat } from './copy_from.js';
import type { CopyFormat } from './copy_from.js';

/** A NoticeResponse: what Postgres says about a statement that did not fail (`… does not exist, skipping`). */
export interface Notice {
  readonly severity: 'NOTICE' | 'WARNING';
  readonly code: string;
  readonly message: string;
}

export interface ExecuteOptions {
  /** Aborted when the client cancels or disconnects; running operators stop at the next batch. */
  readonly signal?: AbortSignal;
  /** Sends a notice now, while the statement runs (progress lines); absent where nobody listens. */
  readonly onNotice?: (notice: Notice) => void;
}

export interface SessionOptions {
  readonly user: string;
  /** The Spark database to start in (the startup message's `database`). */
  readonly database: string;
}

export interface EngineSession {
  /** The current database (changed by USE). */
  readonly database: string;
  /** For ReadyForQuery: idle, in a transaction block, or in a failed one. */
  readonly transactionStatus: 'I' | 'T' | 'E';
  /** The session time zone, for timestamptz text. */
  readonly timeZone?: TimeZone;
  /** statement_timeout in milliseconds; 0 is none. */
  readonly statementTimeoutMs?: number;
  /** A setting's current value (what the protocol reports in ParameterStatus). */
  setting?(name: string): string | undefined;
  /** Sets a setting a client gave in its startup packet (TimeZone, application_name, `-c` options). */
  setSetting?(name: string, value: string): void;
  /**
   * Runs every statement of `sql` in order, yielding one result each. The caller consumes a result's
   * batches before asking for the next result. Errors are thrown as QuarryError with positions
   * relative to `sql`; the statements after a failed one are not run.
   */
  execute(sql: string, options?: ExecuteOptions): AsyncGenerator<StatementResult>;
  /** Parses and describes one statement (the extended protocol's Parse). */
  prepare(sql: string, parameterTypes: readonly (DataType | null)[]): Promise<PreparedStatement>;
  /**
   * Named prepared statements share one namespace with SQL PREPARE, so DEALLOCATE removes either
   * (psqlODBC deallocates its protocol statements that way). Naming an existing one is 42P05.
   */
  nameStatement(name: string, prepared: PreparedStatement): void;
  namedStatement(name: string): PreparedStatement | undefined;
  forgetStatement(name: string): void;
  /** A cursor DECLAREd in SQL is also a portal the protocol can Describe and Execute. */
  cursorPortal?(name: string): {
    readonly schema: Schema;
    fetch(count: number | null): AsyncGenerator<Batch>;
    hasMore(): Promise<boolean>;
  } | undefined;
  close(): void;
}

/** One statement parsed and described for the extended protocol, run with parameter values. */
export interface PreparedStatement {
  /** One type per `$n`, the client's where it gave one. */
  readonly parameterTypes: readonly DataType[];
  /** The result's columns, or null for a statement without rows. */
  readonly schema: Schema | null;
  /** Runs with one typed value per parameter (the type may be narrower than declared, e.g. decimal(3,2)). */
  execute(parameters: readonly { readonly value: Scalar; readonly type: DataType }[], options?: ExecuteOptions): Promise<StatementResult>;
}

export interface Engine {
  /** Throws QuarryError 3D000 when the database does not exist. */
  openSession(options: SessionOptions): EngineSession;
}
