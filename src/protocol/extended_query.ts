// The extended query protocol: named and unnamed prepared statements (Parse), portals that bind
// them to parameter values (Bind), Describe, Execute with a row limit (PortalSuspended, the portal
// resuming where it stopped), Close. Errors are thrown; the connection answers them and skips to
// Sync.

import { Batch, sliceRows } from '../common/batch.js';
import { QuarryError, SqlState, notSupported } from '../common/errors.js';
import { Schema } from '../common/types.js';
import { EngineSession, PreparedStatement, StatementResult } from '../engine/types.js';
import { dataRowChunks } from './backend_writer.js';
import { FormatCode, FrontendMessage } from './messages.js';
import { Outbound } from './outbound.js';
import { ParameterValue, decodeParameter, parameterType } from './parameters.js';
import { encodeBinaryCells, supportsBinary } from './pg_binary.js';
import { TextFormatOptions, describeSchema, encodeTextCells, pgTypeOf } from './pg_types.js';
import { receiveCopyIn, sendCopyOut } from './copy.js';
import { sendNotices } from './simple_query.js';
import { queryCanceled } from './error_fields.js';

type Message<T extends FrontendMessage['type']> = Extract<FrontendMessage, { type: T }>;

interface Statement {
  readonly prepared: PreparedStatement;
  /** The parameter types the client declared at Parse (0: none). */
  readonly oids: readonly number[];
}

interface Portal {
  readonly statement: Statement;
  readonly parameters: readonly ParameterValue[];
  /** Per result column: text (0) or binary (1), as Bind asked. */
  readonly formats: readonly FormatCode[];
  /** Set by the first Execute; later Executes continue from here. */
  started?: {
    readonly result: StatementResult;
    readonly batches?: AsyncIterator<Batch>;
    /** The rest of a batch that an Execute row limit cut. */
    pending: Batch | null;
    rows: number;
  };
}

export interface ExtendedQueryContext {
  readonly session: EngineSession;
  readonly out: Outbound;
  readonly textFormat: () => TextFormatOptions;
  /** A fresh abort signal for a statement that starts running (cancel, disconnect). */
  readonly startStatement: () => AbortSignal;
  /** The client's next message, for COPY FROM STDIN's data. */
  readonly nextMessage: () => Promise<FrontendMessage | undefined>;
}

export class ExtendedQuery {
  private readonly statements = new Map<string, Statement>();
  private readonly portals = new Map<string, Portal>();

  constructor(private readonly ctx: ExtendedQueryContext) {}

  async parse(message: Message<'parse'>): Promise<void> {
    const types = message.parameterTypes.map(parameterType);
    const prepared = await this.ctx.session.prepare(message.sql, types);
    if (message.statement !== '') this.ctx.session.nameStatement(message.statement, prepared);
    this.statements.set(message.statement, { prepared, oids: message.parameterTypes });
    this.ctx.out.send({ type: 'parseComplete' });
  }

  async bind(message: Message<'bind'>): Promise<void> {
    const statement = this.requireStatement(message.statement);
    const types = statement.prepared.parameterTypes;
    if (message.parameters.length !== types.length) {
      throw new QuarryError(SqlState.protocolViolation,
        `bind message supplies ${message.parameters.length} parameters, but prepared statement "${message.statement}" requires ${types.length}`);
    }
    const schema = statement.prepared.schema ?? [];
    const formats = schema.map((_, i) => (message.resultFormats.length === 1 ? message.resultFormats[0] : message.resultFormats[i] ?? 0));
    formats.forEach((f, i) => {
      if (f === 1 && !supportsBinary(schema[i].type)) throw notSupported(`Binary format for column ${schema[i].name} (ask for text)`);
    });
    const formatOf = (i: number): FormatCode => message.parameterFormats.length === 1 ? message.parameterFormats[0] : message.parameterFormats[i] ?? 0;
    const zone = this.ctx.textFormat().timeZone;
    const parameters = message.parameters.map((value, i) => decodeParameter(value, formatOf(i), types[i], statement.oids[i] ?? 0, zone));
    await this.closePortal(message.portal);
    this.portals.set(message.portal, { statement, parameters, formats });
    this.ctx.out.send({ type: 'bindComplete' });
  }

  describe(message: Message<'describe'>): void {
    if (message.target === 'statement') {
      const { prepared, oids } = this.requireStatement(message.name);
      // Types the client declared come back as declared (pgjdbc insists), the others as inferred.
      const typeOids = prepared.parameterTypes.map((t, i) => oids[i] || pgTypeOf(t).oid);
      this.ctx.out.send({ type: 'parameterDescription', typeOids });
      this.describeRows(prepared.schema);
      return;
    }
    const cursor = this.portals.has(message.name) ? undefined : this.ctx.session.cursorPortal?.(message.name);
    if (cursor) return this.describeRows(cursor.schema);
    const portal = this.requirePortal(message.name);
    this.describeRows(portal.statement.prepared.schema, portal.formats);
  }

  private describeRows(schema: Schema | null, formats: readonly FormatCode[] = []): void {
    this.ctx.out.send(schema === null ? { type: 'noData' } : { type: 'rowDescription', fields: describeSchema(schema, formats) });
  }

  async execute(message: Message<'execute'>): Promise<void> {
    const cursor = this.portals.has(message.portal) ? undefined : this.ctx.session.cursorPortal?.(message.portal);
    if (cursor) return this.executeCursor(cursor, message.maxRows);
    const portal = this.requirePortal(message.portal);
    if (!portal.started) {
      const result = await portal.statement.prepared.execute(portal.parameters, { signal: this.ctx.startStatement(), onNotice: (n) => sendNotices([n], this.ctx.out) });
      portal.started = {
        result, pending: null, rows: 0,
        batches: result.kind === 'rows' ? result.batches[Symbol.asyncIterator]() : undefined,
      };
    }
    const started = portal.started;
    const { result } = started;
    if (result.kind === 'empty') return this.ctx.out.send({ type: 'emptyQueryResponse' });
    if (result.kind === 'command') {
      sendNotices(result.notices, this.ctx.out);
      return this.ctx.out.send({ type: 'commandComplete', tag: result.tag });
    }
    if (result.kind === 'copyOut') {
      const rows = await sendCopyOut(result, this.ctx.out, this.ctx.textFormat(), () => {
        if (this.ctx.out.closed) throw queryCanceled();
      });
      return this.ctx.out.send({ type: 'commandComplete', tag: `COPY ${rows}` });
    }
    if (result.kind === 'copyIn') {
      return this.ctx.out.send({ type: 'commandComplete', tag: `COPY ${await receiveCopyIn(result, this.ctx.out, this.ctx.nextMessage)}` });
    }
    const limit = message.maxRows > 0 ? message.maxRows : Infinity;
    let sent = 0;
    const format = this.ctx.textFormat();
    while (sent < limit) {
      let batch = started.pending;
      started.pending = null;
      if (batch === null) {
        const next = await started.batches!.next();
        if (next.done) {
          this.ctx.out.send({ type: 'commandComplete', tag: `SELECT ${started.rows}` });
          return;
        }
        batch = next.value;
      }
      if (batch.numRows > limit - sent) {
        started.pending = sliceRows(batch, limit - sent, batch.numRows);
        batch = sliceRows(batch, 0, limit - sent);
      }
      const columns = batch.columns.map((c, i) => (portal.formats[i] === 1 ? encodeBinaryCells(c, portal.statement.prepared.schema?.[i]?.pgType) : encodeTextCells(c, format)));
      for (const chunk of dataRowChunks(columns, batch.numRows)) {
        this.ctx.out.sendSerialized(chunk);
        await this.ctx.out.drain();
      }
      sent += batch.numRows;
      started.rows += batch.numRows;
    }
    this.ctx.out.send({ type: 'portalSuspended' });
  }

  /** Execute on a SQL cursor's portal: the next rows, PortalSuspended while more remain. */
  private async executeCursor(cursor: NonNullable<ReturnType<NonNullable<EngineSession['cursorPortal']>>>, maxRows: number): Promise<void> {
    const format = this.ctx.textFormat();
    let rows = 0;
    for await (const batch of cursor.fetch(maxRows > 0 ? maxRows : null)) {
      for (const chunk of dataRowChunks(batch.columns.map((c) => encodeTextCells(c, format)), batch.numRows)) {
        this.ctx.out.sendSerialized(chunk);
        await this.ctx.out.drain();
      }
      rows += batch.numRows;
    }
    if (maxRows > 0 && await cursor.hasMore()) this.ctx.out.send({ type: 'portalSuspended' });
    else this.ctx.out.send({ type: 'commandComplete', tag: `FETCH ${rows}` });
  }

  async close(message: Message<'close'>): Promise<void> {
    if (message.target === 'statement') {
      this.statements.delete(message.name);
      if (message.name !== '') this.ctx.session.forgetStatement(message.name);
    }
    else await this.closePortal(message.name);
    this.ctx.out.send({ type: 'closeComplete' });
  }

  /** Sync ends the implicit transaction: the unnamed portal goes away. */
  async sync(): Promise<void> {
    await this.closePortal('');
  }

  /** The connection is going: release every running result. */
  async closeAll(): Promise<void> {
    for (const name of [...this.portals.keys()]) await this.closePortal(name);
  }

  private async closePortal(name: string): Promise<void> {
    const portal = this.portals.get(name);
    this.portals.delete(name);
    try {
      await portal?.started?.batches?.return?.();
    } catch {
      // The statement already failed; its cleanup error has nobody to go to.
    }
  }

  /** Named statements live in the session (SQL DEALLOCATE may have removed one, EXECUTE'd PREPAREs too). */
  private requireStatement(name: string): Statement {
    const prepared = name === '' ? this.statements.get(name)?.prepared : this.ctx.session.namedStatement(name);
    if (!prepared) throw new QuarryError('26000', `prepared statement "${name}" does not exist`);
    return { prepared, oids: this.statements.get(name)?.prepared === prepared ? this.statements.get(name)!.oids : [] };
  }

  private requirePortal(name: string): Portal {
    const portal = this.portals.get(name);
    if (!portal) throw new QuarryError('34000', `portal "${name}" does not exist`);
    return portal;
  }
}
