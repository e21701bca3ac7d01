// SQL cursors (DECLARE … CURSOR, FETCH, MOVE, CLOSE): a query's result kept open in the session
// and read a slice at a time, as psycopg's named cursors do. Cursors without HOLD end with their
// transaction.

import { Batch, sliceRows } from '../common/batch.js';
import { QuarryError } from '../common/errors.js';
import { Schema } from '../common/types.js';
import { SystemTable, pgCatalogSessionTable } from '../catalog/index.js';
import { StatementResult } from './types.js';

interface OpenCursor {
  readonly name: string;
  readonly statement: string;
  readonly declaredAt: string;
  readonly schema: Schema;
  readonly batches: AsyncIterator<Batch>;
  readonly hold: boolean;
  /** Rows of a batch that a FETCH did not take. */
  pending: Batch | null;
}

export interface CursorPortal {
  readonly schema: Schema;
  fetch(count: number | null): AsyncGenerator<Batch>;
  /** Whether rows remain (reads ahead one batch). */
  hasMore(): Promise<boolean>;
}

export class Cursors {
  private readonly open = new Map<string, OpenCursor>();

  declare(name: string, statement: string, result: Extract<StatementResult, { kind: 'rows' }>, hold: boolean): void {
    const key = name.toLowerCase();
    if (this.open.has(key)) throw new QuarryError('42P03', `cursor "${name}" already exists`);
    this.open.set(key, {
      name, statement, declaredAt: new Date().toISOString(), schema: result.schema,
      batches: result.batches[Symbol.asyncIterator](), hold, pending: null,
    });
  }

  /** pg_catalog.pg_cursors: the open cursors, which psycopg checks before closing one. */
  asSystemTable(): SystemTable {
    return pgCatalogSessionTable('pg_cursors', [...this.open.values()].map((c) => ({
      name: c.name, statement: c.statement, is_holdable: c.hold, is_binary: false, is_scrollable: false,
      creation_time: Date.parse(c.declaredAt) * 1000,
    })));
  }

  /** The next `count` rows (all that remain when null), streamed from the cursor. */
  fetch(name: string, count: number | null): StatementResult {
    const cursor = this.require(name);
    return { kind: 'rows', schema: cursor.schema, batches: take(cursor, count ?? Infinity) };
  }

  /** The protocol's view of a cursor: a portal that Describe and Execute can use. */
  portal(name: string): CursorPortal | undefined {
    const cursor = this.open.get(name.toLowerCase());
    if (!cursor) return undefined;
    return {
      schema: cursor.schema,
      fetch: (count) => take(cursor, count ?? Infinity),
      hasMore: async () => {
        if (cursor.pending === null) {
          const next = await cursor.batches.next();
          if (!next.done) cursor.pending = next.value;
        }
        return cursor.pending !== null;
      },
    };
  }

  /** MOVE: skips rows, returning how many. */
  async move(name: string, count: number | null): Promise<number> {
    let moved = 0;
    for await (const batch of take(this.require(name), count ?? Infinity)) moved += batch.numRows;
    return moved;
  }

  async close(name: string | undefined): Promise<void> {
    if (name !== undefined) this.require(name);
    const names = name === undefined ? [...this.open.keys()] : [name.toLowerCase()];
    for (const key of names) {
      const cursor = this.open.get(key)!;
      this.open.delete(key);
      await cursor.batches.return?.().catch(() => undefined);
    }
  }

  /** COMMIT or ROLLBACK: cursors declared WITHOUT HOLD go away. */
  async endTransaction(): Promise<void> {
    for (const [key, cursor] of [...this.open]) if (!cursor.hold) await this.close(key);
  }

  private require(name: string): OpenCursor {
    const cursor = this.open.get(name.toLowerCase());
    if (!cursor) throw new QuarryError('34000', `cursor "${name}" does not exist`);
    return cursor;
  }
}

async function* take(cursor: OpenCursor, count: number): AsyncGenerator<Batch> {
  let left = count;
  while (left > 0) {
    let batch = cursor.pending;
    cursor.pending = null;
    if (batch === null) {
      const next = await cursor.batches.next();
      if (next.done) return;
      batch = next.value;
    }
    if (batch.numRows > left) {
      cursor.pending = sliceRows(batch, left, batch.numRows);
      batch = sliceRows(batch, 0, left);
    }
    left -= batch.numRows;
    yield batch;
  }
}
