// The Hive-like catalog: databases and tables, persisted beside the DBFS root in one JSON
// document that is replaced atomically (write, fsync, rename), so a crash never leaves it half
// written. Mutations are serialised so concurrent sessions never lose each other's updates.

import { TableCache } from './table_cache.js';
import { checkTextColumns } from './text_files.js';
import fs from 'node:fs/promises';
import path from 'node:path';
import { QuarryError, SqlState } from '../common/errors.js';
import { Field } from '../common/types.js';
import { Dbfs, DbfsLocation } from './dbfs.js';
import { FileStorage } from './storage/file_storage.js';
import { MountEnvironment, MountRecord, openMountStorage } from './mounts.js';
import { SecretStore } from './secrets.js';
import { UserStore } from './users.js';
import { MetastoreDocument, readMetastore, writeMetastore } from './metastore_file.js';
import { RecoveryReport, recoverTableFiles } from './commit_recovery.js';
import { writesInFlight } from './commit_markers.js';
import { leaseName, whenNoReaders } from './read_leases.js';
import { randomUUID } from 'node:crypto';

/** How a table's files are stored. */
export type TableFormat = 'parquet' | 'csv' | 'json' | 'text';

export const TABLE_FORMATS: readonly TableFormat[] = ['parquet', 'csv', 'json', 'text'];

export interface TableMetadata {
  readonly database: string;
  readonly name: string;
  /** All columns, partition columns included, in declared order. */
  readonly columns: readonly Field[];
  readonly partitionColumns: readonly string[];
  readonly format: TableFormat;
  /** A dbfs:/ URI: the table's directory. */
  readonly location: string;
  readonly managed: boolean;
  readonly comment?: string;
  readonly properties: Readonly<Record<string, string>>;
  readonly options: Readonly<Record<string, string>>;
  readonly createdAt: string;
  /** The user who created it (DESCRIBE's Owner). */
  readonly owner?: string;
  /** Set while a CTAS fills the table: a server killed meanwhile drops it at start, as if never created. */
  readonly creating?: boolean;
  /** What ANALYZE TABLE measured; writes drop it, as Spark does without size auto-update. */
  readonly statistics?: TableStatistics;
}

export interface TableStatistics {
  readonly sizeInBytes: number;
  /** Absent after ANALYZE … NOSCAN. */
  readonly rowCount?: number;
  /** ANALYZE … FOR COLUMNS, by column name; values as DESCRIBE shows them. */
  readonly columns?: Readonly<Record<string, ColumnStatistics>>;
}

export interface ColumnStatistics {
  readonly min: string | null;
  readonly max: string | null;
  readonly nullCount: number;
  readonly distinctCount: number;
  readonly avgLength: number;
  readonly maxLength: number;
}

/** A persistent view: its SQL, re-analyzed where it is used, and the columns it had when created. */
export interface ViewMetadata {
  readonly database: string;
  readonly name: string;
  readonly sql: string;
  readonly columns: readonly Field[];
  readonly comment?: string;
  readonly createdAt: string;
}

/** A saved Spark ML model registered as a SQL function (CREATE MODEL … FROM 'path'). */
export interface ModelMetadata {
  readonly database: string;
  readonly name: string;
  /** The dbfs:/ URI of the directory Spark's model.save() wrote. */
  readonly location: string;
  /** The saved top-level class, e.g. org.apache.spark.ml.PipelineModel. */
  readonly className: string;
  readonly createdAt: string;
}

export interface DatabaseMetadata {
  readonly name: string;
  readonly comment?: string;
  readonly location: string;
  /** DBPROPERTIES. */
  readonly properties?: Readonly<Record<string, string>>;
}

/** What CREATE TABLE says; the catalog adds the location of managed tables and the bookkeeping. */
export type TableDefinition = Pick<TableMetadata, 'database' | 'name' | 'columns' | 'partitionColumns' | 'format' | 'comment' | 'creating' | 'owner'> & {
  /** Given: an external table over this DBFS directory. Absent: a managed table. */
  readonly location?: string;
  readonly external?: boolean;
  readonly properties?: Record<string, string>;
  readonly options?: Record<string, string>;
};

const WAREHOUSE_URI = 'dbfs:/user/hive/warehouse';

export const dataColumns = (table: TableMetadata): Field[] =>
  table.columns.filter((c) => !table.partitionColumns.some((p) => p.toLowerCase() === c.name.toLowerCase()));

/** How old leftovers on shared (blob) storage must be before start-up removes them: a week, as VACUUM's default. */
export const SHARED_STORAGE_RETENTION_MS = Number(process.env.QUARRY_UNCOMMITTED_RETENTION_HOURS ?? 168) * 3_600_000;

export class Catalog {
  private pending: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly dbfs: Dbfs, readonly users: UserStore, private readonly file: string, private document: MetastoreDocument,
    readonly mountEnvironment: MountEnvironment,
    /** CACHE TABLE's decoded data, bounded in bytes. */
    readonly tableCache: TableCache,
  ) {}

  /**
   * Opens (creating if needed) the catalog of the warehouse folder, with its `default` database and
   * its mounts. `localRoots` are the folders `file:/` paths and local mounts may use (default: the
   * QUARRY_LOCAL_ROOTS environment variable, `:`-separated).
   */
  static async open(warehouseDir: string, options: { localRoots?: readonly string[]; cacheBytes?: number } = {}): Promise<Catalog> {
    await fs.mkdir(warehouseDir, { recursive: true });
    const localRoots = options.localRoots ?? (process.env.QUARRY_LOCAL_ROOTS ?? '').split(path.delimiter).filter((d) => d.length > 0);
    const dbfs = await Dbfs.open(path.join(warehouseDir, 'dbfs'), { localRoots });
    const file = path.join(warehouseDir, 'metastore.json');
    const document = await readMetastore(file);
    const environment: MountEnvironment = { secrets: SecretStore.forWarehouse(warehouseDir), localRoots: dbfs.allowedLocalRoots };
    const catalog = new Catalog(dbfs, await UserStore.open(warehouseDir), file, document, environment, new TableCache(options.cacheBytes));
    for (const record of Object.values(document.mounts)) {
      // A mount whose credentials are gone stays listed, and its paths fail with the reason.
      const storage = await openMountStorage(record, environment).catch((e: unknown) => unavailableStorage(record, e));
      dbfs.attach({ record, storage });
    }
    if (!document.databases.default) {
      await catalog.mutate((d) => { d.databases.default = { name: 'default', comment: 'default database', location: WAREHOUSE_URI }; });
    }
    await catalog.recoverTables();
    await catalog.dropUnfinishedTables();
    return catalog;
  }

  /**
   * Before any statement: what killed or failed writes left in local tables goes (see
   * commit_recovery.ts). Blob tables are left alone (their uncommitted files are invisible anyway,
   * and start-up should not wait on the network).
   */
  private async recoverTables(): Promise<void> {
    for (const table of Object.values(this.document.tables)) {
      let root: DbfsLocation;
      try {
        root = this.dbfs.locate(table.location);
      } catch {
        continue; // a location this server no longer allows fails when used, with the reason
      }
      // Blob storage may be shared with other servers writing there now: only old leftovers go.
      const retainMs = root.storage.localPath(root.key) === undefined ? SHARED_STORAGE_RETENTION_MS : undefined;
      // A table that cannot be cleaned (permissions) stays readable: only committed files show.
      await recoverTableFiles(root.storage, root.key, { retainMs })
        .catch((e: unknown) => process.emitWarning(`Recovering ${table.location}: ${(e as Error).message}`));
    }
  }

  /**
   * VACUUM: what failed or killed writes left and what overwrites replaced, last modified before
   * the retention period, is removed (writes of this server under way are left alone).
   */
  async vacuum(table: TableMetadata, retainMs: number): Promise<RecoveryReport> {
    const root = this.dbfs.locate(table.location);
    return recoverTableFiles(root.storage, root.key, { retainMs, inFlight: writesInFlight });
  }

  listDatabases(): string[] {
    return Object.keys(this.document.databases).sort();
  }

  databaseExists(name: string): boolean {
    return this.document.databases[name.toLowerCase()] !== undefined;
  }

  getDatabase(name: string): DatabaseMetadata | undefined {
    return this.document.databases[name.toLowerCase()];
  }

  getTable(database: string, name: string): TableMetadata | undefined {
    return this.document.tables[tableKey(database, name)];
  }

  getView(database: string, name: string): ViewMetadata | undefined {
    return this.document.views[tableKey(database, name)];
  }

  listViews(database: string): ViewMetadata[] {
    const db = database.toLowerCase();
    return Object.values(this.document.views).filter((v) => v.database === db).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Creates or replaces a view; tables and views share one namespace. */
  async createView(view: Omit<ViewMetadata, 'createdAt'>, options: { orReplace?: boolean; ifNotExists?: boolean } = {}): Promise<void> {
    await this.serialised(async () => {
      const database = view.database.toLowerCase(), name = view.name.toLowerCase();
      if (!this.document.databases[database]) throw schemaNotFound(database);
      if (this.getTable(database, name)) {
        throw new QuarryError(SqlState.duplicateTable,
          `[TABLE_OR_VIEW_ALREADY_EXISTS] Cannot create view \`${database}\`.\`${name}\` because a table with that name exists.`, undefined, 'TABLE_OR_VIEW_ALREADY_EXISTS');
      }
      if (this.getView(database, name) && !options.orReplace) {
        if (options.ifNotExists) return;
        throw new QuarryError(SqlState.duplicateTable,
          `[TABLE_OR_VIEW_ALREADY_EXISTS] Cannot create view \`${database}\`.\`${name}\` because it already exists.`, undefined, 'TABLE_OR_VIEW_ALREADY_EXISTS');
      }
      await this.mutate((d) => { d.views[tableKey(database, name)] = { ...view, database, name, createdAt: new Date().toISOString() }; });
    });
  }

  getModel(database: string, name: string): ModelMetadata | undefined {
    return this.document.models[tableKey(database, name)];
  }

  listModels(database: string): ModelMetadata[] {
    const db = database.toLowerCase();
    return Object.values(this.document.models).filter((m) => m.database === db).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Registers a model; false when it exists and IF NOT EXISTS left it alone. */
  async createModel(model: Omit<ModelMetadata, 'createdAt'>, options: { orReplace?: boolean; ifNotExists?: boolean } = {}): Promise<boolean> {
    return this.serialised(async () => {
      const database = model.database.toLowerCase(), name = model.name.toLowerCase();
      if (!this.document.databases[database]) throw schemaNotFound(database);
      if (this.getModel(database, name) && !options.orReplace) {
        if (options.ifNotExists) return false;
        throw new QuarryError('42723', `[ROUTINE_ALREADY_EXISTS] Cannot create the model \`${database}\`.\`${name}\` because it already exists.`, undefined, 'ROUTINE_ALREADY_EXISTS');
      }
      await this.mutate((d) => { d.models[tableKey(database, name)] = { ...model, database, name, createdAt: new Date().toISOString() }; });
      return true;
    });
  }

  /** Unregisters a model (its files stay where they are); false when there was none. */
  async dropModel(database: string, name: string): Promise<boolean> {
    return this.serialised(async () => {
      if (!this.getModel(database, name)) return false;
      await this.mutate((d) => { delete d.models[tableKey(database, name)]; });
      return true;
    });
  }

  async dropView(database: string, name: string): Promise<void> {
    await this.serialised(() => this.mutate((d) => { delete d.views[tableKey(database, name)]; }));
  }

  listTables(database: string): TableMetadata[] {
    const db = database.toLowerCase();
    return Object.values(this.document.tables).filter((t) => t.database === db).sort((a, b) => a.name.localeCompare(b.name));
  }

  async createDatabase(name: string, options: { ifNotExists?: boolean; comment?: string; location?: string; properties?: Record<string, string> } = {}): Promise<void> {
    const db = name.toLowerCase();
    await this.serialised(async () => {
      if (this.document.databases[db]) {
        if (options.ifNotExists) return;
        throw new QuarryError(SqlState.duplicateSchema, `[SCHEMA_ALREADY_EXISTS] Cannot create schema \`${db}\` because it already exists.`, undefined, 'SCHEMA_ALREADY_EXISTS');
      }
      const location = options.location ? this.dbfs.normalize(options.location) : `${WAREHOUSE_URI}/${db}.db`;
      await mkdirs(this.dbfs, location);
      const properties = options.properties && Object.keys(options.properties).length > 0 ? { properties: options.properties } : {};
      await this.mutate((d) => { d.databases[db] = { name: db, comment: options.comment, location, ...properties }; });
    });
  }

  /** ALTER DATABASE … SET DBPROPERTIES: the given keys set, the others kept. */
  async setDatabaseProperties(name: string, properties: Record<string, string>): Promise<void> {
    const db = name.toLowerCase();
    await this.serialised(async () => {
      const database = this.document.databases[db];
      if (!database) throw schemaNotFound(db);
      await this.mutate((d) => { d.databases[db] = { ...database, properties: { ...database.properties, ...properties } }; });
    });
  }

  async dropDatabase(name: string, options: { ifExists?: boolean; cascade?: boolean } = {}): Promise<void> {
    const db = name.toLowerCase();
    await this.serialised(async () => {
      const database = this.document.databases[db];
      if (!database) {
        if (options.ifExists) return;
        throw schemaNotFound(db);
      }
      if (db === 'default') throw new QuarryError('42000', '[UNSUPPORTED_FEATURE.DROP_DATABASE] Drop the default database `default` is not allowed.');
      const tables = this.listTables(db);
      if ((tables.length > 0 || this.listViews(db).length > 0) && !options.cascade) {
        throw new QuarryError('2BP01', `[SCHEMA_NOT_EMPTY] Cannot drop a schema \`${db}\` because it contains objects. Use DROP SCHEMA ... CASCADE to drop the schema and all its objects.`, undefined, 'SCHEMA_NOT_EMPTY');
      }
      await this.mutate((d) => {
        delete d.databases[db];
        for (const t of tables) delete d.tables[tableKey(t.database, t.name)];
        for (const v of this.listViews(db)) delete d.views[tableKey(v.database, v.name)];
        for (const m of this.listModels(db)) delete d.models[tableKey(m.database, m.name)];
      });
      for (const t of tables) if (t.managed) await removeQuietly(this.dbfs, t.location);
      await removeQuietly(this.dbfs, database.location);
    });
  }

  /**
   * Creates a table; with ifNotExists and an existing table, returns undefined and changes nothing.
   * `creating` (a CTAS): the table is marked until `finishCreating`, so that a server killed while
   * filling it drops it at start; replacing a table, it is staged instead and takes the old one's
   * place only when filled, so that the old table stays whole until then.
   */
  async createTable(def: TableDefinition, options: { ifNotExists?: boolean; orReplace?: boolean } = {}): Promise<TableMetadata | undefined> {
    return this.serialised(async () => {
      const database = def.database.toLowerCase(), name = def.name.toLowerCase();
      const db = this.document.databases[database];
      if (!db) throw schemaNotFound(database);
      if (this.getView(database, name)) {
        throw new QuarryError(SqlState.duplicateTable,
          `[TABLE_OR_VIEW_ALREADY_EXISTS] Cannot create table \`${database}\`.\`${name}\` because a view with that name exists.`, undefined, 'TABLE_OR_VIEW_ALREADY_EXISTS');
      }
      const existing = this.getTable(database, name);
      if (existing && !options.orReplace) {
        if (options.ifNotExists) return undefined;
        throw new QuarryError(SqlState.duplicateTable,
          `[TABLE_OR_VIEW_ALREADY_EXISTS] Cannot create table or view \`${database}\`.\`${name}\` because it already exists.`, undefined, 'TABLE_OR_VIEW_ALREADY_EXISTS');
      }
      checkColumns(def);
      const key = tableKey(database, name);
      if (this.document.staged[key]) {
        throw new QuarryError('55006', `Table \`${database}\`.\`${name}\` is being replaced by another statement.`);
      }
      const managed = def.location === undefined;
      // A replacement's data goes to a directory of its own, so the old files stay readable meanwhile.
      const location = !managed ? this.dbfs.normalize(def.location!)
        : existing ? `${db.location}/${name}-${randomUUID().slice(0, 8)}` : `${db.location}/${name}`;
      const directory = this.dbfs.locate(location);
      if (managed && await hasEntries(directory)) {
        throw new QuarryError('42710',
          `[LOCATION_ALREADY_EXISTS] Cannot name the managed table as \`${database}\`.\`${name}\`, as its associated location '${location}' already exists. Please pick a different table name, or remove the existing location first.`,
          undefined, 'LOCATION_ALREADY_EXISTS');
      }
      // An external location may be a single existing file.
      const isFile = !managed && (await directory.storage.stat(directory.key))?.isDirectory === false;
      if (!isFile) await directory.storage.mkdirs(directory.key);
      const table: TableMetadata = {
        database, name, columns: def.columns, partitionColumns: def.partitionColumns, format: def.format, location, managed,
        comment: def.comment, properties: def.properties ?? {}, options: def.options ?? {}, createdAt: new Date().toISOString(),
        ...(def.owner ? { owner: def.owner } : {}), ...(def.creating ? { creating: true } : {}),
      };
      try {
        if (existing && def.creating) await this.mutate((d) => { d.staged[key] = table; });
        else if (existing) await this.replace(existing, table);
        else await this.mutate((d) => { d.tables[key] = table; });
        this.tableCache.invalidate(table.location);
      } catch (e) {
        if (managed) await removeQuietly(this.dbfs, location);
        throw e;
      }
      return table;
    });
  }

  /** A CTAS filled its table: it stays across restarts from now on, replacing any table it was staged for. */
  async finishCreating(table: TableMetadata): Promise<void> {
    await this.serialised(async () => {
      const { creating: _, ...finished } = table;
      const key = tableKey(table.database, table.name);
      const existing = this.getTable(table.database, table.name);
      if (this.document.staged[key]?.location === table.location && existing) return this.replace(existing, finished, key);
      if (existing?.creating) await this.mutate((d) => { d.tables[key] = finished; });
    });
  }

  /** A CTAS failed: its table goes, and a table it was to replace stays as it was. */
  async abandonCreating(table: TableMetadata): Promise<void> {
    const key = tableKey(table.database, table.name);
    if (this.document.staged[key]?.location !== table.location) return this.dropTable(table.database, table.name);
    await this.serialised(async () => {
      await this.mutate((d) => { delete d.staged[key]; });
      if (table.managed) await removeQuietly(this.dbfs, table.location);
    });
  }

  /** One metastore write puts `table` in the place of `existing`; the old managed files go once unread. */
  private async replace(existing: TableMetadata, table: TableMetadata, stagedKey?: string): Promise<void> {
    await this.mutate((d) => {
      if (stagedKey) delete d.staged[stagedKey];
      d.tables[tableKey(table.database, table.name)] = table;
    });
    this.tableCache.remove(existing.location);
    if (existing.managed && existing.location !== table.location) await this.removeWhenUnread(existing.location);
  }

  /**
   * Tables of CTAS statements the server died during (their files were recovered just before), and
   * replacements it died staging.
   */
  private async dropUnfinishedTables(): Promise<void> {
    for (const [key, staged] of Object.entries(this.document.staged)) {
      await this.mutate((d) => { delete d.staged[key]; });
      if (staged.managed) await removeQuietly(this.dbfs, staged.location);
    }
    for (const table of Object.values(this.document.tables)) {
      if (table.creating) await this.dropTable(table.database, table.name);
    }
  }

  /** A managed table's directory, deleted once no scan that began before still reads it (read_leases.ts). */
  private async removeWhenUnread(uri: string): Promise<void> {
    const location = this.dbfs.locate(uri);
    // By then a new table may have been created there (the old one was empty): it keeps its files.
    const reused = () => Object.values(this.document.tables).some((t) => t.location === uri);
    await whenNoReaders(leaseName(location), async () => { if (!reused()) await removeQuietly(this.dbfs, uri); });
  }

  /** Removes a table from the catalog, then the files of a managed table. */
  async dropTable(database: string, name: string): Promise<void> {
    await this.serialised(async () => {
      const table = this.getTable(database, name);
      if (!table) return;
      await this.mutate((d) => { delete d.tables[tableKey(database, name)]; });
      this.tableCache.remove(table.location);
      if (table.managed) await this.removeWhenUnread(table.location);
    });
  }

  /** Renames a table; a managed table's directory moves with it. */
  async renameTable(database: string, name: string, toDatabase: string, toName: string): Promise<TableMetadata> {
    return this.serialised(async () => {
      const table = this.requireTable(database, name);
      const db = this.document.databases[toDatabase.toLowerCase()];
      if (!db) throw schemaNotFound(toDatabase.toLowerCase());
      const target = { database: toDatabase.toLowerCase(), name: toName.toLowerCase() };
      if (this.getTable(target.database, target.name)) {
        throw new QuarryError(SqlState.duplicateTable,
          `[TABLE_OR_VIEW_ALREADY_EXISTS] Cannot rename to \`${target.database}\`.\`${target.name}\` because it already exists.`, undefined, 'TABLE_OR_VIEW_ALREADY_EXISTS');
      }
      const location = table.managed ? `${db.location}/${target.name}` : table.location;
      const renamed: TableMetadata = { ...table, ...target, location };
      if (table.managed) await moveDirectory(this.dbfs, table.location, location);
      try {
        await this.mutate((d) => {
          delete d.tables[tableKey(database, name)];
          d.tables[tableKey(target.database, target.name)] = renamed;
        });
        // As in Spark, a renamed table is no longer cached.
        this.tableCache.remove(table.location);
      } catch (e) {
        if (table.managed) await moveDirectory(this.dbfs, location, table.location);
        throw e;
      }
      return renamed;
    });
  }

  /** After a write: ANALYZE's statistics no longer hold, so they are dropped (Spark without size auto-update). */
  async dropStatistics(database: string, name: string): Promise<void> {
    if (!this.getTable(database, name)?.statistics) return;
    await this.alterTable(database, name, ({ statistics: _, ...rest }) => rest);
  }

  /** Replaces a table's metadata (columns, properties) through `change`. */
  async alterTable(database: string, name: string, change: (table: TableMetadata) => TableMetadata): Promise<TableMetadata> {
    return this.serialised(async () => {
      const altered = change(this.requireTable(database, name));
      checkColumns(altered);
      await this.mutate((d) => { d.tables[tableKey(database, name)] = altered; });
      this.tableCache.invalidate(altered.location);
      return altered;
    });
  }

  listMountRecords(): MountRecord[] {
    return Object.values(this.document.mounts).sort((a, b) => a.mountPoint.localeCompare(b.mountPoint));
  }

  /**
   * Mounts a source (CALL mount, quarry fs mount): the storage is opened and reached before the
   * record is saved, so a wrong key or a missing folder changes nothing.
   */
  async mount(record: Omit<MountRecord, 'createdAt'>): Promise<void> {
    await this.serialised(async () => {
      const point = record.mountPoint;
      const clash = this.listMountRecords().find((m) => m.mountPoint === point || point.startsWith(`${m.mountPoint}/`) || m.mountPoint.startsWith(`${point}/`));
      if (clash) {
        throw new QuarryError('42710', `[DIRECTORY_ALREADY_MOUNTED] ${clash.mountPoint === point ? `Directory already mounted: ${point}` : `${point} overlaps the mount ${clash.mountPoint}`}; unmount it first.`);
      }
      const full: MountRecord = { ...record, createdAt: new Date().toISOString() };
      const storage = await openMountStorage(full, this.mountEnvironment);
      await storage.check?.();
      await this.mutate((d) => { d.mounts[point] = full; });
      this.dbfs.attach({ record: full, storage });
    });
  }

  /** Unmounts (the source's files stay); false when nothing is mounted there. */
  async unmount(mountPoint: string): Promise<boolean> {
    return this.serialised(async () => {
      if (!this.document.mounts[mountPoint]) return false;
      await this.mutate((d) => { delete d.mounts[mountPoint]; });
      this.dbfs.detach(mountPoint);
      return true;
    });
  }

  private requireTable(database: string, name: string): TableMetadata {
    const table = this.getTable(database, name);
    if (!table) {
      throw new QuarryError(SqlState.undefinedTable, `[TABLE_OR_VIEW_NOT_FOUND] The table or view \`${database}\`.\`${name}\` cannot be found.`, undefined, 'TABLE_OR_VIEW_NOT_FOUND');
    }
    return table;
  }

  /** Runs catalog changes one at a time, in arrival order. */
  private serialised<T>(work: () => Promise<T>): Promise<T> {
    const result = this.pending.then(work, work);
    this.pending = result.catch(() => undefined);
    return result;
  }

  /** Applies a change to a copy, persists it, and only then makes it visible. */
  private async mutate(change: (document: MetastoreDocument) => void): Promise<void> {
    const next = structuredClone(this.document);
    change(next);
    await writeMetastore(this.file, next);
    this.document = next;
  }
}

function tableKey(database: string, name: string): string {
  return `${database.toLowerCase()}.${name.toLowerCase()}`;
}

function schemaNotFound(name: string): QuarryError {
  return new QuarryError(SqlState.undefinedSchema,
    `[SCHEMA_NOT_FOUND] The schema \`${name}\` cannot be found. Verify the spelling and correctness of the schema and catalog.`, undefined, 'SCHEMA_NOT_FOUND');
}

function checkColumns(def: Pick<TableDefinition, 'columns' | 'partitionColumns'> & { readonly format?: TableFormat }): void {
  const seen = new Set<string>();
  for (const c of def.columns) {
    const key = c.name.toLowerCase();
    if (seen.has(key)) {
      throw new QuarryError(SqlState.duplicateColumn, `[COLUMN_ALREADY_EXISTS] The column \`${key}\` already exists. Choose another name or rename the existing column.`, undefined, 'COLUMN_ALREADY_EXISTS');
    }
    seen.add(key);
  }
  if (def.partitionColumns.length > 0 && def.partitionColumns.length === def.columns.length) {
    throw new QuarryError('42000', '[ALL_PARTITION_COLUMNS_NOT_ALLOWED] Cannot use all columns for partition columns.', undefined, 'ALL_PARTITION_COLUMNS_NOT_ALLOWED');
  }
  if (def.format === 'text') checkTextColumns(def.columns.filter((c) => !def.partitionColumns.includes(c.name)));
}

async function hasEntries(location: DbfsLocation): Promise<boolean> {
  return ((await location.storage.list(location.key).catch(() => null))?.length ?? 0) > 0;
}

async function mkdirs(dbfs: Dbfs, uri: string): Promise<void> {
  const location = dbfs.locate(uri);
  await location.storage.mkdirs(location.key);
}

async function removeQuietly(dbfs: Dbfs, uri: string): Promise<void> {
  const location = dbfs.locate(uri);
  await location.storage.delete(location.key).catch(() => undefined);
}

/** A managed table's directory, moved when it is renamed (both in the same storage). */
async function moveDirectory(dbfs: Dbfs, fromUri: string, toUri: string): Promise<void> {
  const from = dbfs.locate(fromUri), to = dbfs.locate(toUri);
  if (from.storage !== to.storage || !from.storage.renames) {
    throw new QuarryError(SqlState.featureNotSupported, `[UNSUPPORTED_FEATURE.RENAME_ON_BLOB] Cannot move '${fromUri}' to '${toUri}': the storage cannot rename.`, undefined, 'UNSUPPORTED_FEATURE');
  }
  await from.storage.rename(from.key, to.key);
}

/** The storage of a mount that could not be opened: every use fails with the reason. */
function unavailableStorage(record: MountRecord, reason: unknown): FileStorage {
  const fail = (): never => {
    throw reason instanceof QuarryError ? reason
      : new QuarryError(SqlState.ioError, `[STORAGE_REQUEST_FAILED] The mount ${record.mountPoint} cannot be opened.`);
  };
  return {
    id: `unavailable:${record.mountPoint}`, renames: false, localPath: () => undefined,
    list: async () => fail(), stat: async () => fail(), read: async () => fail(), openRead: () => fail(),
    write: async () => fail(), delete: async () => fail(), rename: async () => fail(), mkdirs: async () => fail(),
  };
}
