// Statements, one parse function each, chosen by the leading words.

import { notSupported } from '../common/errors.js';
import * as ast from './ast.js';
import { Cursor } from './cursor.js';
import { parseTypeName } from './data_types.js';
import { parseExpression, parseExpressionList } from './expressions.js';
import { parseIdentifierList, parseQuery, parseWithClause, startsQuery } from './queries.js';
import { parseReset, parseSet, parseShowVariable, parseTransaction } from './session_statements.js';
import { parseCopy } from './copy.js';
import { isRoleStatement, parseRoleStatement } from './roles.js';

export function parseStatement(p: Cursor): ast.Statement {
  const t = p.peek();
  const pos = t.pos;
  if (p.isWord('WITH')) {
    // `WITH … INSERT INTO t query`: the CTEs belong to the inserted query (not to the target's name).
    const mark = p.mark();
    const ctes = parseWithClause(p);
    if (p.isWord('INSERT')) {
      const insert = parseInsert(p);
      return { ...insert, pos, query: { ...insert.query, with: [...ctes, ...insert.query.with] } };
    }
    p.reset(mark);
  }
  if (startsQuery(p)) return { kind: 'queryStatement', pos, query: parseQuery(p) };
  if (t.kind !== 'word') throw p.unexpected();
  switch (t.value.toUpperCase()) {
    case 'CREATE': return isRoleStatement(p) ? parseRoleStatement(p) : parseCreate(p);
    case 'INSERT':
      if (p.isWord('OVERWRITE', 1) && (p.isWord('DIRECTORY', 2) || (p.isWord('LOCAL', 2) && p.isWord('DIRECTORY', 3)))) return parseInsertDirectory(p);
      return parseInsert(p);
    case 'DROP': return isRoleStatement(p) ? parseRoleStatement(p) : parseDrop(p);
    case 'SHOW': return parseShow(p);
    case 'DESCRIBE': case 'DESC': return parseDescribe(p);
    case 'EXPLAIN': return parseExplain(p);
    case 'REFRESH': {
      p.next();
      p.acceptWord('TABLE');
      return { kind: 'refreshTable', pos, name: parseQualifiedName(p) };
    }
    case 'VACUUM': {
      p.next();
      const name = parseQualifiedName(p);
      if (!p.acceptWord('RETAIN')) return { kind: 'vacuum', pos, name };
      const retainHours = Number(p.next().text);
      if (!Number.isFinite(retainHours) || retainHours < 0) throw p.unexpected('a number of hours');
      p.expectWord('HOURS');
      return { kind: 'vacuum', pos, name, retainHours };
    }
    case 'MSCK': {
      p.next();
      p.expectWord('REPAIR');
      p.expectWord('TABLE');
      const name = parseQualifiedName(p);
      p.restOfStatement(); // [ADD|DROP|SYNC PARTITIONS]
      return { kind: 'refreshTable', pos, name };
    }
    case 'TRUNCATE': {
      p.next();
      p.expectWord('TABLE');
      return { kind: 'truncateTable', pos, name: parseQualifiedName(p) };
    }
    case 'ALTER':
      if (p.isAnyWord(['DATABASE', 'SCHEMA', 'NAMESPACE'], 1)) return parseAlterDatabase(p);
      return isRoleStatement(p) ? parseRoleStatement(p) : parseAlterTable(p);
    case 'PREPARE': return parsePrepare(p);
    case 'EXECUTE': case 'EXEC': {
      p.next();
      const name = p.expectIdentifier('a prepared statement name');
      let args: ast.Expr[] = [];
      if (p.acceptOp('(') && !p.acceptOp(')')) {
        args = parseExpressionList(p);
        p.expectOp(')');
      }
      return { kind: 'executePrepared', pos, name, args };
    }
    case 'DEALLOCATE': {
      p.next();
      p.acceptWord('PREPARE');
      return { kind: 'deallocate', pos, name: p.acceptWord('ALL') ? undefined : p.expectIdentifier('a prepared statement name') };
    }
    case 'DECLARE': return parseDeclareCursor(p);
    case 'FETCH': case 'MOVE': return parseFetch(p);
    case 'CLOSE': {
      p.next();
      return { kind: 'closeCursor', pos, name: p.acceptWord('ALL') ? undefined : p.expectIdentifier('a cursor name') };
    }
    case 'DISCARD': {
      p.next();
      const what = p.expectAnyName().toUpperCase();
      if (!['ALL', 'PLANS', 'SEQUENCES', 'TEMP', 'TEMPORARY'].includes(what)) throw p.unexpected('ALL, PLANS, SEQUENCES or TEMP');
      return { kind: 'discard', pos, what: what === 'TEMPORARY' ? 'TEMP' : what as 'ALL' | 'PLANS' | 'SEQUENCES' | 'TEMP' };
    }
    case 'COPY': return parseCopy(p);
    case 'ANALYZE': {
      p.next();
      p.expectWord('TABLE');
      const name = parseQualifiedName(p);
      if (p.acceptWord('PARTITION')) {
        p.expectOp('(');
        do {
          p.expectAnyName();
          if (p.acceptOp('=')) parseExpression(p);
        } while (p.acceptOp(','));
        p.expectOp(')');
      }
      p.expectWord('COMPUTE');
      p.expectWord('STATISTICS');
      let columns: string[] | 'all' | undefined;
      let noscan = false;
      if (p.acceptWord('FOR')) {
        if (p.acceptWords('ALL', 'COLUMNS')) columns = 'all';
        else {
          p.expectWord('COLUMNS');
          columns = [];
          do columns.push(p.expectIdentifier('a column'));
          while (p.acceptOp(','));
        }
      } else noscan = p.acceptWord('NOSCAN');
      return { kind: 'analyzeTable', pos, name, ...(noscan ? { noscan } : {}), ...(columns ? { columns } : {}) };
    }
    case 'CACHE': case 'UNCACHE': case 'CLEAR': return parseCache(p);
    case 'SET': return parseSet(p);
    case 'RESET': return parseReset(p);
    case 'BEGIN': case 'START': case 'COMMIT': case 'END': case 'ROLLBACK': case 'ABORT': return parseTransaction(p);
    case 'CALL': {
      p.next();
      const name = parseQualifiedName(p);
      p.expectOp('(');
      const args: ast.Expr[] = [];
      const argNames: (string | undefined)[] = [];
      if (!p.acceptOp(')')) {
        do {
          const named = p.isIdentifier() && p.isOp('=>', 1);
          argNames.push(named ? p.expectIdentifier('an argument name').toLowerCase() : undefined);
          if (named) p.expectOp('=>');
          args.push(parseExpression(p));
        } while (p.acceptOp(','));
        p.expectOp(')');
      }
      return { kind: 'call', pos, name, args, argNames };
    }
    case 'LIST': {
      p.next();
      if (p.peek().kind !== 'string') throw notSupported(`LIST ${p.peek().text.toUpperCase()}`, p.position);
      const path = p.expectString();
      if (!p.acceptWord('LIMIT')) return { kind: 'listFiles', pos, path };
      const limit = Number(p.next().text);
      if (!Number.isInteger(limit) || limit < 0) throw p.unexpected('a row count');
      return { kind: 'listFiles', pos, path, limit };
    }
    case 'USE': {
      p.next();
      if (p.isAnyWord(['DATABASE', 'SCHEMA', 'NAMESPACE']) && p.isIdentifier(1)) p.next();
      return { kind: 'use', pos, database: p.expectIdentifier('a database name') };
    }
    default: throw p.unexpected();
  }
}

function parseQualifiedName(p: Cursor): ast.QualifiedName {
  const pos = p.position;
  const parts = [p.expectIdentifier('a name')];
  while (p.acceptOp('.')) parts.push(p.expectAnyName());
  return { pos, parts };
}

function parseCreate(p: Cursor): ast.Statement {
  const pos = p.next().pos;
  const orReplace = p.acceptWords('OR', 'REPLACE');
  const external = p.acceptWord('EXTERNAL');
  if (p.isAnyWord(['DATABASE', 'SCHEMA', 'NAMESPACE'])) {
    p.next();
    const ifNotExists = p.acceptWords('IF', 'NOT', 'EXISTS');
    const name = p.expectIdentifier('a database name');
    let comment: string | undefined, location: string | undefined, collation: string | undefined;
    let properties: ast.Property[] | undefined;
    for (;;) {
      if (p.acceptWord('COMMENT')) comment = p.expectString();
      else if (p.acceptWord('LOCATION')) location = p.expectString();
      else if (p.acceptWords('WITH', 'DBPROPERTIES') || p.acceptWord('DBPROPERTIES')) properties = parseProperties(p);
      else if (p.acceptWords('DEFAULT', 'COLLATION')) collation = p.expectAnyName();
      else break;
    }
    return { kind: 'createDatabase', pos, name, ifNotExists, comment, location, ...(properties ? { properties } : {}), ...(collation ? { collation } : {}) };
  }
  if (p.acceptWord('MODEL')) {
    const ifNotExists = p.acceptWords('IF', 'NOT', 'EXISTS');
    const name = parseQualifiedName(p);
    p.expectWord('FROM');
    return { kind: 'createModel', pos, name, path: p.expectString('the model directory'), orReplace, ifNotExists };
  }
  // GLOBAL TEMPORARY views live in the `global_temp` database, shared by sessions until the server stops.
  const global = p.isWord('GLOBAL') && (p.isWord('TEMPORARY', 1) || p.isWord('TEMP', 1)) ? (p.next(), true) : false;
  const temporary = p.acceptWord('TEMPORARY') || p.acceptWord('TEMP');
  if (p.acceptWord('VIEW')) {
    const view = parseCreateView(p, pos, orReplace, temporary);
    return global && view.kind === 'createView' ? { ...view, global } : view;
  }
  if (global) throw p.unexpected('VIEW');
  if (p.acceptWord('FUNCTION')) {
    p.acceptWords('IF', 'NOT', 'EXISTS');
    const name = parseQualifiedName(p);
    p.expectWord('AS');
    const className = p.expectString('a class name');
    if (p.acceptWord('USING')) {
      do {
        if (!p.isAnyWord(['JAR', 'FILE', 'ARCHIVE'])) throw p.unexpected('JAR, FILE or ARCHIVE');
        p.next();
        p.expectString('a resource URI');
      } while (p.acceptOp(','));
    }
    return { kind: 'createFunction', pos, name, className };
  }
  if (temporary) throw notSupported('CREATE TEMPORARY TABLE', p.position);
  p.expectWord('TABLE');
  const ifNotExists = p.acceptWords('IF', 'NOT', 'EXISTS');
  const name = parseQualifiedName(p);
  if (p.acceptWord('LIKE')) {
    const source = parseQualifiedName(p);
    let using: string | undefined, location: string | undefined;
    for (;;) {
      if (p.acceptWord('USING')) using = p.expectAnyName().toLowerCase();
      else if (p.acceptWord('LOCATION')) location = p.expectString();
      else break;
    }
    return { kind: 'createTableLike', pos, name, source, ifNotExists, using, location };
  }
  const columns: ast.ColumnDefinition[] = [];
  if (p.isOp('(') && !startsQuery(p)) {
    p.next();
    do columns.push(parseColumnDefinition(p));
    while (p.acceptOp(','));
    p.expectOp(')');
  }
  let using: string | undefined, location: string | undefined, comment: string | undefined;
  let options: ast.Property[] = [], properties: ast.Property[] = [];
  let clusteredBy: ast.CreateTable['clusteredBy'];
  const partitionedBy: string[] = [];
  // Spark accepts the table clauses in any order, each at most once.
  for (;;) {
    if (p.acceptWord('USING') || p.acceptWords('STORED', 'AS')) using = p.expectAnyName().toLowerCase();
    else if (p.acceptWord('OPTIONS')) options = parseProperties(p);
    else if (p.acceptWords('PARTITIONED', 'BY')) partitionedBy.push(...parsePartitionColumns(p, columns));
    else if (p.acceptWord('LOCATION')) location = p.expectString();
    else if (p.acceptWord('COMMENT')) comment = p.expectString();
    else if (p.acceptWord('TBLPROPERTIES')) properties = parseProperties(p);
    else if (p.acceptWords('CLUSTERED', 'BY')) clusteredBy = parseBucketing(p);
    else if (p.isWord('ROW') || p.isWord('SKEWED')) throw notSupported(p.peek().text.toUpperCase(), p.position);
    else break;
  }
  let asQuery: ast.Query | undefined;
  if (p.acceptWord('AS') || startsQuery(p)) asQuery = parseQuery(p);
  return {
    kind: 'createTable', pos, name, orReplace, external, ifNotExists, columns, using, options, partitionedBy, location, comment, properties,
    asQuery, clusteredBy,
  };
}

/** After CLUSTERED BY: `(cols) [SORTED BY (col [ASC|DESC], …)] INTO n BUCKETS`. */
function parseBucketing(p: Cursor): { columns: string[]; buckets: number } {
  const columns = parseIdentifierList(p);
  if (p.acceptWords('SORTED', 'BY')) {
    p.expectOp('(');
    do {
      p.expectIdentifier('a column');
      if (!p.acceptWord('ASC')) p.acceptWord('DESC');
    } while (p.acceptOp(','));
    p.expectOp(')');
  }
  p.expectWord('INTO');
  const count = p.peek();
  if (count.kind !== 'number' || !/^\d+$/.test(count.value) || Number(count.value) < 1) throw p.unexpected('a number of buckets');
  p.next();
  p.expectWord('BUCKETS');
  return { columns, buckets: Number(count.value) };
}

function parseCreateView(p: Cursor, pos: number, orReplace: boolean, temporary: boolean): ast.Statement {
  const ifNotExists = p.acceptWords('IF', 'NOT', 'EXISTS');
  const name = parseQualifiedName(p);
  let columns: string[] | undefined;
  if (temporary && p.isOp('(') && p.peek(2).kind === 'word' && !p.isWord('COMMENT', 2)) return parseTemporaryDataSourceView(p, pos, name, orReplace);
  if (temporary && p.isWord('USING')) return parseTemporaryPathView(p, pos, name, orReplace);
  if (p.isOp('(')) {
    // Column names, each optionally with a COMMENT.
    p.next();
    columns = [];
    do {
      columns.push(p.expectIdentifier('a column name'));
      if (p.acceptWord('COMMENT')) p.expectString();
    } while (p.acceptOp(','));
    p.expectOp(')');
  }
  let comment: string | undefined;
  for (;;) {
    if (p.acceptWord('COMMENT')) comment = p.expectString();
    else if (p.acceptWord('TBLPROPERTIES')) parseProperties(p);
    else break;
  }
  p.expectWord('AS');
  const start = p.position;
  const query = parseQuery(p);
  return { kind: 'createView', pos, name, orReplace, ifNotExists, temporary, columns, comment, query, queryText: p.sql.slice(start, p.previous().end) };
}

/**
 * `CREATE TEMPORARY VIEW v USING csv|json|parquet OPTIONS (path 'dbfs:/…')`: the files at the path,
 * as ``SELECT * FROM csv.`path` ``. Reader options beyond the path, and other data sources, parse
 * but are refused when run (their rows would be read wrongly without them).
 */
function parseTemporaryPathView(p: Cursor, pos: number, name: ast.QualifiedName, orReplace: boolean): ast.Statement {
  p.expectWord('USING');
  const source = p.expectAnyName();
  const parts = [source];
  while (p.acceptOp('.')) parts.push(p.expectAnyName());
  const format = parts.join('.').toLowerCase();
  const options = p.acceptWord('OPTIONS') ? parseProperties(p) : [];
  const path = options.find((o) => o.key.toLowerCase() === 'path')?.value;
  let unsupported: string | undefined;
  if (!['csv', 'json', 'parquet', 'text'].includes(format)) unsupported = `Temporary views over the data source ${parts.join('.')}`;
  else if (path === undefined) unsupported = 'Temporary data source views without a path option';
  else if (options.length > 1) unsupported = `Reader options of temporary data source views (use CREATE TABLE … USING ${format} OPTIONS (…) LOCATION '…')`;
  const queryText = `SELECT * FROM ${unsupported ? 'VALUES (1)' : `${format}.\`${(path ?? '').replace(/`/g, '``')}\``}`;
  const query = parseQuery(new Cursor(queryText));
  return { kind: 'createView', pos, name, orReplace, ifNotExists: false, temporary: true, query, queryText, ...(unsupported ? { unsupported } : {}) };
}

/**
 * `CREATE TEMPORARY VIEW v (col type, …) USING fmt` without a path: Spark's data source view over
 * no files, an empty relation with these columns. Written here as the query that yields it.
 */
function parseTemporaryDataSourceView(p: Cursor, pos: number, name: ast.QualifiedName, orReplace: boolean): ast.Statement {
  p.expectOp('(');
  const columns: ast.ColumnDefinition[] = [];
  do columns.push(parseColumnDefinition(p));
  while (p.acceptOp(','));
  p.expectOp(')');
  p.expectWord('USING');
  p.expectAnyName();
  if (p.acceptWord('OPTIONS')) {
    const options = parseProperties(p);
    if (options.some((o) => o.key.toLowerCase() === 'path')) throw notSupported('temporary views over a path', pos);
  }
  const queryText = `SELECT ${columns.map((c) => `CAST(NULL AS ${c.type.text}) AS \`${c.name.replace(/`/g, '``')}\``).join(', ')} WHERE false`;
  const query = parseQuery(new Cursor(queryText));
  return { kind: 'createView', pos, name, orReplace, ifNotExists: false, temporary: true, columns: undefined, comment: undefined, query, queryText };
}

function parseColumnDefinition(p: Cursor): ast.ColumnDefinition {
  const pos = p.position;
  const name = p.expectAnyName();
  const type = parseTypeName(p);
  let nullable = true;
  let comment: string | undefined, defaultSql: string | undefined;
  for (;;) {
    if (p.acceptWords('NOT', 'NULL')) nullable = false;
    else if (p.acceptWord('COMMENT')) comment = p.expectString();
    else if (p.acceptWord('DEFAULT')) {
      const start = p.position;
      parseExpression(p);
      defaultSql = p.sql.slice(start, p.previous().end);
    } else break;
  }
  return { pos, name, type, nullable, comment, ...(defaultSql !== undefined ? { defaultSql } : {}) };
}

/** `(a, b)` names, or Hive's `(a STRING, b INT)`, whose columns join the column list. */
function parsePartitionColumns(p: Cursor, columns: ast.ColumnDefinition[]): string[] {
  p.expectOp('(');
  const names: string[] = [];
  do {
    if (p.peek(1).kind === 'word' && !p.isOp(',', 1) && !p.isOp(')', 1)) {
      const column = parseColumnDefinition(p);
      columns.push(column);
      names.push(column.name);
    } else {
      names.push(p.expectAnyName());
    }
  } while (p.acceptOp(','));
  p.expectOp(')');
  return names;
}

/** `(key = value, 'k' 'v', a.b.c = 1)`; with `keysOnly`, `('k1', k2)`. */
function parseProperties(p: Cursor, keysOnly = false): ast.Property[] {
  p.expectOp('(');
  const result: ast.Property[] = [];
  if (p.acceptOp(')')) return result;
  do {
    const pos = p.position;
    let key = p.peek().kind === 'string' ? p.expectString() : p.expectAnyName();
    while (p.acceptOp('.')) key += `.${p.expectAnyName()}`;
    if (keysOnly) {
      result.push({ pos, key, value: '' });
      continue;
    }
    p.acceptOp('=');
    const t = p.peek();
    let value: string;
    if (t.kind === 'string') value = p.expectString();
    else if (t.kind === 'quoted' && t.text.startsWith('"')) value = p.next().value; // Spark's "double-quoted" string
    else if (t.kind === 'number' || t.kind === 'word') value = p.next().text;
    else throw p.unexpected('a property value');
    result.push({ pos, key, value });
  } while (p.acceptOp(','));
  p.expectOp(')');
  return result;
}

function parseInsertDirectory(p: Cursor): ast.InsertDirectory {
  const pos = p.next().pos;
  p.expectWord('OVERWRITE');
  const local = p.acceptWord('LOCAL');
  p.expectWord('DIRECTORY');
  const path = p.peek().kind === 'string' ? p.expectString() : undefined;
  p.expectWord('USING');
  const format = p.expectAnyName();
  const options = p.acceptWord('OPTIONS') ? parseProperties(p) : [];
  if (!startsQuery(p)) throw p.unexpected('a query or VALUES');
  return { kind: 'insertDirectory', pos, local, ...(path !== undefined ? { path } : {}), format, options, query: parseQuery(p) };
}

function parseInsert(p: Cursor): ast.InsertInto {
  const pos = p.next().pos;
  let overwrite = false;
  if (p.acceptWord('OVERWRITE')) overwrite = true;
  else p.expectWord('INTO');
  p.acceptWord('TABLE');
  const table = parseQualifiedName(p);
  let partition: { column: string; value?: ast.Expr }[] | undefined;
  if (p.acceptWord('PARTITION')) {
    p.expectOp('(');
    partition = [];
    do {
      const column = p.expectAnyName();
      partition.push({ column, value: p.acceptOp('=') ? parseExpression(p) : undefined });
    } while (p.acceptOp(','));
    p.expectOp(')');
  }
  p.acceptWords('IF', 'NOT', 'EXISTS');
  const byName = p.acceptWords('BY', 'NAME');
  const columns = !byName && p.isOp('(') && !startsQuery(p) ? parseIdentifierList(p) : undefined;
  if (!startsQuery(p)) throw p.unexpected('a query or VALUES');
  return { kind: 'insert', pos, table, overwrite, columns, partition, byName, query: parseQuery(p) };
}

function parseDrop(p: Cursor): ast.Statement {
  const pos = p.next().pos;
  if (p.acceptWord('MODEL')) {
    const ifExists = p.acceptWords('IF', 'EXISTS');
    return { kind: 'dropModel', pos, name: parseQualifiedName(p), ifExists };
  }
  if (p.isAnyWord(['DATABASE', 'SCHEMA', 'NAMESPACE'])) {
    p.next();
    const ifExists = p.acceptWords('IF', 'EXISTS');
    const name = p.expectIdentifier('a database name');
    const cascade = p.acceptWord('CASCADE');
    if (!cascade) p.acceptWord('RESTRICT');
    return { kind: 'dropDatabase', pos, name, ifExists, cascade };
  }
  const isView = p.acceptWord('VIEW');
  if (!isView) p.expectWord('TABLE');
  const ifExists = p.acceptWords('IF', 'EXISTS');
  const name = parseQualifiedName(p);
  p.acceptWord('PURGE');
  return { kind: 'dropTable', pos, name, ifExists, isView };
}

/** `ALTER DATABASE db SET DBPROPERTIES|PROPERTIES (…)`. */
function parseAlterDatabase(p: Cursor): ast.Statement {
  const pos = p.next().pos;
  p.next();
  const name = p.expectIdentifier('a database name');
  p.expectWord('SET');
  if (!p.acceptWord('DBPROPERTIES')) p.expectWord('PROPERTIES');
  return { kind: 'alterDatabase', pos, name, properties: parseProperties(p) };
}

function parseShow(p: Cursor): ast.Statement {
  const pos = p.next().pos;
  if (p.acceptWord('MOUNTS')) return { kind: 'showMounts', pos };
  if (p.acceptWord('MODELS')) {
    const database = p.acceptWord('FROM') || p.acceptWord('IN') ? p.expectIdentifier('a database name') : undefined;
    return { kind: 'showModels', pos, database };
  }
  if (p.isWord('TABLE') && p.isWord('EXTENDED', 1)) {
    p.next();
    p.next();
    const database = p.acceptWord('FROM') || p.acceptWord('IN') ? p.expectIdentifier('a database name') : undefined;
    p.expectWord('LIKE');
    const pattern = parsePattern(p);
    const partition = p.acceptWord('PARTITION') ? parsePartitionSpec(p) : undefined;
    return { kind: 'showTables', pos, database, pattern, extended: true, ...(partition ? { partition } : {}) };
  }
  if (p.isWord('TABLES') || p.isWord('VIEWS')) {
    const viewsOnly = p.next().value.toUpperCase() === 'VIEWS';
    const database = p.acceptWord('FROM') || p.acceptWord('IN') ? p.expectIdentifier('a database name') : undefined;
    return { kind: 'showTables', pos, database, pattern: parsePattern(p), viewsOnly };
  }
  if (p.acceptWord('DATABASES') || p.acceptWord('SCHEMAS') || p.acceptWord('NAMESPACES')) {
    return { kind: 'showDatabases', pos, pattern: parsePattern(p) };
  }
  if (p.acceptWord('PARTITIONS')) return { kind: 'showPartitions', pos, name: parseQualifiedName(p) };
  if (p.acceptWord('TBLPROPERTIES')) {
    const name = parseQualifiedName(p);
    if (!p.acceptOp('(')) return { kind: 'showTblProperties', pos, name };
    let key = p.peek().kind === 'string' ? p.expectString() : p.expectAnyName();
    while (p.acceptOp('.')) key += `.${p.expectAnyName()}`;
    p.expectOp(')');
    return { kind: 'showTblProperties', pos, name, key };
  }
  if (p.acceptWord('COLUMNS')) {
    if (!p.acceptWord('FROM')) p.expectWord('IN');
    const name = parseQualifiedName(p);
    // `SHOW COLUMNS IN t IN db` names the database last.
    if (p.acceptWord('FROM') || p.acceptWord('IN')) return { kind: 'showColumns', pos, name: { pos: name.pos, parts: [p.expectIdentifier('a database name'), ...name.parts] } };
    return { kind: 'showColumns', pos, name };
  }
  if (p.acceptWords('CREATE', 'TABLE')) {
    const name = parseQualifiedName(p);
    return { kind: 'showCreateTable', pos, name, ...(p.acceptWords('AS', 'SERDE') ? { asSerde: true } : {}) };
  }
  if (p.isAnyWord(['USER', 'SYSTEM', 'ALL']) && p.isWord('FUNCTIONS', 1)) p.next();
  if (p.acceptWord('FUNCTIONS')) {
    // `SHOW FUNCTIONS trim` and `SHOW FUNCTIONS db.trim` name one function; a string is a pattern.
    if (p.isIdentifier()) {
      const parts = [p.next().value];
      while (p.acceptOp('.')) parts.push(p.expectAnyName());
      return { kind: 'showFunctions', pos, pattern: parts[parts.length - 1] };
    }
    return { kind: 'showFunctions', pos, pattern: parsePattern(p) };
  }
  return parseShowVariable(p, pos);
}

/** `[LIKE] 'pattern'`; Spark also takes a double-quoted pattern here. */
function parsePattern(p: Cursor): string | undefined {
  const like = p.acceptWord('LIKE');
  if (p.peek().kind === 'string') return p.expectString();
  if (p.peek().kind === 'quoted' && p.peek().text.startsWith('"')) return p.next().value;
  if (like) throw p.unexpected('a pattern string');
  return undefined;
}

function parseCache(p: Cursor): ast.Statement {
  const pos = p.position;
  const verb = p.next().value.toUpperCase();
  if (verb === 'CLEAR') {
    p.expectWord('CACHE');
    return { kind: 'cacheTable', pos, action: 'clear' };
  }
  if (verb === 'UNCACHE') {
    p.expectWord('TABLE');
    const ifExists = p.acceptWords('IF', 'EXISTS');
    return { kind: 'cacheTable', pos, action: 'uncache', name: parseQualifiedName(p), ifExists };
  }
  const lazy = p.acceptWord('LAZY');
  p.expectWord('TABLE');
  const name = parseQualifiedName(p);
  if (p.acceptWord('OPTIONS')) parseProperties(p);
  p.acceptWord('AS');
  if (p.atEnd() || p.isOp(';')) return { kind: 'cacheTable', pos, action: 'cache', name, ...(lazy ? { lazy } : {}) };
  const start = p.position;
  const query = parseQuery(p);
  const view: ast.CreateView = {
    kind: 'createView', pos, name, orReplace: false, ifNotExists: false, temporary: true, query, queryText: p.sql.slice(start, p.previous().end),
  };
  return { kind: 'cacheTable', pos, action: 'cache', name, view };
}

function parsePrepare(p: Cursor): ast.Statement {
  const pos = p.next().pos;
  const name = p.expectIdentifier('a prepared statement name');
  const parameterTypes: ast.TypeName[] = [];
  if (p.acceptOp('(')) {
    do parameterTypes.push(parseTypeName(p));
    while (p.acceptOp(','));
    p.expectOp(')');
  }
  p.expectWord('AS');
  return { kind: 'prepare', pos, name, parameterTypes, statement: parseStatement(p) };
}

function parseDeclareCursor(p: Cursor): ast.Statement {
  const pos = p.next().pos;
  const name = p.expectIdentifier('a cursor name');
  p.acceptWord('BINARY');
  p.acceptWord('INSENSITIVE');
  if (p.acceptWord('NO')) p.expectWord('SCROLL');
  else p.acceptWord('SCROLL');
  p.expectWord('CURSOR');
  let hold = false;
  if (p.acceptWord('WITH')) { p.expectWord('HOLD'); hold = true; }
  else if (p.acceptWord('WITHOUT')) p.expectWord('HOLD');
  p.expectWord('FOR');
  const query = parseQuery(p);
  return { kind: 'declareCursor', pos, name, hold, query, queryText: p.sql.slice(pos, p.previous().end) };
}

/** FETCH/MOVE [FORWARD|NEXT] [n|ALL] [FROM|IN] name; only forward fetching. */
function parseFetch(p: Cursor): ast.Statement {
  const t = p.next();
  const move = t.value.toUpperCase() === 'MOVE';
  let count: number | null = 1;
  if (p.acceptWord('NEXT')) count = 1;
  else if (p.isAnyWord(['PRIOR', 'FIRST', 'LAST', 'ABSOLUTE', 'RELATIVE', 'BACKWARD'])) throw notSupported(`FETCH ${p.peek().text.toUpperCase()}`, p.position);
  else {
    p.acceptWord('FORWARD');
    if (p.acceptWord('ALL')) count = null;
    else if (p.peek().kind === 'number') count = Number(p.next().value);
  }
  if (!p.acceptWord('FROM')) p.acceptWord('IN');
  return { kind: 'fetch', pos: t.pos, name: p.expectIdentifier('a cursor name'), count, move };
}

function parseAlterTable(p: Cursor): ast.Statement {
  const pos = p.next().pos;
  p.expectWord('TABLE');
  const name = parseQualifiedName(p);
  if (p.acceptWords('RENAME', 'TO')) return { kind: 'alterTable', pos, name, action: { kind: 'rename', to: parseQualifiedName(p) } };
  if (p.acceptWords('ADD', 'COLUMNS') || p.acceptWords('ADD', 'COLUMN')) {
    const parenthesised = p.acceptOp('(');
    const columns: ast.ColumnDefinition[] = [];
    do columns.push(parseColumnDefinition(p));
    while (p.acceptOp(','));
    if (parenthesised) p.expectOp(')');
    return { kind: 'alterTable', pos, name, action: { kind: 'addColumns', columns } };
  }
  if (p.acceptWords('SET', 'TBLPROPERTIES')) return { kind: 'alterTable', pos, name, action: { kind: 'setProperties', properties: parseProperties(p) } };
  if (p.acceptWords('RECOVER', 'PARTITIONS')) return { kind: 'refreshTable', pos, name };
  if (p.isWord('ADD') && (p.isWord('PARTITION', 1) || p.isWord('IF', 1))) {
    p.next();
    const ifNotExists = p.acceptWords('IF', 'NOT', 'EXISTS');
    const partitions: ast.PartitionSpec[] = [];
    const locations: (string | undefined)[] = [];
    while (p.acceptWord('PARTITION')) {
      partitions.push(parsePartitionSpec(p));
      locations.push(p.acceptWord('LOCATION') ? p.expectString() : undefined);
    }
    return { kind: 'alterTable', pos, name, action: { kind: 'addPartitions', partitions, ifNotExists, locations } };
  }
  if (p.acceptWord('PARTITION')) {
    const from = parsePartitionSpec(p);
    p.expectWord('RENAME');
    p.expectWord('TO');
    p.expectWord('PARTITION');
    return { kind: 'alterTable', pos, name, action: { kind: 'renamePartition', from, to: parsePartitionSpec(p) } };
  }
  if (p.isWord('CHANGE') || (p.isWord('ALTER') && !p.isWord('VIEW', 1))) {
    p.next();
    p.acceptWord('COLUMN');
    const column = p.expectAnyName();
    let type: ast.TypeName | undefined, comment: string | undefined;
    // CHANGE names the column again when it renames it: `CHANGE c c INT`.
    if (p.isIdentifier() && p.peek().value.toLowerCase() === column.toLowerCase() && !p.isWord('TYPE') && !p.isWord('COMMENT')) p.next();
    for (;;) {
      if (p.acceptWord('COMMENT')) comment = p.expectString();
      else if (p.acceptWord('TYPE') || (!type && p.peek().kind === 'word' && !p.isAnyWord(['FIRST', 'AFTER']))) type = parseTypeName(p);
      else if (p.acceptWord('FIRST')) continue;
      else if (p.acceptWord('AFTER')) p.expectAnyName();
      else break;
    }
    return { kind: 'alterTable', pos, name, action: { kind: 'changeColumn', column, type, comment } };
  }
  if (p.acceptWord('DROP')) {
    const ifExists = p.acceptWords('IF', 'EXISTS');
    const partitions: ast.PartitionSpec[] = [];
    do {
      p.expectWord('PARTITION');
      partitions.push(parsePartitionSpec(p));
    } while (p.acceptOp(','));
    p.acceptWord('PURGE');
    return { kind: 'alterTable', pos, name, action: { kind: 'dropPartitions', partitions, ifExists } };
  }
  if (p.acceptWords('UNSET', 'TBLPROPERTIES')) {
    const ifExists = p.acceptWords('IF', 'EXISTS');
    return { kind: 'alterTable', pos, name, action: { kind: 'unsetProperties', keys: parseProperties(p, true).map((k) => k.key), ifExists } };
  }
  throw notSupported(`ALTER TABLE … ${p.peek().text.toUpperCase()}`, p.position);
}

function parsePartitionSpec(p: Cursor): ast.PartitionSpec {
  p.expectOp('(');
  const spec: { column: string; value: ast.Expr }[] = [];
  do {
    const column = p.expectAnyName();
    p.expectOp('=');
    spec.push({ column, value: parseExpression(p) });
  } while (p.acceptOp(','));
  p.expectOp(')');
  return spec;
}

function parseDescribe(p: Cursor): ast.Statement {
  const pos = p.next().pos;
  if (p.isAnyWord(['DATABASE', 'SCHEMA', 'NAMESPACE']) && p.peek(1).kind !== 'eof') {
    p.next();
    const extended = p.acceptWord('EXTENDED');
    return { kind: 'describeDatabase', pos, name: p.expectIdentifier('a database name'), extended };
  }
  if (p.acceptWord('MODEL')) return { kind: 'describeModel', pos, name: parseQualifiedName(p) };
  if (p.acceptWord('FUNCTION')) {
    const extended = p.acceptWord('EXTENDED');
    const parts = [p.expectAnyName()];
    while (p.acceptOp('.')) parts.push(p.expectAnyName());
    return { kind: 'describeFunction', pos, name: parts[parts.length - 1], extended };
  }
  if (p.isWord('QUERY') && startsQuery(p, 1)) p.next();
  else if (p.isWord('TABLE')) p.next(); // DESCRIBE TABLE t, not the query TABLE t
  if (startsQuery(p)) return { kind: 'describeQuery', pos, query: parseQuery(p) };
  let extended = false;
  if ((p.isWord('EXTENDED') || p.isWord('FORMATTED')) && p.isIdentifier(1)) {
    p.next();
    extended = true;
  }
  const name = parseQualifiedName(p);
  const partition = p.acceptWord('PARTITION') ? parsePartitionSpec(p) : undefined;
  const column = !partition && p.isIdentifier() ? p.next().value : undefined;
  return { kind: 'describeTable', pos, name, extended, ...(partition ? { partition } : {}), ...(column ? { column } : {}) };
}

function parseExplain(p: Cursor): ast.Statement {
  const pos = p.next().pos;
  let mode: ast.Explain['mode'] = 'SIMPLE';
  for (const m of ['EXTENDED', 'FORMATTED', 'CODEGEN', 'COST', 'ANALYZE'] as const) {
    if (p.acceptWord(m)) { mode = m; break; }
  }
  return { kind: 'explain', pos, mode, statement: parseStatement(p) };
}
