// The simple query protocol: run a Query message's statements and stream their results, batch
// by batch, waiting for the socket to drain before pulling the next batch.

import { Batch } from '../common/batch.js';
import { EngineSession, Notice, StatementResult } from '../engine/types.js';
import { dataRowChunks } from './backend_writer.js';
import { errorFieldsOf, queryCanceled } from './error_fields.js';
import { receiveCopyIn, sendCopyOut } from './copy.js';
import { FrontendMessage } from './messages.js';
import { Outbound } from './outbound.js';
import { TextFormatOptions, describeSchema, encodeTextCells } from './pg_types.js';

export interface SimpleQueryContext {
  readonly session: EngineSession;
  readonly out: Outbound;
  /** The client's next message, for COPY FROM STDIN's data; undefined once the connection is gone. */
  readonly nextMessage: () => Promise<FrontendMessage | undefined>;
  /** Aborted on CancelRequest, client disconnect or server shutdown. */
  readonly signal: AbortSignal;
  readonly textFormat: TextFormatOptions;
}

/**
 * Sends every response to one Query message except the closing ReadyForQuery. The first error
 * ends the query string (the engine runs no later statements); it never escapes as an exception.
 */
export async function runSimpleQuery(sql: string, ctx: SimpleQueryContext): Promise<void> {
  let results: AsyncGenerator<StatementResult> | undefined;
  try {
    results = ctx.session.execute(sql, { signal: ctx.signal, onNotice: (n) => sendNotices([n], ctx.out) });
    for (;;) {
      if (ctx.out.closed) return;
      const next = await results.next();
      if (next.done) break;
      await sendResult(next.value, ctx);
    }
  } catch (e) {
    ctx.out.send({ type: 'errorResponse', fields: errorFieldsOf(ctx.signal.aborted ? queryCanceled(ctx.signal.reason) : e, 'ERROR', sql) });
  } finally {
    await closeQuietly(results);
  }
}

/** A statement's notices, before its CommandComplete as Postgres sends them. */
export function sendNotices(notices: readonly Notice[] | undefined, out: Outbound): void {
  for (const n of notices ?? []) out.send({ type: 'noticeResponse', fields: { severity: n.severity, code: n.code, message: n.message } });
}

async function sendResult(result: StatementResult, ctx: SimpleQueryContext): Promise<void> {
  switch (result.kind) {
    case 'rows': {
      const rows = await streamRows(result, ctx);
      ctx.out.send({ type: 'commandComplete', tag: `SELECT ${rows}` });
      break;
    }
    case 'command':
      sendNotices(result.notices, ctx.out);
      ctx.out.send({ type: 'commandComplete', tag: result.tag });
      break;
    case 'empty':
      ctx.out.send({ type: 'emptyQueryResponse' });
      break;
    case 'copyOut': {
      const rows = await sendCopyOut(result, ctx.out, ctx.textFormat, () => {
        if (ctx.signal.aborted || ctx.out.closed) throw queryCanceled(ctx.signal.reason);
      });
      ctx.out.send({ type: 'commandComplete', tag: `COPY ${rows}` });
      break;
    }
    case 'copyIn':
      ctx.out.send({ type: 'commandComplete', tag: `COPY ${await receiveCopyIn(result, ctx.out, ctx.nextMessage)}` });
      break;
  }
  await ctx.out.drain();
}

async function streamRows(result: Extract<StatementResult, { kind: 'rows' }>, ctx: SimpleQueryContext): Promise<number> {
  ctx.out.send({ type: 'rowDescription', fields: describeSchema(result.schema) });
  const batches = result.batches[Symbol.asyncIterator]();
  let rows = 0;
  try {
    for (;;) {
      // Checked before each pull: an engine that ignores the signal still stops here.
      if (ctx.signal.aborted || ctx.out.closed) throw queryCanceled(ctx.signal.reason);
      const next = await batches.next();
      if (next.done) return rows;
      const batch: Batch = next.value;
      if (batch.numRows === 0) continue;
      const columns = batch.columns.map((column) => encodeTextCells(column, ctx.textFormat));
      for (const chunk of dataRowChunks(columns, batch.numRows)) {
        if (ctx.out.closed) throw queryCanceled();
        ctx.out.sendSerialized(chunk);
        await ctx.out.drain();
      }
      rows += batch.numRows;
    }
  } finally {
    // Lets the producer release files and buffers when we stop early; a no-op once done.
    await closeQuietly(batches);
  }
}

async function closeQuietly(iterator: AsyncIterator<unknown> | undefined): Promise<void> {
  try {
    await iterator?.return?.();
  } catch {
    // The statement already failed or was abandoned; its cleanup error has nobody to go to.
  }
}
