// The engine behind the protocol: one catalog, many sessions.

import { Catalog } from '../catalog/index.js';
import { QuarryError, SqlState } from '../common/errors.js';
import { TemporaryView } from '../planner/index.js';
import { QueryLimits, Session } from './session.js';
import { Engine, EngineSession, SessionOptions } from './types.js';
import { QUERY_CACHE_ROOT, dropCachedQuery } from './cached_queries.js';

export class QuarryEngine implements Engine {
  /** GLOBAL TEMPORARY views: shared by all sessions, gone when the server stops. */
  private readonly globalTemporaryViews = new Map<string, TemporaryView>();

  constructor(readonly catalog: Catalog, private readonly queryLimits: QueryLimits = {}) {}

  /**
   * `cacheBytes` bounds CACHE TABLE's memory; `queryMemoryBytes` each query's (--query-memory), past
   * which its operators spill to `spillDirectory` (--spill-dir, the system's temporary folder).
   */
  static async open(warehouseDir: string, options: { localRoots?: readonly string[]; cacheBytes?: number } & QueryLimits = {}): Promise<QuarryEngine> {
    const catalog = await Catalog.open(warehouseDir, options);
    // Sessions remove their cached query results when they end; a server that died left these.
    await dropCachedQuery(catalog, QUERY_CACHE_ROOT);
    return new QuarryEngine(catalog, { queryMemoryBytes: options.queryMemoryBytes, spillDirectory: options.spillDirectory });
  }

  openSession(options: SessionOptions): EngineSession {
    const database = options.database.toLowerCase();
    if (!this.catalog.databaseExists(database)) {
      throw new QuarryError(SqlState.undefinedDatabase, `database "${options.database}" does not exist`);
    }
    return new Session(this.catalog, options.user, database, this.globalTemporaryViews, this.queryLimits);
  }

  /** Runs SQL to completion outside any client (sample data, scripts). */
  async run(sql: string, database = 'default'): Promise<void> {
    const session = this.openSession({ user: 'quarry', database });
    for await (const result of session.execute(sql)) {
      if (result.kind === 'rows') for await (const _ of result.batches) { /* drain */ }
    }
  }
}
