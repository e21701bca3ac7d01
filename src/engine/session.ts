// One client's session: runs each statement of a query string through parse → analyze →
// optimize → physical plan → execute, and keeps the session state (current database, settings).

import { Catalog, SystemTable, TableMetadata, inferSchema, objectOid, pgCatalogSessionTable, scanTable } from '../catalog/index.js';
import { Batch } from '../common/batch.js';
import { QuarryError, SqlState, notSupported } from '../common/errors.js';
import { TimeZone } from '../common/time_zone.js';
import { DataType, Field, Schema, StringType, typeToString } from '../common/types.js';
import { Scalar, getScalar } from '../common/vector.js';
import { ExecutionContext } from '../exec/context.js';
import { formatPhysicalPlan } from '../exec/operators/execution_plan.js';
import { formatPlanFormatted } from '../exec/operators/formatted_plan.js';
import { InstrumentedPlan } from '../exec/operators/instrumented_plan.js';
import { parseStatement, parseStatements, walkAst } from '../parser/index.js';
import * as ast from '../parser/ast.js';
import {
  AnalyzerContext, Expr, GLOBAL_TEMP_DATABASE, LogicalPlan, QueryBinder, TemporaryView, bindInsert, castTo, foldConstants,
  formatLogicalPlan, literal, outputOf, planQuery, qualifyTableName, resolveTable, schemaOf,
} from '../planner/index.js';
import { Cursors } from './cursors.js';
import { CopyFormat, copyFormat, copyFrom } from './copy_from.js';
import { checkFormat, createTable, runDdl } from './ddl.js';
import { resolveFileListings, resolveFileRelations } from './file_relations.js';
import { resolveModels, runModelStatement } from './models.js';
import { DESCRIBE_COLUMNS, commandResult, notice, rowsResult, stringField } from './results.js';
import { SessionState, TransactionStatus, checkTransactionNotFailed, isSparkConfig, runSessionStatement } from './session_statements.js';
import { SessionSettings } from './settings.js';
import { EngineSession, ExecuteOptions, PreparedStatement, StatementResult } from './types.js';
import { runDbfsStatement } from './dbfs_statements.js';
import { analyzeTable } from './table_statistics.js';
import { insertDirectory } from './insert_directory.js';
import { cacheQuery, dropCachedQuery } from './cached_queries.js';
import { QueryMemory } from '../exec/query_memory.js';

/** A query's memory budget when the server is not told one (--query-memory). */
export const DEFAULT_QUERY_MEMORY = 4 * 1024 ** 3;

/** What each query may hold in memory, and where it spills the rest. */
export interface QueryLimits {
  readonly queryMemoryBytes?: number;
  readonly spillDirectory?: string;
}
import { formatByteSize } from '../common/byte_size.js';
import { ProgressReporter } from './progress.js';

const SETTINGS_SCHEMA: Schema = [stringField('key', false), stringField('value')];

/** The highest `$n` in a statement. */
function maxParameterIndex(statement: ast.Statement): number {
  let max = 0;
  walkAst(statement, (node) => { if (node.kind === 'parameter') max = Math.max(max, (node as ast.Parameter).index); });
  return max;
}

/** Statements that change data or the catalog as soon as they run. */
const WRITES = new Set<ast.Statement['kind']>([
  'insert', 'createTable', 'dropTable', 'createDatabase', 'dropDatabase', 'truncateTable', 'alterTable', 'createView',
  'createTableLike', 'createModel', 'dropModel', 'call', 'alterDatabase', 'insertDirectory',
]);

export class Session implements EngineSession, SessionState {
  database: string;
  readonly settings = new SessionSettings(() => this.database);
  readonly temporaryViews = new Map<string, TemporaryView>();
  /** The statement running now reports progress to this (SET quarry.progress = on). */
  private progress: ProgressReporter | undefined;
  /** Folders of CACHE TABLE … AS SELECT results, removed when the session ends. */
  private readonly cachedQueries: string[] = [];
  /** Named prepared statements: SQL PREPARE and the protocol's named Parse, in one namespace. */
  private readonly named = new Map<string, PreparedStatement>();
  private readonly cursors = new Cursors();
  transactionStatus: TransactionStatus = 'I';
  wroteInTransaction = false;

  constructor(
    private readonly catalog: Catalog, readonly user: string, database: string,
    readonly globalTemporaryViews = new Map<string, TemporaryView>(),
    /** The server's --query-memory (unless the session sets quarry.query_memory) and --spill-dir. */
    private readonly queryLimits: QueryLimits = {},
  ) {
    this.database = database;
  }

  async *execute(sql: string, options: ExecuteOptions = {}): AsyncGenerator<StatementResult> {
    // Like PostgreSQL, the whole string is parsed before any statement runs.
    const statements = parseStatements(sql);
    if (statements.length === 0) {
      yield { kind: 'empty' };
      return;
    }
    for (const statement of statements) yield await this.runInTransaction(statement, options);
  }

  /**
   * Parses one statement for the extended protocol. Parameters the client left untyped are
   * strings: they meet their context through the implicit casts, as Postgres's `unknown` does.
   */
  async prepare(sql: string, parameterTypes: readonly (DataType | null)[]): Promise<PreparedStatement> {
    const statements = parseStatements(sql);
    if (statements.length > 1) {
      throw new QuarryError(SqlState.syntaxError, 'cannot insert multiple commands into a prepared statement', statements[1].pos);
    }
    return this.prepareStatement(statements[0], parameterTypes);
  }

  nameStatement(name: string, prepared: PreparedStatement): void {
    if (this.named.has(name)) throw new QuarryError('42P05', `prepared statement "${name}" already exists`);
    this.named.set(name, prepared);
  }

  namedStatement(name: string): PreparedStatement | undefined {
    return this.named.get(name);
  }

  forgetStatement(name: string): void {
    this.named.delete(name);
  }

  cursorPortal(name: string) {
    return this.cursors.portal(name);
  }

  private async prepareStatement(statement: ast.Statement | undefined, parameterTypes: readonly (DataType | null)[]): Promise<PreparedStatement> {
    const count = Math.max(parameterTypes.length, statement ? maxParameterIndex(statement) : 0);
    const types = Array.from({ length: count }, (_, i) => parameterTypes[i] ?? StringType);
    const schema = statement ? await this.describeResult(statement, types.map((t) => literal(null, t))) : null;
    return {
      parameterTypes: types,
      schema,
      execute: async (values, options = {}) => {
        if (!statement) return { kind: 'empty' };
        return this.runInTransaction(statement, options, values.map((p) => literal(p.value, p.type)));
      },
    };
  }

  /** The columns a statement will return, without running it (read-only SHOW statements do run). */
  private async describeResult(statement: ast.Statement, parameters: Expr[]): Promise<Schema | null> {
    switch (statement.kind) {
      case 'queryStatement': {
        const analyzer = await this.analyzerFor(statement, parameters);
        return schemaOf(outputOf(new QueryBinder(analyzer).bindQuery(statement.query).plan));
      }
      case 'explain': case 'describeQuery': case 'showTables': case 'showDatabases': case 'describeTable': case 'showVariable':
      case 'showPartitions': case 'showColumns': case 'showCreateTable': case 'showMounts': case 'listFiles': {
        const result = await this.run(statement, {}, parameters);
        return result.kind === 'rows' ? result.schema : null;
      }
      case 'set': return statement.name === undefined || (isSparkConfig(statement.name) && statement.value !== undefined) ? SETTINGS_SCHEMA : null;
      case 'fetch': return statement.move ? null : this.cursors.portal(statement.name)?.schema ?? null;
      case 'executePrepared': return (this.named.get(statement.name) ?? this.named.get(statement.name.toLowerCase()))?.schema ?? null;
      default: return null;
    }
  }

  /** Runs a statement inside the session's transaction bookkeeping (Postgres's 25P02 after a failure). */
  private async runInTransaction(statement: ast.Statement, options: ExecuteOptions, parameters?: Expr[]): Promise<StatementResult> {
    checkTransactionNotFailed(statement, this);
    const interval = this.settings.progressIntervalMs;
    const progress = options.onNotice && interval !== undefined ? new ProgressReporter(interval, options.onNotice, options.signal) : undefined;
    this.progress = progress;
    try {
      const result = await this.run(statement, options, parameters);
      return progress ? progress.until(result) : result;
    } catch (e) {
      progress?.stop();
      if (this.transactionStatus === 'T') this.transactionStatus = 'E';
      throw e;
    } finally {
      this.progress = undefined;
    }
  }

  close(): void {
    void this.cursors.close(undefined);
    for (const location of this.cachedQueries.splice(0)) void dropCachedQuery(this.catalog, location);
  }

  get timeZone(): TimeZone {
    return this.settings.timeZone;
  }

  setting(name: string): string | undefined {
    return this.settings.get(name);
  }

  setSetting(name: string, value: string): void {
    this.settings.set(name, value);
  }

  get statementTimeoutMs(): number {
    return this.settings.statementTimeoutMs;
  }

  private executionContext(options: ExecuteOptions): ExecutionContext {
    return {
      ansi: this.settings.ansi, timeZone: this.settings.timeZone, signal: options.signal,
      ...(this.progress ? { progress: this.progress.counter } : {}),
      memory: new QueryMemory(this.settings.queryMemoryBytes ?? this.queryLimits.queryMemoryBytes ?? DEFAULT_QUERY_MEMORY, this.queryLimits.spillDirectory),
      relationOid: (name) => objectOid(this.catalog, 'regclass', name, this.database),
      setSetting: (name, value) => this.settings.set(name, value),
      setting: (name) => this.settings.get(name),
    };
  }

  /** The analyzer's view of the session, with what the statement needs read first: file schemas, models. */
  private async analyzerFor(statement: ast.Statement, parameters?: Expr[]): Promise<AnalyzerContext> {
    const fileTables = await resolveFileRelations(this.catalog, statement);
    const models = await resolveModels(this.catalog, statement, this.database);
    const fileListings = await resolveFileListings(this.catalog, statement);
    return this.analyzerContext(fileTables, parameters, models, fileListings);
  }

  private analyzerContext(
    fileTables?: ReadonlyMap<string, TableMetadata>, parameters?: Expr[], models?: AnalyzerContext['models'], fileListings?: AnalyzerContext['fileListings'],
  ): AnalyzerContext {
    return {
      catalog: this.catalog, database: this.database, timeZone: this.settings.timeZone,
      fileTables, temporaryViews: this.temporaryViews, globalTemporaryViews: this.globalTemporaryViews, parameters, user: this.user, models, fileListings,
      sessionTables: (name) => this.sessionTable(name), setting: (name) => this.settings.get(name),
    };
  }

  /** pg_catalog views of this session's own state. */
  private sessionTable(name: string): SystemTable | undefined {
    if (name === 'pg_cursors') return this.cursors.asSystemTable();
    if (name !== 'pg_settings') return undefined;
    return pgCatalogSessionTable('pg_settings', this.settings.all().map(([setting, value, description]) => ({
      name: setting, setting: value, category: 'Quarry', short_desc: description, context: 'user', vartype: 'string',
      source: this.settings.isSet(setting) ? 'session' : 'default', boot_val: value, reset_val: value, pending_restart: false,
    })));
  }

  private async run(statement: ast.Statement, options: ExecuteOptions, parameters?: Expr[]): Promise<StatementResult> {
    const ctx = this.executionContext(options);
    if (WRITES.has(statement.kind) && this.transactionStatus === 'T') this.wroteInTransaction = true;
    const analyzer = await this.analyzerFor(statement, parameters);
    switch (statement.kind) {
      case 'queryStatement': {
        const { optimized: plan, physical } = planQuery(this.catalog, new QueryBinder(analyzer).bindQuery(statement.query).plan, ctx);
        return { kind: 'rows', schema: schemaOf(outputOf(plan)), batches: physical.execute(ctx) };
      }
      case 'insert': {
        const rows = await this.runToCompletion(bindInsert(statement, analyzer), ctx);
        return commandResult(`INSERT 0 ${rows}`);
      }
      case 'insertDirectory': {
        const rows = await insertDirectory(this.catalog, statement, analyzer, ctx);
        return commandResult(`INSERT 0 ${rows}`);
      }
      case 'createTable': return this.createTable(statement, ctx, analyzer);
      case 'explain': return statement.mode === 'ANALYZE' ? this.explainAnalyze(statement, analyzer, ctx) : this.explain(statement, analyzer);
      case 'describeQuery': {
        const columns = outputOf(new QueryBinder(analyzer).bindQuery(statement.query).plan);
        return rowsResult(DESCRIBE_COLUMNS, schemaOf(columns).map((f) => [f.name, typeToString(f.type), f.comment ?? null]));
      }
      case 'createView': return this.createView(statement, analyzer);
      case 'set': case 'reset': case 'showVariable': return runSessionStatement(statement, this);
      case 'transaction':
        try {
          return runSessionStatement(statement, this);
        } finally {
          if (statement.action !== 'begin') await this.cursors.endTransaction();
        }
      case 'prepare': {
        const prepared = await this.prepareStatement(statement.statement, statement.parameterTypes.map((t) => t.type));
        try {
          this.nameStatement(statement.name.toLowerCase(), prepared);
        } catch (e) {
          throw e instanceof QuarryError ? e.at(statement.pos) : e;
        }
        return commandResult('PREPARE');
      }
      case 'executePrepared': return this.executePrepared(statement, options, analyzer);
      case 'deallocate':
        if (statement.name === undefined) this.named.clear();
        else if (!this.named.delete(statement.name) && !this.named.delete(statement.name.toLowerCase())) {
          throw new QuarryError('26000', `prepared statement "${statement.name}" does not exist`, statement.pos);
        }
        return commandResult(statement.name === undefined ? 'DEALLOCATE ALL' : 'DEALLOCATE');
      case 'declareCursor': {
        const result = await this.run({ kind: 'queryStatement', pos: statement.query.pos, query: statement.query }, options, parameters);
        if (result.kind === 'rows') this.cursors.declare(statement.name, statement.queryText ?? '', result, statement.hold);
        return commandResult('DECLARE CURSOR');
      }
      case 'fetch':
        if (statement.move) return commandResult(`MOVE ${await this.cursors.move(statement.name, statement.count)}`);
        return this.cursors.fetch(statement.name, statement.count);
      case 'closeCursor':
        await this.cursors.close(statement.name);
        return commandResult('CLOSE CURSOR');
      case 'discard': return this.discard(statement);
      case 'copy': return this.copy(statement, options, ctx);
      case 'cacheTable': return this.cacheTable(statement, analyzer, ctx);
      case 'analyzeTable': {
        const table = resolveTable(this.catalog, statement.name, this.database);
        await analyzeTable(this.catalog, table, statement, (sql) => this.queryRow(sql, ctx, analyzer));
        return commandResult('ANALYZE TABLE');
      }
      case 'createUser': case 'alterUser': case 'dropUser':
        try {
          return await this.manageUser(statement);
        } catch (e) {
          throw e instanceof QuarryError ? e.at(statement.pos) : e;
        }
      case 'createModel': case 'dropModel': case 'showModels': case 'describeModel':
        return runModelStatement(this.catalog, statement, this.database);
      case 'call': case 'showMounts': case 'listFiles': return runDbfsStatement(this.catalog, statement);
      default: return runDdl(this.catalog, statement, this);
    }
  }

  /**
   * CACHE [LAZY] TABLE, UNCACHE TABLE, CLEAR CACHE: a table's decoded data in the catalog's cache.
   * Views are accepted and read through to their tables, which may be cached themselves.
   */
  private async cacheTable(node: ast.CacheTable, analyzer: AnalyzerContext, ctx: ExecutionContext): Promise<StatementResult> {
    const tag = node.action === 'clear' ? 'CLEAR CACHE' : node.action === 'uncache' ? 'UNCACHE TABLE' : 'CACHE TABLE';
    const cache = this.catalog.tableCache;
    if (node.action === 'clear') cache.clear();
    else if (node.view) await this.cacheQuery(node.view, node.lazy === true, analyzer, ctx);
    else if (node.name && !this.relationExists(node.name)) {
      if (node.ifExists) return commandResult(tag);
      throw new QuarryError(SqlState.undefinedTable,
        `[TABLE_OR_VIEW_NOT_FOUND] The table or view \`${node.name.parts.join('`.`')}\` cannot be found.`, node.name.pos, 'TABLE_OR_VIEW_NOT_FOUND');
    } else if (node.name) {
      const [database, name] = qualifyTableName(node.name, this.database);
      const shadowed = node.name.parts.length === 1 && this.temporaryViews.has(name);
      const table = shadowed ? undefined : this.catalog.getTable(database, name);
      if (table && node.action === 'uncache') cache.remove(table.location);
      else if (table) {
        cache.register(table.location);
        // Eager: one scan loads every data column (a table larger than the cache stays on its files).
        if (!node.lazy) for await (const _ of scanTable(this.catalog, table, { columns: [], signal: ctx.signal })) { /* loading */ }
      }
    }
    return commandResult(tag);
  }

  /** CACHE TABLE name AS SELECT: the name becomes a temporary view over the query's rows, kept (cached_queries.ts). */
  private async cacheQuery(node: ast.CreateView, lazy: boolean, analyzer: AnalyzerContext, ctx: ExecutionContext): Promise<void> {
    const name = node.name.parts[node.name.parts.length - 1].toLowerCase();
    if (node.name.parts.length > 1) throw new QuarryError('42000', '[TEMP_VIEW_NAME_TOO_MANY_NAME_PARTS] A temporary view name must be a single identifier.', node.name.pos);
    if (this.temporaryViews.has(name)) {
      throw new QuarryError(SqlState.duplicateTable, `[TEMP_TABLE_OR_VIEW_ALREADY_EXISTS] Cannot create the temporary view \`${name}\` because it already exists.`, node.name.pos);
    }
    const { view, location } = await cacheQuery(this.catalog, node.query, lazy, analyzer, ctx);
    this.temporaryViews.set(name, view);
    this.cachedQueries.push(location);
  }

  private relationExists(name: ast.QualifiedName): boolean {
    const [database, table] = qualifyTableName(name, this.database);
    return (name.parts.length === 1 && this.temporaryViews.has(table)) || !!this.catalog.getTable(database, table) || !!this.catalog.getView(database, table);
  }

  /** CREATE/ALTER/DROP USER: the users file under the warehouse. */
  private async manageUser(node: ast.CreateUser | ast.AlterUser | ast.DropUser): Promise<StatementResult> {
    const users = this.catalog.users;
    switch (node.kind) {
      case 'createUser':
        await users.create(node.name, node.password);
        return commandResult('CREATE ROLE');
      case 'alterUser':
        if (node.password !== undefined) await users.setPassword(node.name, node.password ?? undefined);
        else if (!users.get(node.name)) throw new QuarryError('42704', `role "${node.name}" does not exist`);
        return commandResult('ALTER ROLE');
      case 'dropUser': {
        const missing = node.names.filter((name) => !users.get(name));
        if (missing.length > 0 && !node.ifExists) throw new QuarryError('42704', `role "${missing[0]}" does not exist`);
        for (const name of node.names) await users.drop(name, true);
        return commandResult('DROP ROLE', ...missing.map((name) => notice(`role "${name}" does not exist, skipping`)));
      }
    }
  }

  /** COPY: a query's rows out through the protocol, or the client's rows into a table. */
  private async copy(node: ast.Copy, options: ExecuteOptions, ctx: ExecutionContext): Promise<StatementResult> {
    let format: CopyFormat;
    try {
      format = copyFormat(node.options);
    } catch (e) {
      throw e instanceof QuarryError ? e.at(node.pos) : e;
    }
    if (node.direction === 'to') {
      const query = node.query ?? tableQuery(node.table!, node.columns);
      const result = await this.run({ kind: 'queryStatement', pos: node.pos, query }, options);
      if (result.kind !== 'rows') throw new QuarryError(SqlState.internalError, 'COPY query returned no rows', node.pos);
      return { kind: 'copyOut', schema: result.schema, format, batches: result.batches };
    }
    const [database, name] = qualifyTableName(node.table!, this.database);
    const table = this.catalog.getTable(database, name);
    if (!table) {
      if (this.catalog.getView(database, name)) throw new QuarryError('42809', `cannot copy to view "${name}"`, node.table!.pos);
      throw new QuarryError(SqlState.undefinedTable, `relation "${node.table!.parts.join('.')}" does not exist`, node.table!.pos);
    }
    const columns = (node.columns ?? table.columns.map((c) => c.name)).map((written) => {
      const column = table.columns.find((c) => c.name.toLowerCase() === written.toLowerCase());
      if (!column) throw new QuarryError(SqlState.undefinedColumn, `column "${written}" of relation "${name}" does not exist`, node.pos);
      return column;
    });
    if (new Set(columns).size !== columns.length) throw new QuarryError(SqlState.duplicateColumn, 'column specified more than once', node.pos);
    this.wroteInTransaction ||= this.transactionStatus === 'T';
    return { kind: 'copyIn', schema: columns, format, load: (data) => copyFrom(this.catalog, table, columns, format, data, ctx) };
  }

  /** DISCARD: the session back to how it started (ALL), or its temporary views (TEMP). */
  private async discard(node: ast.Discard): Promise<StatementResult> {
    if (node.what === 'ALL' && this.transactionStatus !== 'I') {
      throw new QuarryError('25001', 'DISCARD ALL cannot run inside a transaction block', node.pos);
    }
    if (node.what === 'ALL' || node.what === 'TEMP') this.temporaryViews.clear();
    if (node.what === 'ALL') {
      await this.cursors.close(undefined);
      this.named.clear();
      this.settings.reset();
    }
    return commandResult(`DISCARD ${node.what}`);
  }

  /** Runs a plan whose single output row holds a count (INSERT), returning the count. */
  /** The single row of a query Quarry writes itself (ANALYZE TABLE's measurements). */
  private async queryRow(sql: string, ctx: ExecutionContext, analyzer: AnalyzerContext): Promise<Scalar[]> {
    const statement = parseStatement(sql);
    if (statement.kind !== 'queryStatement') throw new Error(`not a query: ${sql}`);
    const { physical } = planQuery(this.catalog, new QueryBinder(analyzer).bindQuery(statement.query).plan, ctx);
    for await (const batch of physical.execute(ctx) as AsyncGenerator<Batch>) {
      if (batch.numRows > 0) return batch.columns.map((c) => getScalar(c, 0));
    }
    throw new Error(`no row from ${sql}`);
  }

  private async runToCompletion(plan: LogicalPlan, ctx: ExecutionContext): Promise<number> {
    const { physical } = planQuery(this.catalog, plan, ctx);
    let count = 0;
    for await (const batch of physical.execute(ctx) as AsyncGenerator<Batch>) count += Number(getScalar(batch.columns[0], 0));
    return count;
  }

  private async createTable(node: ast.CreateTable, ctx: ExecutionContext, analyzer: AnalyzerContext): Promise<StatementResult> {
    if (!node.asQuery) {
      if (node.columns.length === 0) {
        // Over existing files: the columns come from them, as Spark infers them.
        if (node.location === undefined) throw notSupported('CREATE TABLE without a column list, LOCATION or AS SELECT', node.pos);
        const options = Object.fromEntries(node.options.map((p) => [p.key, p.value]));
        // spark.sql.parquet.mergeSchema is the default of the mergeSchema option.
        const mergeDefault = this.settings.get('spark.sql.parquet.mergeSchema');
        const inferOptions = mergeDefault && !Object.keys(options).some((k) => k.toLowerCase() === 'mergeschema') ? { ...options, mergeSchema: mergeDefault } : options;
        const inferred = await inferSchema(checkFormat(node), this.catalog.dbfs.locate(node.location), node.location, inferOptions);
        const partitionedBy = node.partitionedBy.length > 0 ? node.partitionedBy : inferred.partitionColumns;
        await createTable(this.catalog, { ...node, partitionedBy }, this, inferred.columns);
        return commandResult('CREATE TABLE');
      }
      const columns: Field[] = node.columns.map((c) => ({ name: c.name, type: c.type.type, nullable: c.nullable, comment: c.comment, ...(c.defaultSql ? { defaultSql: c.defaultSql } : {}) }));
      await createTable(this.catalog, node, this, columns);
      return commandResult('CREATE TABLE');
    }
    if (node.columns.length > 0) {
      throw new QuarryError(SqlState.syntaxError, '[OPERATION_NOT_ALLOWED] Schema may not be specified in a Create Table As Select (CTAS) statement.', node.pos);
    }
    // CTAS: the table takes the query's columns; if filling it fails, the table goes away again.
    const query = new QueryBinder(analyzer).bindQuery(node.asQuery);
    const columns = schemaOf(outputOf(query.plan));
    // Marked as being created until filled, so a server killed meanwhile drops it at start.
    const table = await createTable(this.catalog, node, this, columns, true);
    if (!table) return commandResult('CREATE TABLE'); // IF NOT EXISTS and it existed
    try {
      const insert: ast.InsertInto = {
        kind: 'insert', pos: node.pos, table: { pos: node.name.pos, parts: [table.database, table.name] }, overwrite: true,
        columns: columns.map((c) => c.name), query: node.asQuery,
      };
      const rows = await this.runToCompletion(bindInsert(insert, analyzer, table), ctx);
      await this.catalog.finishCreating(table);
      return commandResult(`SELECT ${rows}`);
    } catch (e) {
      await this.catalog.abandonCreating(table);
      throw e;
    }
  }

  /** EXECUTE name(args): the arguments, constants cast to the declared types, become its parameters. */
  private async executePrepared(node: ast.ExecutePrepared, options: ExecuteOptions, analyzer: AnalyzerContext): Promise<StatementResult> {
    const prepared = this.named.get(node.name) ?? this.named.get(node.name.toLowerCase());
    if (!prepared) throw new QuarryError('26000', `prepared statement "${node.name}" does not exist`, node.pos);
    if (node.args.length !== prepared.parameterTypes.length) {
      throw new QuarryError('42601', `wrong number of parameters for prepared statement "${node.name}": expected ${prepared.parameterTypes.length}, got ${node.args.length}`, node.pos);
    }
    const binder = new QueryBinder(analyzer);
    const parameters = node.args.map((arg, i) => {
      const value = binder.bindConstant(arg, 'EXECUTE');
      const type = prepared.parameterTypes[i];
      // A bare NUMERIC keeps the value's own digits, as Postgres's unconstrained numeric does.
      const keep = type.kind === 'string' || (type.kind === 'decimal' && (value.type.kind === 'decimal' || value.type.kind === 'int'));
      const typed = keep ? value : foldConstants(castTo(value, type, 'session'), this.executionContext(options));
      if (typed.kind !== 'literal') throw new QuarryError('22018', `The argument ${i + 1} of EXECUTE is not a valid ${typeToString(type)}.`, arg.pos);
      return { value: typed.value, type: typed.type };
    });
    return prepared.execute(parameters, options);
  }

  /** Checks the view's query now, so a broken view is refused at CREATE, not at first use. */
  private async createView(node: ast.CreateView, analyzer: AnalyzerContext): Promise<StatementResult> {
    if (node.unsupported) throw notSupported(node.unsupported, node.pos);
    const output = outputOf(new QueryBinder(analyzer).bindQuery(node.query).plan);
    if (node.columns && node.columns.length !== output.length) {
      throw new QuarryError('21S01', `[CREATE_VIEW_COLUMN_ARITY_MISMATCH] The view has ${node.columns.length} column names but its query returns ${output.length} columns.`, node.pos);
    }
    const columns: Field[] = output.map((a, i) => ({ name: node.columns?.[i] ?? a.name, type: a.type, nullable: true }));
    if (node.temporary) {
      // A GLOBAL one may be qualified by global_temp and is every session's; a plain one is this session's.
      const parts = node.name.parts;
      const qualified = node.global && parts.length === 2 && parts[0].toLowerCase() === GLOBAL_TEMP_DATABASE;
      if (parts.length > (qualified ? 2 : 1)) {
        throw new QuarryError('42000', node.global
          ? `[TEMP_VIEW_NAME_TOO_MANY_NAME_PARTS] A global temporary view is named \`${GLOBAL_TEMP_DATABASE}\`.\`view\` or just \`view\`.`
          : '[TEMP_VIEW_NAME_TOO_MANY_NAME_PARTS] A temporary view name must be a single identifier.', node.name.pos);
      }
      const name = parts[parts.length - 1].toLowerCase();
      const views = node.global ? this.globalTemporaryViews : this.temporaryViews;
      if (views.has(name) && !node.orReplace) {
        if (node.ifNotExists) return commandResult('CREATE VIEW');
        const shown = node.global ? `${GLOBAL_TEMP_DATABASE}\`.\`${name}` : name;
        throw new QuarryError(SqlState.duplicateTable, `[TEMP_TABLE_OR_VIEW_ALREADY_EXISTS] Cannot create the temporary view \`${shown}\` because it already exists.`, node.name.pos);
      }
      views.set(name, { query: node.query, columns, fileTables: analyzer.fileTables });
      return commandResult('CREATE VIEW');
    }
    const [database, name] = qualifyTableName(node.name, this.database);
    try {
      await this.catalog.createView({ database, name, sql: node.queryText, columns, comment: node.comment },
        { orReplace: node.orReplace, ifNotExists: node.ifNotExists });
    } catch (e) {
      throw e instanceof QuarryError ? e.at(node.name.pos) : e;
    }
    return commandResult('CREATE VIEW');
  }

  /**
   * EXPLAIN ANALYZE: the query runs to its end (its rows are not returned) and the physical plan
   * is shown with each operator's rows, batches, time and output size. An INSERT is not run.
   */
  private async explainAnalyze(node: ast.Explain, analyzer: AnalyzerContext, ctx: ExecutionContext): Promise<StatementResult> {
    const inner = node.statement;
    if (inner.kind !== 'queryStatement') throw notSupported(`EXPLAIN ANALYZE of ${inner.kind} (only queries run under EXPLAIN ANALYZE)`, inner.pos);
    const plan = new InstrumentedPlan(planQuery(this.catalog, new QueryBinder(analyzer).bindQuery(inner.query).plan, ctx).physical);
    const start = performance.now();
    const rows = await plan.run(ctx);
    const held = ctx.memory ? `; sorts, joins and aggregates held up to ${formatByteSize(ctx.memory.peak)}` : '';
    const text = `== Physical Plan ==\n${plan.format()}\n\n${rows} rows in ${(performance.now() - start).toFixed(1)} ms${held}`;
    return rowsResult([stringField('plan', false)], [[text]]);
  }

  private explain(node: ast.Explain, analyzer: AnalyzerContext): StatementResult {
    const inner = node.statement;
    let analyzed: LogicalPlan;
    if (inner.kind === 'queryStatement') analyzed = new QueryBinder(analyzer).bindQuery(inner.query).plan;
    else if (inner.kind === 'insert') analyzed = bindInsert(inner, analyzer);
    else throw notSupported(`EXPLAIN ${inner.kind}`, inner.pos);
    const ctx = this.executionContext({});
    const { optimized, physical } = planQuery(this.catalog, analyzed, ctx);
    if (node.mode === 'FORMATTED') return rowsResult([stringField('plan', false)], [[formatPlanFormatted(physical)]]);
    const sections = node.mode === 'EXTENDED'
      ? [['Analyzed Logical Plan', formatLogicalPlan(analyzed)], ['Optimized Logical Plan', formatLogicalPlan(optimized)], ['Physical Plan', formatPhysicalPlan(physical)]]
      : [['Optimized Logical Plan', formatLogicalPlan(optimized)], ['Physical Plan', formatPhysicalPlan(physical)]];
    const text = sections.map(([title, body]) => `== ${title} ==\n${body}`).join('\n\n');
    return rowsResult([stringField('plan', false)], [[text]]);
  }
}

/** `SELECT cols FROM table` for COPY table TO STDOUT. */
function tableQuery(table: ast.QualifiedName, columns: readonly string[] | undefined): ast.Query {
  const quote = (name: string) => `\`${name.replace(/`/g, '``')}\``;
  const statement = parseStatement(`SELECT ${columns ? columns.map(quote).join(', ') : '*'} FROM ${table.parts.map(quote).join('.')}`);
  if (statement.kind !== 'queryStatement') throw new QuarryError(SqlState.internalError, 'COPY table did not make a query');
  return statement.query;
}
