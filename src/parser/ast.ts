// The typed syntax tree of Spark SQL. Every node carries `pos`: the 0-based character offset of its
// first token in the statement text, so any later stage can point at the fault.
// Widening the dialect means adding node kinds here, never changing the meaning of existing ones.

import { DataType } from '../common/types.js';

export interface Node {
  readonly pos: number;
}

/** A possibly qualified name: `db.table`, `t.col`, `spark_catalog.db.t`. Parts are unquoted. */
export interface QualifiedName extends Node {
  readonly parts: readonly string[];
}

// ---------------------------------------------------------------------------------------------
// Expressions

export type Expr =
  | ColumnRef | Star | Literal | TypedLiteral | IntervalLiteral | UnaryOp | BinaryOp | IsNull | IsBoolean
  | InList | InSubquery | Exists | ScalarSubquery | Between | Like | Case | Cast | FunctionCall | Parameter
  | Subscript | Quantified | ArraySubquery | FieldAccess | LambdaFunction;

/** `x -> body`, `(acc, x) -> body`: an argument of a higher-order function. */
export interface LambdaFunction extends Node {
  readonly kind: 'lambda';
  readonly params: readonly string[];
  readonly body: Expr;
}

/** `(expr).field`: a field of a struct (Postgres's composite field selection). */
export interface FieldAccess extends Node {
  readonly kind: 'fieldAccess';
  readonly operand: Expr;
  readonly field: string;
}

/** `a[i]`: Spark's zero-based array subscript. */
export interface Subscript extends Node {
  readonly kind: 'subscript';
  readonly operand: Expr;
  readonly index: Expr;
}

/** `x op ANY (array | subquery)`, `x op ALL (…)`; SOME is ANY. */
export interface Quantified extends Node {
  readonly kind: 'quantified';
  readonly op: string;
  readonly quantifier: 'ANY' | 'ALL';
  readonly operand: Expr;
  readonly array?: Expr;
  readonly query?: Query;
}

/** Postgres's `ARRAY(SELECT …)`: the subquery's rows collected into one array. */
export interface ArraySubquery extends Node {
  readonly kind: 'arraySubquery';
  readonly query: Query;
}

/** `a`, `t.a`, `db.t.a`. */
export interface ColumnRef extends Node {
  readonly kind: 'column';
  readonly name: QualifiedName;
  /** Written `"name"`: a string literal to Spark, an identifier to Postgres clients. */
  readonly doubleQuoted?: boolean;
}

/** `*` or `t.*` (in a projection or `count(*)`). */
export interface Star extends Node {
  readonly kind: 'star';
  readonly qualifier?: QualifiedName;
  /** `* EXCEPT (a, b)`: columns left out. */
  readonly except?: readonly string[];
}

/**
 * Plain literals. Numbers keep their source text so the analyzer applies Spark's typing rules:
 * `1` int (bigint if it does not fit, then decimal), `1L` bigint, `1S` smallint, `1Y` tinyint,
 * `1.5` decimal(2,1), `1.5D`/`1e3` double, `1.5F` float, `1.5BD` decimal.
 */
export type Literal = NullLiteral | BooleanLiteral | NumberLiteral | StringLiteral | BinaryLiteral;

export interface NullLiteral extends Node { readonly kind: 'null' }
export interface BooleanLiteral extends Node { readonly kind: 'boolean'; readonly value: boolean }
export interface NumberLiteral extends Node {
  readonly kind: 'number';
  /** Digits, point and exponent, without sign or suffix: `12.50`, `1e3`. */
  readonly text: string;
  readonly suffix?: 'L' | 'S' | 'Y' | 'D' | 'F' | 'BD';
}
/** Adjacent string literals are already concatenated and escapes resolved. */
export interface StringLiteral extends Node { readonly kind: 'string'; readonly value: string }
/** `X'CAFE'`. */
export interface BinaryLiteral extends Node { readonly kind: 'binaryLiteral'; readonly value: Uint8Array }

/** `DATE '2024-01-01'`, `TIMESTAMP '…'`, `TIMESTAMP_NTZ '…'`, `TIMESTAMP_LTZ '…'`, `TIME '12:34:56'`. */
export interface TypedLiteral extends Node {
  readonly kind: 'typedLiteral';
  readonly type: 'date' | 'timestamp' | 'timestamp_ntz' | 'timestamp_ltz' | 'time';
  readonly value: string;
}

/** `INTERVAL '1' DAY`, `INTERVAL 3 HOURS 2 MINUTES`, `INTERVAL '1-2' YEAR TO MONTH`: kept as parsed. */
export interface IntervalLiteral extends Node {
  readonly kind: 'interval';
  /** Each (value text, unit) pair, units lower-cased and singular: `day`, `hour`, `year to month`. */
  readonly parts: readonly { readonly value: string; readonly unit: string }[];
}

/** `-x`, `+x`, `NOT x`, `~x`. */
export interface UnaryOp extends Node {
  readonly kind: 'unary';
  readonly op: '-' | '+' | 'NOT' | '~';
  readonly operand: Expr;
}

export type BinaryOperator =
  | '+' | '-' | '*' | '/' | '%' | 'DIV' | '||' | '&' | '|' | '^'
  | '=' | '==' | '<>' | '!=' | '<' | '<=' | '>' | '>=' | '<=>'
  /** Postgres's regular-expression matches (psql and drivers send them): ~ ~* !~ !~*. */
  | '~' | '~*' | '!~' | '!~*'
  | 'AND' | 'OR';

export interface BinaryOp extends Node {
  readonly kind: 'binary';
  readonly op: BinaryOperator;
  readonly left: Expr;
  readonly right: Expr;
}

/** `x IS [NOT] NULL`. */
export interface IsNull extends Node {
  readonly kind: 'isNull';
  readonly operand: Expr;
  readonly negated: boolean;
}

/** `x IS [NOT] TRUE|FALSE|UNKNOWN`. */
export interface IsBoolean extends Node {
  readonly kind: 'isBoolean';
  readonly operand: Expr;
  readonly value: boolean | null;
  readonly negated: boolean;
}

/** `x [NOT] IN (a, b, …)`. */
export interface InList extends Node {
  readonly kind: 'inList';
  readonly operand: Expr;
  readonly list: readonly Expr[];
  readonly negated: boolean;
}

/** `x [NOT] IN (SELECT …)`. */
export interface InSubquery extends Node {
  readonly kind: 'inSubquery';
  readonly operand: Expr;
  readonly query: Query;
  readonly negated: boolean;
}

/** `[NOT] EXISTS (SELECT …)` (NOT arrives as a UnaryOp). */
export interface Exists extends Node {
  readonly kind: 'exists';
  readonly query: Query;
}

/** `(SELECT …)` used as a value. */
export interface ScalarSubquery extends Node {
  readonly kind: 'scalarSubquery';
  readonly query: Query;
}

/** `x [NOT] BETWEEN low AND high`. */
export interface Between extends Node {
  readonly kind: 'between';
  readonly operand: Expr;
  readonly low: Expr;
  readonly high: Expr;
  readonly negated: boolean;
}

/** `x [NOT] LIKE|ILIKE|RLIKE|REGEXP pattern [ESCAPE 'c']`. */
export interface Like extends Node {
  readonly kind: 'like';
  readonly operator: 'LIKE' | 'ILIKE' | 'RLIKE';
  readonly operand: Expr;
  readonly pattern: Expr;
  readonly escape?: string;
  readonly negated: boolean;
}

/** `CASE [operand] WHEN … THEN … [ELSE …] END`. */
export interface Case extends Node {
  readonly kind: 'case';
  readonly operand?: Expr;
  readonly branches: readonly { readonly when: Expr; readonly then: Expr }[];
  readonly else?: Expr;
}

/** `CAST(x AS t)`, `TRY_CAST(x AS t)`, `x::t`. */
export interface Cast extends Node {
  readonly kind: 'cast';
  readonly operand: Expr;
  readonly type: TypeName;
  readonly try: boolean;
}

/** `f(a, b)`, `count(*)`, `count(DISTINCT a)`, `db.f(a)`. */
export interface FunctionCall extends Node {
  readonly kind: 'function';
  readonly name: QualifiedName;
  readonly args: readonly Expr[];
  readonly distinct: boolean;
  /** `FILTER (WHERE …)` on an aggregate. */
  readonly filter?: Expr;
  /** `OVER (…)`: a window function call. */
  readonly over?: WindowSpec;
  /** `struct(a AS x, …)`: the names given to arguments, where given. */
  readonly argNames?: readonly (string | undefined)[];
  /** `lag(v) IGNORE NULLS`. */
  readonly ignoreNulls?: boolean;
}

/** `PARTITION BY … ORDER BY … [ROWS|RANGE BETWEEN … AND …]`. */
export interface WindowSpec extends Node {
  /** `OVER w` or `OVER (w ORDER BY …)`: a window of the WINDOW clause this one starts from (resolved by the parser). */
  readonly name?: string;
  readonly partitionBy: readonly Expr[];
  readonly orderBy: readonly SortItem[];
  readonly frame?: WindowFrame;
}

export interface WindowFrame extends Node {
  readonly units: 'ROWS' | 'RANGE';
  readonly start: FrameBound;
  readonly end: FrameBound;
}

/** A frame edge: rows before (negative offset) or after (positive) the current row; null = unbounded. */
export type FrameBound =
  | { readonly kind: 'unboundedPreceding' } | { readonly kind: 'unboundedFollowing' } | { readonly kind: 'currentRow' }
  | { readonly kind: 'offset'; readonly rows: number }
  /** `2.5 PRECEDING`, `INTERVAL 1 DAY FOLLOWING`: a distance in ORDER BY values (RANGE frames). */
  | { readonly kind: 'valueOffset'; readonly value: Expr; readonly preceding: boolean };

/** `$1` (extended protocol) or `?`, numbered from 1 in order of appearance. */
export interface Parameter extends Node {
  readonly kind: 'parameter';
  readonly index: number;
}

/** A type as written: resolved to a DataType by the parser when it is a known Spark type. */
export interface TypeName extends Node {
  readonly type: DataType;
  /** The text as written, for messages: `DECIMAL(10,2)`. */
  readonly text: string;
}

// ---------------------------------------------------------------------------------------------
// Queries

/** A query: optional WITH, a body (SELECT, set operation, VALUES, parenthesised query), ORDER BY/LIMIT. */
export interface Query extends Node {
  readonly kind: 'query';
  readonly with: readonly CommonTableExpr[];
  readonly body: QueryBody;
  readonly orderBy: readonly SortItem[];
  readonly limit?: Expr;
  readonly offset?: Expr;
}

export interface CommonTableExpr extends Node {
  readonly name: string;
  readonly columns?: readonly string[];
  readonly query: Query;
  /** Defined under `WITH RECURSIVE`: its query may name the CTE itself. */
  readonly recursive?: boolean;
  /** `MAX RECURSION LEVEL n`: this CTE's own level limit, over spark.sql.cteRecursionLevelLimit. */
  readonly maxRecursionLevel?: number;
}

export type QueryBody = Select | SetOperation | Values | Query;

export interface Select extends Node {
  readonly kind: 'select';
  readonly distinct: boolean;
  readonly projection: readonly SelectItem[];
  readonly from: readonly Relation[];
  readonly where?: Expr;
  readonly groupBy: readonly Expr[];
  /**
   * GROUPING SETS, ROLLUP, CUBE: each set lists indexes into `groupBy`, which then holds every
   * grouping expression once. Absent for a plain GROUP BY.
   */
  readonly groupingSets?: readonly (readonly number[])[];
  /** ROLLUP(…, ()) or CUBE(…, ()): Spark's grammar takes the empty set, its AST builder refuses it (at analysis here). */
  readonly emptySetInRollupOrCube?: { readonly kind: 'ROLLUP' | 'CUBE'; readonly pos: number };
  /** `GROUP BY ALL`: every SELECT item without an aggregate is a grouping key. */
  readonly groupByAll?: boolean;
  readonly having?: Expr;
  /** `QUALIFY condition`: a filter over window function results. */
  readonly qualify?: Expr;
}

export interface SelectItem extends Node {
  readonly expr: Expr;
  readonly alias?: string;
  /** `AS (a, b)`: names for the columns of a generator that makes several (posexplode, inline). */
  readonly aliases?: readonly string[];
}

export interface SetOperation extends Node {
  readonly kind: 'setOperation';
  readonly op: 'UNION' | 'INTERSECT' | 'EXCEPT';
  readonly all: boolean;
  readonly left: QueryBody;
  readonly right: QueryBody;
}

/** `VALUES (1, 'a'), (2, 'b') [AS t(x, y)]` as a query body or a relation. */
export interface Values extends Node {
  readonly kind: 'values';
  readonly rows: readonly (readonly Expr[])[];
}

export interface SortItem extends Node {
  readonly expr: Expr;
  readonly ascending: boolean;
  /** Spark's default: NULLS FIRST when ascending, NULLS LAST when descending. */
  readonly nullsFirst?: boolean;
}

export type Relation = TableRef | SubqueryRef | ValuesRef | Join | TableFunctionRef | LateralView | Pivot;

/** `input PIVOT (agg [AS a], … FOR col | (c1, c2) IN (value [AS v], …)) [alias]`. */
export interface Pivot extends Node {
  readonly kind: 'pivot';
  readonly input: Relation;
  readonly aggregates: readonly { readonly expr: Expr; readonly alias?: string }[];
  readonly columns: readonly Expr[];
  readonly values: readonly { readonly exprs: readonly Expr[]; readonly alias?: string }[];
  readonly alias?: TableAlias;
}

export interface TableAlias extends Node {
  readonly name: string;
  readonly columns?: readonly string[];
}

export interface TableRef extends Node {
  readonly kind: 'table';
  readonly name: QualifiedName;
  readonly alias?: TableAlias;
  /** `TABLESAMPLE (10 PERCENT | 5 ROWS | BUCKET 4 OUT OF 10)`. */
  readonly sample?: { readonly kind: 'percent' | 'rows' | 'bucket'; readonly value: number; readonly outOf?: number };
}

export interface SubqueryRef extends Node {
  readonly kind: 'subquery';
  readonly query: Query;
  readonly alias?: TableAlias;
  /** `LATERAL (SELECT …)`: the query may name columns of the FROM items before it. */
  readonly lateral?: boolean;
}

/** `input LATERAL VIEW [OUTER] generator(args) [table] [AS col, …]` (Hive's, which Spark keeps). */
export interface LateralView extends Node {
  readonly kind: 'lateralView';
  readonly input: Relation;
  readonly outer: boolean;
  readonly generator: FunctionCall;
  readonly tableAlias?: string;
  readonly columns: readonly string[];
}

export interface ValuesRef extends Node {
  readonly kind: 'valuesRef';
  readonly values: Values;
  readonly alias?: TableAlias;
}

/** `range(1, 10)` and other table-valued functions in FROM. */
export interface TableFunctionRef extends Node {
  readonly kind: 'tableFunction';
  readonly name: QualifiedName;
  readonly args: readonly Expr[];
  readonly alias?: TableAlias;
}

export type JoinType = 'INNER' | 'LEFT' | 'RIGHT' | 'FULL' | 'CROSS' | 'LEFT SEMI' | 'LEFT ANTI';

export interface Join extends Node {
  readonly kind: 'join';
  readonly type: JoinType;
  readonly left: Relation;
  readonly right: Relation;
  readonly on?: Expr;
  readonly using?: readonly string[];
  readonly natural: boolean;
}

// ---------------------------------------------------------------------------------------------
// Statements

export type Statement =
  | QueryStatement | CreateTable | InsertInto | DropTable | ShowTables | DescribeTable | DescribeQuery | Explain | CreateModel | DropModel | ShowModels | DescribeModel
  | UseDatabase | CreateDatabase | DropDatabase | ShowDatabases
  | SetVariable | ResetVariable | ShowVariable | Transaction
  | TruncateTable | ShowPartitions | ShowColumns | ShowCreateTable | AlterTable | CreateView
  | Prepare | ExecutePrepared | Deallocate | DeclareCursor | Fetch | CloseCursor | Discard | Copy
  | CreateUser | AlterUser | DropUser | CacheTable | AnalyzeTable | DescribeFunction | CreateFunction
  | DescribeDatabase | ShowFunctions | RefreshTable | Vacuum | CreateTableLike | CallProcedure | ShowMounts | ListFiles
  | AlterDatabase | ShowTblProperties | InsertDirectory;

/**
 * `CALL mount('wasbs://c@a.blob.core.windows.net/dir', '/mnt/raw', map('account_key', secret('s', 'k')))`,
 * `CALL unmount('/mnt/raw')`: procedures; arguments may be named (`mount_point => '/mnt/raw'`).
 */
export interface CallProcedure extends Node {
  readonly kind: 'call';
  readonly name: QualifiedName;
  readonly args: readonly Expr[];
  /** The name of each argument given as `name => value`. */
  readonly argNames: readonly (string | undefined)[];
}

/** `SHOW MOUNTS`. */
export interface ShowMounts extends Node {
  readonly kind: 'showMounts';
}

/** `LIST 'dbfs:/path' [LIMIT n]`: the files of a directory. */
export interface ListFiles extends Node {
  readonly kind: 'listFiles';
  readonly path: string;
  readonly limit?: number;
}

/** `DESCRIBE DATABASE [EXTENDED] db`. */
export interface DescribeDatabase extends Node {
  readonly kind: 'describeDatabase';
  readonly name: string;
  /** EXTENDED: the properties too. */
  readonly extended?: boolean;
}

/** `SHOW [USER|SYSTEM|ALL] FUNCTIONS [[LIKE] 'pattern']`. */
export interface ShowFunctions extends Node {
  readonly kind: 'showFunctions';
  readonly pattern?: string;
}

/** `REFRESH TABLE t`, `MSCK REPAIR TABLE t`, `ALTER TABLE t RECOVER PARTITIONS`: partitions are read from the directories. */
export interface RefreshTable extends Node {
  readonly kind: 'refreshTable';
  readonly name: QualifiedName;
}

/** `VACUUM t [RETAIN n HOURS]`: removes what failed writes left and overwrites replaced, past the retention. */
export interface Vacuum extends Node {
  readonly kind: 'vacuum';
  readonly name: QualifiedName;
  readonly retainHours?: number;
}

/** `CREATE TABLE [IF NOT EXISTS] t LIKE source [USING fmt] [LOCATION p]`. */
export interface CreateTableLike extends Node {
  readonly kind: 'createTableLike';
  readonly name: QualifiedName;
  readonly source: QualifiedName;
  readonly ifNotExists: boolean;
  readonly using?: string;
  readonly location?: string;
}

/** `PREPARE name [(type, …)] AS statement`. */
export interface Prepare extends Node {
  readonly kind: 'prepare';
  readonly name: string;
  readonly parameterTypes: readonly TypeName[];
  readonly statement: Statement;
}

/** `EXECUTE name [(value, …)]`. */
export interface ExecutePrepared extends Node {
  readonly kind: 'executePrepared';
  readonly name: string;
  readonly args: readonly Expr[];
}

/** `DEALLOCATE [PREPARE] name | ALL`. */
export interface Deallocate extends Node {
  readonly kind: 'deallocate';
  /** Undefined for ALL. */
  readonly name?: string;
}

/**
 * `CACHE [LAZY] TABLE name [[AS] query]`, `UNCACHE TABLE [IF EXISTS] name`, `CLEAR CACHE`. A
 * table's data is kept in memory; a query becomes a temporary view, as in Spark.
 */
export interface CacheTable extends Node {
  readonly kind: 'cacheTable';
  readonly action: 'cache' | 'uncache' | 'clear';
  /** LAZY: loaded by the first scan instead of now. */
  readonly lazy?: boolean;
  readonly name?: QualifiedName;
  readonly ifExists?: boolean;
  readonly view?: CreateView;
}

/** `ANALYZE TABLE t [PARTITION (…)] COMPUTE STATISTICS [NOSCAN | FOR COLUMNS … | FOR ALL COLUMNS]`. */
export interface AnalyzeTable extends Node {
  readonly kind: 'analyzeTable';
  readonly name: QualifiedName;
  /** NOSCAN: the size only, no row count. */
  readonly noscan?: boolean;
  /** FOR COLUMNS a, b (names) or FOR ALL COLUMNS ('all'). */
  readonly columns?: readonly string[] | 'all';
}

/** `CREATE USER name [WITH] [PASSWORD 'pw']` (and CREATE ROLE). */
export interface CreateUser extends Node {
  readonly kind: 'createUser';
  readonly name: string;
  readonly password?: string;
}

/** `ALTER USER name [WITH] PASSWORD 'pw' | NULL`; `password` is undefined when the statement sets none. */
export interface AlterUser extends Node {
  readonly kind: 'alterUser';
  readonly name: string;
  readonly password?: string | null;
}

export interface DropUser extends Node {
  readonly kind: 'dropUser';
  readonly names: readonly string[];
  readonly ifExists: boolean;
}

/** COPY's options, with Postgres's defaults filled in by the engine. */
export interface CopyOptions {
  readonly format?: 'text' | 'csv' | 'binary';
  readonly header?: boolean;
  readonly delimiter?: string;
  readonly null?: string;
  readonly quote?: string;
  readonly escape?: string;
}

/** `COPY table [(cols)] FROM STDIN …`, `COPY table | (query) TO STDOUT …` (data through the protocol). */
export interface Copy extends Node {
  readonly kind: 'copy';
  readonly direction: 'from' | 'to';
  readonly table?: QualifiedName;
  readonly columns?: readonly string[];
  readonly query?: Query;
  readonly options: CopyOptions;
}

/** `DISCARD ALL | PLANS | SEQUENCES | TEMP`: what connection pools send before reusing a session. */
export interface Discard extends Node {
  readonly kind: 'discard';
  readonly what: 'ALL' | 'PLANS' | 'SEQUENCES' | 'TEMP';
}

/** `DECLARE name [BINARY] [NO SCROLL] CURSOR [WITH | WITHOUT HOLD] FOR query`. */
export interface DeclareCursor extends Node {
  readonly kind: 'declareCursor';
  readonly name: string;
  readonly hold: boolean;
  readonly query: Query;
  /** The DECLARE statement's text, as pg_cursors shows it. */
  readonly queryText?: string;
}

/** `FETCH [FORWARD] [n | ALL | NEXT] [FROM | IN] name` (MOVE skips the rows instead). */
export interface Fetch extends Node {
  readonly kind: 'fetch';
  readonly name: string;
  /** Null: all remaining rows. */
  readonly count: number | null;
  readonly move: boolean;
}

/** `CLOSE name | ALL`. */
export interface CloseCursor extends Node {
  readonly kind: 'closeCursor';
  readonly name?: string;
}

export interface QueryStatement extends Node {
  readonly kind: 'queryStatement';
  readonly query: Query;
}

export interface ColumnDefinition extends Node {
  readonly name: string;
  readonly type: TypeName;
  readonly nullable: boolean;
  readonly comment?: string;
  /** `DEFAULT expr`: the expression's text, what INSERT writes when the column is left out. */
  readonly defaultSql?: string;
}

/**
 * `CREATE [OR REPLACE] [EXTERNAL] TABLE [IF NOT EXISTS] name [(cols)] [USING fmt] [OPTIONS (…)]
 *  [PARTITIONED BY (cols)] [LOCATION 'p'] [COMMENT 'c'] [TBLPROPERTIES (…)] [AS query]`.
 */
export interface CreateTable extends Node {
  readonly kind: 'createTable';
  readonly name: QualifiedName;
  readonly orReplace: boolean;
  readonly external: boolean;
  readonly ifNotExists: boolean;
  readonly columns: readonly ColumnDefinition[];
  /** Lower-cased provider, `parquet` if absent. */
  readonly using?: string;
  readonly options: readonly Property[];
  /** Column names; PARTITIONED BY (c type) in CTAS-less Hive form arrives as columns + names. */
  readonly partitionedBy: readonly string[];
  readonly location?: string;
  readonly comment?: string;
  readonly properties: readonly Property[];
  readonly asQuery?: Query;
  /** `CLUSTERED BY (cols) [SORTED BY (…)] INTO n BUCKETS`: checked, not applied (it only lays files out). */
  readonly clusteredBy?: { readonly columns: readonly string[]; readonly buckets: number };
}

export interface Property extends Node {
  readonly key: string;
  readonly value: string;
}

/** `INSERT OVERWRITE [LOCAL] DIRECTORY ['path'] USING fmt [OPTIONS (…)] query`: the rows replace the directory's files. */
export interface InsertDirectory extends Node {
  readonly kind: 'insertDirectory';
  readonly local: boolean;
  /** Absent when OPTIONS name the `path`. */
  readonly path?: string;
  readonly format: string;
  readonly options: readonly Property[];
  readonly query: Query;
}

/** `INSERT INTO|OVERWRITE [TABLE] t [PARTITION (…)] [(cols)] query|VALUES`. */
export interface InsertInto extends Node {
  readonly kind: 'insert';
  readonly table: QualifiedName;
  readonly overwrite: boolean;
  readonly columns?: readonly string[];
  /** Static partition values: `PARTITION (city = 'Oslo')`; a key without value is dynamic. */
  readonly partition?: readonly { readonly column: string; readonly value?: Expr }[];
  /** `BY NAME`: the query's columns go to the table's columns of the same names. */
  readonly byName?: boolean;
  readonly query: Query;
}

export interface DropTable extends Node {
  readonly kind: 'dropTable';
  readonly name: QualifiedName;
  readonly ifExists: boolean;
  readonly isView: boolean;
}

/** `SHOW TABLES [FROM|IN db] [[LIKE] 'pattern']`. */
export interface ShowTables extends Node {
  readonly kind: 'showTables';
  readonly database?: string;
  readonly pattern?: string;
  /** SHOW VIEWS. */
  readonly viewsOnly?: boolean;
  /** SHOW TABLE EXTENDED … LIKE 'pattern' [PARTITION (…)]: one row per table with its details. */
  readonly extended?: boolean;
  readonly partition?: PartitionSpec;
}

/** `DESCRIBE|DESC [TABLE] [EXTENDED|FORMATTED] name`. */
export interface DescribeTable extends Node {
  readonly kind: 'describeTable';
  readonly name: QualifiedName;
  readonly extended: boolean;
  /** `DESC t PARTITION (k = v, …)`. */
  readonly partition?: PartitionSpec;
  /** `DESC t col`: one column. */
  readonly column?: string;
}

/** `CREATE [OR REPLACE] [TEMPORARY] FUNCTION [IF NOT EXISTS] name AS 'class' [USING JAR 'uri', …]`: a JVM function. */
export interface CreateFunction extends Node {
  readonly kind: 'createFunction';
  readonly name: QualifiedName;
  readonly className: string;
}

/** `DESCRIBE FUNCTION [EXTENDED] name`. */
export interface DescribeFunction extends Node {
  readonly kind: 'describeFunction';
  readonly name: string;
  readonly extended?: boolean;
}

/** `CREATE [OR REPLACE] MODEL [IF NOT EXISTS] name FROM 'dbfs:/path'`: a saved Spark ML model as a function. */
export interface CreateModel extends Node {
  readonly kind: 'createModel';
  readonly name: QualifiedName;
  readonly path: string;
  readonly orReplace: boolean;
  readonly ifNotExists: boolean;
}

export interface DropModel extends Node {
  readonly kind: 'dropModel';
  readonly name: QualifiedName;
  readonly ifExists: boolean;
}

export interface ShowModels extends Node {
  readonly kind: 'showModels';
  readonly database?: string;
}

export interface DescribeModel extends Node {
  readonly kind: 'describeModel';
  readonly name: QualifiedName;
}

/** `DESCRIBE [QUERY] query`: the columns the query would return. */
export interface DescribeQuery extends Node {
  readonly kind: 'describeQuery';
  readonly query: Query;
}

/** `EXPLAIN [EXTENDED|FORMATTED|CODEGEN|COST|ANALYZE] statement`. */
export interface Explain extends Node {
  readonly kind: 'explain';
  /** ANALYZE (as PostgreSQL's): the statement runs, and each operator's figures are shown. */
  readonly mode: 'SIMPLE' | 'EXTENDED' | 'FORMATTED' | 'CODEGEN' | 'COST' | 'ANALYZE';
  readonly statement: Statement;
}

/** `USE [DATABASE|SCHEMA|NAMESPACE] db`. */
export interface UseDatabase extends Node {
  readonly kind: 'use';
  readonly database: string;
}

/** `CREATE DATABASE|SCHEMA [IF NOT EXISTS] db [COMMENT 'c'] [LOCATION 'p']`. */
export interface CreateDatabase extends Node {
  readonly kind: 'createDatabase';
  readonly name: string;
  readonly ifNotExists: boolean;
  readonly comment?: string;
  readonly location?: string;
  /** `WITH DBPROPERTIES (k = v, …)`. */
  readonly properties?: readonly Property[];
  /** `DEFAULT COLLATION name`. */
  readonly collation?: string;
}

/** `ALTER DATABASE|SCHEMA db SET DBPROPERTIES|PROPERTIES (k = v, …)`. */
export interface AlterDatabase extends Node {
  readonly kind: 'alterDatabase';
  readonly name: string;
  readonly properties: readonly Property[];
}

/** `SHOW TBLPROPERTIES t [('key')]`. */
export interface ShowTblProperties extends Node {
  readonly kind: 'showTblProperties';
  readonly name: QualifiedName;
  readonly key?: string;
}

/** `DROP DATABASE|SCHEMA [IF EXISTS] db [RESTRICT|CASCADE]`. */
export interface DropDatabase extends Node {
  readonly kind: 'dropDatabase';
  readonly name: string;
  readonly ifExists: boolean;
  readonly cascade: boolean;
}

/** `SHOW DATABASES|SCHEMAS [LIKE 'pattern']`. */
export interface ShowDatabases extends Node {
  readonly kind: 'showDatabases';
  readonly pattern?: string;
}

/**
 * `SET key = value` (Spark), `SET [SESSION|LOCAL] name TO value`, `SET TIME ZONE …` (Postgres).
 * Without a name it lists the settings. The value is the text as written, unquoted.
 */
export interface SetVariable extends Node {
  readonly kind: 'set';
  readonly name?: string;
  /** Absent with a name: `SET name = DEFAULT`, the same as RESET. */
  readonly value?: string;
  readonly local: boolean;
}

/** `RESET [name | ALL]`. */
export interface ResetVariable extends Node {
  readonly kind: 'reset';
  readonly name?: string;
}

/** `SHOW name`, `SHOW TIME ZONE`, `SHOW ALL`. */
export interface ShowVariable extends Node {
  readonly kind: 'showVariable';
  /** Undefined for SHOW ALL. */
  readonly name?: string;
}

/** `BEGIN`, `START TRANSACTION`, `COMMIT`, `END`, `ROLLBACK`, `ABORT`, with their options. */
export interface Transaction extends Node {
  readonly kind: 'transaction';
  readonly action: 'begin' | 'commit' | 'rollback';
}

/** `TRUNCATE TABLE t`. */
export interface TruncateTable extends Node {
  readonly kind: 'truncateTable';
  readonly name: QualifiedName;
}

/** `SHOW PARTITIONS t`. */
export interface ShowPartitions extends Node {
  readonly kind: 'showPartitions';
  readonly name: QualifiedName;
}

/** `SHOW COLUMNS (FROM|IN) t [(FROM|IN) db]`. */
export interface ShowColumns extends Node {
  readonly kind: 'showColumns';
  readonly name: QualifiedName;
}

/** `SHOW CREATE TABLE t`. */
export interface ShowCreateTable extends Node {
  readonly kind: 'showCreateTable';
  readonly name: QualifiedName;
  /** `AS SERDE`: Hive's DDL, which Spark gives only for Hive tables and views. */
  readonly asSerde?: boolean;
}

/** `ALTER TABLE t RENAME TO u | ADD COLUMNS (…) | SET TBLPROPERTIES (…) | UNSET TBLPROPERTIES (…)`. */
export interface AlterTable extends Node {
  readonly kind: 'alterTable';
  readonly name: QualifiedName;
  readonly action:
    | { readonly kind: 'rename'; readonly to: QualifiedName }
    | { readonly kind: 'addColumns'; readonly columns: readonly ColumnDefinition[] }
    | { readonly kind: 'setProperties'; readonly properties: readonly Property[] }
    | { readonly kind: 'unsetProperties'; readonly keys: readonly string[]; readonly ifExists: boolean }
    | { readonly kind: 'addPartitions'; readonly partitions: readonly PartitionSpec[]; readonly ifNotExists: boolean; readonly locations?: readonly (string | undefined)[] }
    /** `CHANGE [COLUMN] c [TYPE] t [COMMENT '…']`, `ALTER [COLUMN] c TYPE t | COMMENT '…'`. */
    | { readonly kind: 'changeColumn'; readonly column: string; readonly type?: TypeName; readonly comment?: string }
    | { readonly kind: 'renamePartition'; readonly from: PartitionSpec; readonly to: PartitionSpec }
    | { readonly kind: 'dropPartitions'; readonly partitions: readonly PartitionSpec[]; readonly ifExists: boolean };
}

/** `PARTITION (day = '2024-01-01', kind = 'a')`. */
export type PartitionSpec = readonly { readonly column: string; readonly value: Expr }[];

/** `CREATE [OR REPLACE] [TEMPORARY] VIEW [IF NOT EXISTS] name [(cols)] [COMMENT 'c'] AS query`. */
export interface CreateView extends Node {
  readonly kind: 'createView';
  readonly name: QualifiedName;
  readonly orReplace: boolean;
  readonly ifNotExists: boolean;
  readonly temporary: boolean;
  /** GLOBAL TEMPORARY: in `global_temp`, seen by every session. */
  readonly global?: boolean;
  /** Why the view cannot be created though it parses (a data source Quarry does not read). */
  readonly unsupported?: string;
  readonly columns?: readonly string[];
  readonly comment?: string;
  readonly query: Query;
  /** The query's source text, which a persistent view stores and re-parses when used. */
  readonly queryText: string;
}
