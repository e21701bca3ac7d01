// Queries: WITH, SELECT blocks, set operations (INTERSECT binds tighter than UNION and EXCEPT),
// VALUES, FROM with joins and aliases, ORDER BY, LIMIT and OFFSET.

import { QuarryError, SqlState, notSupported, syntaxError } from '../common/errors.js';
import * as ast from './ast.js';
import { Cursor } from './cursor.js';
import { parseExpression, parseExpressionList, parseWindowSpec } from './expressions.js';

/** Whether a query starts `offset` tokens ahead. */
export function startsQuery(p: Cursor, offset = 0): boolean {
  if (p.isAnyWord(['SELECT', 'WITH', 'VALUES', 'FROM'], offset)) return true;
  if (p.isWord('TABLE', offset) && p.isIdentifier(offset + 1)) return true;
  // `((SELECT …))`: look through opening parentheses.
  let k = offset;
  while (p.isOp('(', k)) k++;
  return k > offset && (p.isAnyWord(['SELECT', 'VALUES'], k) || startsWithClause(p, k));
}

/** `WITH [RECURSIVE] name [(…)] AS (`: not a column named `with` (`CREATE TABLE t (with int)`). */
function startsWithClause(p: Cursor, k: number): boolean {
  if (!p.isWord('WITH', k)) return false;
  if (p.isWord('RECURSIVE', k + 1)) return true;
  return p.isIdentifier(k + 1) && (p.isWord('AS', k + 2) || p.isOp('(', k + 2) || p.isWord('MAX', k + 2));
}

export function parseQuery(p: Cursor): ast.Query {
  return p.nested(() => {
    const pos = p.position;
    const ctes = parseWithClause(p);
    const body = parseSetOperations(p, 0);
    const orderBy: ast.SortItem[] = [];
    if (p.acceptWord('ORDER')) {
      p.expectWord('BY');
      do orderBy.push(parseSortItem(p));
      while (p.acceptOp(','));
    }
    let limit: ast.Expr | undefined, offset: ast.Expr | undefined;
    for (;;) {
      if (!limit && p.acceptWord('LIMIT')) {
        limit = p.acceptWord('ALL') ? undefined : parseExpression(p);
        continue;
      }
      if (!offset && p.acceptWord('OFFSET')) {
        offset = parseExpression(p);
        p.acceptWord('ROWS') || p.acceptWord('ROW');
        continue;
      }
      break;
    }
    if (p.isAnyWord(['SORT', 'CLUSTER', 'DISTRIBUTE']) && p.isWord('BY', 1)) throw notSupported(`${p.peek().text} BY`, p.position);
    return { kind: 'query', pos, with: ctes, body, orderBy, limit, offset };
  });
}

/** `WITH [RECURSIVE] name AS (query), …`, or nothing. */
export function parseWithClause(p: Cursor): ast.CommonTableExpr[] {
  const ctes: ast.CommonTableExpr[] = [];
  if (p.acceptWord('WITH')) {
    const recursive = p.acceptWord('RECURSIVE');
    do ctes.push(parseCommonTableExpr(p, recursive));
    while (p.acceptOp(','));
  }
  return ctes;
}

function parseCommonTableExpr(p: Cursor, recursive: boolean): ast.CommonTableExpr {
  const pos = p.position;
  const name = p.expectIdentifier('a name for the common table expression');
  const columns = p.isOp('(') ? parseIdentifierList(p) : undefined;
  let maxRecursionLevel: number | undefined;
  if (p.acceptWords('MAX', 'RECURSION', 'LEVEL')) {
    const level = p.next();
    if (level.kind !== 'number' || !/^\d+$/.test(level.text) || Number(level.text) === 0) throw syntaxError('MAX RECURSION LEVEL needs a whole number above 0', level.pos);
    maxRecursionLevel = Number(level.text);
  }
  p.acceptWord('AS');
  p.expectOp('(');
  const query = parseQuery(p);
  p.expectOp(')');
  const cte: ast.CommonTableExpr = { pos, name, columns, query };
  return { ...cte, ...(recursive ? { recursive } : {}), ...(maxRecursionLevel !== undefined ? { maxRecursionLevel } : {}) };
}

export function parseIdentifierList(p: Cursor): string[] {
  p.expectOp('(');
  const names = [p.expectIdentifier()];
  while (p.acceptOp(',')) names.push(p.expectIdentifier());
  p.expectOp(')');
  return names;
}

const SET_OPERATORS: Record<string, [number, ast.SetOperation['op']]> = {
  UNION: [1, 'UNION'], EXCEPT: [1, 'EXCEPT'], MINUS: [1, 'EXCEPT'], INTERSECT: [2, 'INTERSECT'],
};

function parseSetOperations(p: Cursor, minPrecedence: number): ast.QueryBody {
  let left = parseQueryPrimary(p);
  for (;;) {
    const t = p.peek();
    const operator = t.kind === 'word' ? SET_OPERATORS[t.value.toUpperCase()] : undefined;
    if (!operator || operator[0] <= minPrecedence) return left;
    p.next();
    const all = p.acceptWord('ALL');
    if (!all) p.acceptWord('DISTINCT');
    const right = parseSetOperations(p, operator[0]);
    left = { kind: 'setOperation', pos: left.pos, op: operator[1], all, left, right };
  }
}

function parseQueryPrimary(p: Cursor): ast.QueryBody {
  if (p.isWord('SELECT')) return parseSelect(p);
  if (p.isWord('TABLE') && p.isIdentifier(1)) {
    // `TABLE t` is `SELECT * FROM t`.
    const pos = p.next().pos;
    const star: ast.SelectItem = { pos, expr: { kind: 'star', pos } };
    return { kind: 'select', pos, distinct: false, projection: [star], from: [parseRelationPrimary(p)], groupBy: [] };
  }
  if (p.isWord('FROM')) {
    // Hive's FROM-first form: FROM t [, u] SELECT … [WHERE …] …
    p.next();
    const from: ast.Relation[] = [];
    do from.push(parseRelation(p));
    while (p.acceptOp(','));
    return parseSelect(p, from);
  }
  if (p.isWord('VALUES')) {
    // `VALUES (1, 'a') AS t(x, y)`: an inline table with an alias is a relation to select from.
    const values = parseValues(p);
    const alias = parseTableAlias(p);
    if (!alias) return values;
    const star: ast.SelectItem = { pos: values.pos, expr: { kind: 'star', pos: values.pos } };
    return { kind: 'select', pos: values.pos, distinct: false, projection: [star], from: [{ kind: 'valuesRef', pos: values.pos, values, alias }], groupBy: [] };
  }
  if (p.isOp('(')) {
    p.next();
    const query = parseQuery(p);
    p.expectOp(')');
    return query;
  }
  throw p.unexpected('SELECT, VALUES or a parenthesised query');
}

/** A SELECT block; `fromFirst` holds the FROM list of Hive's `FROM t SELECT …`, already read. */
function parseSelect(p: Cursor, fromFirst?: ast.Relation[]): ast.Select {
  const pos = p.expectWord('SELECT').pos;
  const distinct = p.acceptWord('DISTINCT');
  if (!distinct) p.acceptWord('ALL');
  const projection: ast.SelectItem[] = [];
  do projection.push(parseSelectItem(p));
  while (p.acceptOp(','));
  const from: ast.Relation[] = fromFirst ?? [];
  if (!fromFirst && p.acceptWord('FROM')) {
    do from.push(parseRelation(p));
    while (p.acceptOp(','));
  }
  const where = p.acceptWord('WHERE') ? parseExpression(p) : undefined;
  const groupBy: ast.Expr[] = [];
  let groupingSets: number[][] | undefined;
  let groupByAll = false;
  let emptySetInRollupOrCube: ast.Select['emptySetInRollupOrCube'];
  if (p.acceptWord('GROUP')) {
    p.expectWord('BY');
    if (p.isWord('ALL') && !p.isOp('(', 1) && !p.isOp('.', 1)) {
      p.next();
      groupByAll = true;
    } else {
      groupingSets = parseGroupBy(p, groupBy, (at) => { emptySetInRollupOrCube = at; });
    }
  }
  const having = p.acceptWord('HAVING') ? parseExpression(p) : undefined;
  const windows = p.acceptWord('WINDOW') ? parseWindowDefinitions(p) : undefined;
  const qualify = p.acceptWord('QUALIFY') ? parseExpression(p) : undefined;
  const select: ast.Select = { kind: 'select', pos, distinct, projection, from, where, groupBy, groupingSets, emptySetInRollupOrCube, groupByAll, having, qualify };
  return windows ? resolveWindowNames(select, windows) : select;
}

/** `WINDOW w AS (PARTITION BY …), w2 AS (w ORDER BY …)`: each may build on an earlier one. */
function parseWindowDefinitions(p: Cursor): Map<string, ast.WindowSpec> {
  const windows = new Map<string, ast.WindowSpec>();
  do {
    const name = p.expectIdentifier('a window name').toLowerCase();
    p.expectWord('AS');
    windows.set(name, mergeWindow(parseWindowSpec(p), windows));
  } while (p.acceptOp(','));
  return windows;
}

/** A window naming another: the named one's partitioning, ordering and frame, refined by its own. */
function mergeWindow(spec: ast.WindowSpec, windows: ReadonlyMap<string, ast.WindowSpec>): ast.WindowSpec {
  if (spec.name === undefined) return spec;
  const base = windows.get(spec.name.toLowerCase());
  if (!base) throw syntaxError(`[MISSING_WINDOW_SPECIFICATION] Window specification ${spec.name} is not defined in the WINDOW clause.`, spec.pos);
  return {
    pos: spec.pos, partitionBy: base.partitionBy.length > 0 ? base.partitionBy : spec.partitionBy,
    orderBy: spec.orderBy.length > 0 ? spec.orderBy : base.orderBy, frame: spec.frame ?? base.frame,
  };
}

/** The SELECT with every `OVER name` replaced by the window the WINDOW clause defines. */
function resolveWindowNames(select: ast.Select, windows: ReadonlyMap<string, ast.WindowSpec>): ast.Select {
  const resolve = (node: unknown): unknown => {
    if (node === null || typeof node !== 'object' || node instanceof Uint8Array) return node;
    if (Array.isArray(node)) return node.map(resolve);
    const copy: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      copy[key] = key === 'over' && value ? mergeWindow(resolve(value) as ast.WindowSpec, windows) : resolve(value);
    }
    return copy;
  };
  return { ...select, projection: resolve(select.projection) as ast.SelectItem[], qualify: resolve(select.qualify) as ast.Expr | undefined };
}

/**
 * GROUP BY items: expressions, ROLLUP(…), CUBE(…) and GROUPING SETS ((…), …), combined as Spark
 * does (the cross product of the items' sets). Fills `groupBy` with each expression once and
 * returns the sets as indexes into it, or undefined for a plain GROUP BY.
 */
function parseGroupBy(p: Cursor, groupBy: ast.Expr[], onEmptySet: (at: { kind: 'ROLLUP' | 'CUBE'; pos: number }) => void): number[][] | undefined {
  let emptySet: { kind: 'ROLLUP' | 'CUBE'; pos: number } | undefined;
  // The same expression in several sets is one grouping key (matched by its text).
  const seen = new Map<string, number>();
  const indexOf = (e: ast.Expr) => {
    const text = p.sql.slice(e.pos, p.previous().end).replace(/\s+/g, '').toLowerCase();
    let index = seen.get(text);
    if (index === undefined) {
      index = groupBy.push(e) - 1;
      seen.set(text, index);
    }
    return index;
  };
  const list = (): number[] => {
    p.expectOp('(');
    const items: number[] = [];
    if (!p.isOp(')')) {
      do items.push(indexOf(parseExpression(p)));
      while (p.acceptOp(','));
    }
    p.expectOp(')');
    return items;
  };
  // ROLLUP and CUBE elements: an expression, or a parenthesised group of them that moves together.
  const elements = (kind: string, pos: number): number[][] => {
    p.expectOp('(');
    const groups: number[][] = [];
    do groups.push(p.isOp('(') && !startsQuery(p) ? list() : [indexOf(parseExpression(p))]);
    while (p.acceptOp(','));
    p.expectOp(')');
    if (groups.some((g) => g.length === 0)) emptySet ??= { kind: kind as 'ROLLUP' | 'CUBE', pos };
    return groups;
  };
  const rollup = (groups: number[][]) => groups.map((_, i) => groups.slice(0, groups.length - i).flat()).concat([[]]);
  const cube = (groups: number[][]) => Array.from({ length: 1 << groups.length },
    (_, mask) => groups.filter((__, i) => (mask & (1 << (groups.length - 1 - i))) === 0).flat());
  // ROLLUP(…), CUBE(…) or GROUPING SETS(…) starting here, as its sets; null for anything else.
  const analytics = (): number[][] | null => {
    if (p.isAnyWord(['ROLLUP', 'CUBE']) && p.isOp('(', 1)) {
      const word = p.next();
      const kind = word.value.toUpperCase();
      const groups = elements(kind, word.pos);
      return kind === 'ROLLUP' ? rollup(groups) : cube(groups);
    }
    if (p.isWord('GROUPING') && p.isWord('SETS', 1)) {
      p.next();
      p.next();
      return groupingSets();
    }
    return null;
  };
  // GROUPING SETS elements: a set, or a nested ROLLUP, CUBE or GROUPING SETS whose sets it lists.
  const groupingSets = (): number[][] => {
    p.expectOp('(');
    const itemSets: number[][] = [];
    do {
      const nested = analytics();
      if (nested) itemSets.push(...nested);
      else itemSets.push(p.isOp('(') ? list() : [indexOf(parseExpression(p))]);
    } while (p.acceptOp(','));
    p.expectOp(')');
    return itemSets;
  };
  let sets: number[][] = [[]];
  let plain = true;
  do {
    const nested = analytics();
    if (nested) plain = false;
    const itemSets = nested ?? [[indexOf(parseExpression(p))]];
    sets = sets.flatMap((s) => itemSets.map((i) => [...s, ...i]));
  } while (p.acceptOp(','));
  // Hive's spellings after a plain list: GROUP BY a, b WITH ROLLUP | WITH CUBE | GROUPING SETS (…).
  if (plain) {
    const keys = groupBy.map((_, i) => [i]);
    if (p.isWord('WITH') && p.isAnyWord(['ROLLUP', 'CUBE'], 1)) {
      p.next();
      return p.next().value.toUpperCase() === 'ROLLUP' ? rollup(keys) : cube(keys);
    }
    if (p.isWord('GROUPING') && p.isWord('SETS', 1)) {
      p.next();
      p.next();
      return groupingSets();
    }
  }
  if (emptySet) onEmptySet(emptySet);
  return plain ? undefined : sets;
}

function parseSelectItem(p: Cursor): ast.SelectItem {
  const pos = p.position;
  const expr = parseExpression(p);
  if (expr.kind === 'star') {
    // `* EXCEPT (a, b)`; `* EXCEPT SELECT …` would be a set operation.
    if (p.isWord('EXCEPT') && p.isOp('(', 1) && !p.isAnyWord(['SELECT', 'WITH', 'VALUES'], 2)) {
      p.next();
      return { pos, expr: { ...expr, except: parseIdentifierList(p) } };
    }
    return { pos, expr };
  }
  if (p.acceptWord('AS')) return p.isOp('(') ? { pos, expr, aliases: parseIdentifierList(p) } : { pos, expr, alias: p.expectAnyName() };
  if (p.isIdentifier()) return { pos, expr, alias: p.next().value };
  return { pos, expr };
}

export function parseSortItem(p: Cursor): ast.SortItem {
  const pos = p.position;
  const expr = parseExpression(p);
  const ascending = p.acceptWord('DESC') ? false : (p.acceptWord('ASC'), true);
  let nullsFirst: boolean | undefined;
  if (p.acceptWord('NULLS')) {
    if (p.acceptWord('FIRST')) nullsFirst = true;
    else {
      p.expectWord('LAST');
      nullsFirst = false;
    }
  }
  return { pos, expr, ascending, nullsFirst };
}

export function parseValues(p: Cursor): ast.Values {
  const pos = p.expectWord('VALUES').pos;
  const rows: ast.Expr[][] = [];
  do {
    if (p.isOp('(')) {
      p.next();
      // `(1 AS id, 'a' AS name)`: Spark accepts and ignores a name per value (columns stay col1, col2…).
      const row = [];
      do {
        row.push(parseExpression(p));
        if (p.acceptWord('AS')) p.expectIdentifier();
      } while (p.acceptOp(','));
      rows.push(row);
      p.expectOp(')');
    } else {
      rows.push([parseExpression(p)]);
    }
  } while (p.acceptOp(','));
  return { kind: 'values', pos, rows };
}

// ----- FROM ----------------------------------------------------------------------------------

const JOIN_TYPES: [string[], ast.JoinType][] = [
  [['JOIN'], 'INNER'], [['INNER', 'JOIN'], 'INNER'], [['CROSS', 'JOIN'], 'CROSS'],
  [['LEFT', 'OUTER', 'JOIN'], 'LEFT'], [['LEFT', 'JOIN'], 'LEFT'],
  [['LEFT', 'SEMI', 'JOIN'], 'LEFT SEMI'], [['SEMI', 'JOIN'], 'LEFT SEMI'],
  [['LEFT', 'ANTI', 'JOIN'], 'LEFT ANTI'], [['ANTI', 'JOIN'], 'LEFT ANTI'],
  [['RIGHT', 'OUTER', 'JOIN'], 'RIGHT'], [['RIGHT', 'JOIN'], 'RIGHT'],
  [['FULL', 'OUTER', 'JOIN'], 'FULL'], [['FULL', 'JOIN'], 'FULL'],
];

export function parseRelation(p: Cursor): ast.Relation {
  let left = parseRelationPrimary(p);
  for (;;) {
    if (p.isWord('LATERAL') && p.isWord('VIEW', 1)) {
      left = parseLateralView(p, left);
      continue;
    }
    if (p.isWord('PIVOT') && p.isOp('(', 1)) {
      left = parsePivot(p, left);
      continue;
    }
    const natural = p.isWord('NATURAL');
    const offset = natural ? 1 : 0;
    const join = JOIN_TYPES.find(([words]) => words.every((w, k) => p.isWord(w, offset + k)));
    if (!join) return left;
    if (natural) p.next();
    for (const _ of join[0]) p.next();
    const right = parseRelationPrimary(p);
    let on: ast.Expr | undefined, using: string[] | undefined;
    if (!natural && join[1] !== 'CROSS') {
      if (p.acceptWord('ON')) on = parseExpression(p);
      else if (p.acceptWord('USING')) using = parseIdentifierList(p);
    } else if (join[1] === 'CROSS' && p.acceptWord('ON')) {
      on = parseExpression(p);
    }
    left = { kind: 'join', pos: left.pos, type: join[1], left, right, on, using, natural };
  }
}

function parseRelationPrimary(p: Cursor): ast.Relation {
  return p.nested(() => {
    const pos = p.position;
    if (p.isOp('(')) {
      if (startsQuery(p)) {
        // `((SELECT …) t JOIN u …)` and `(VALUES … AS t JOIN u …)` also start like a query: when
        // that reading fails, it is a join.
        const mark = p.mark();
        const nested = p.isOp('(', 1) || p.isWord('VALUES', 1);
        try {
          p.next();
          const query = parseQuery(p);
          p.expectOp(')');
          return { kind: 'subquery', pos, query, alias: parseTableAlias(p) };
        } catch (e) {
          if (!nested) throw e;
          p.reset(mark);
        }
      }
      p.next();
      const inner = parseRelation(p);
      p.expectOp(')');
      const alias = parseTableAlias(p);
      if (!alias) return inner;
      // `(a JOIN b) AS j (x, y)`: the join's columns under a new name, as a subquery would be.
      const star: ast.SelectItem = { pos, expr: { kind: 'star', pos } };
      const body: ast.Select = { kind: 'select', pos, distinct: false, projection: [star], from: [inner], groupBy: [] };
      return { kind: 'subquery', pos, query: { kind: 'query', pos, with: [], body, orderBy: [] }, alias };
    }
    if (p.isWord('VALUES')) return { kind: 'valuesRef', pos, values: parseValues(p), alias: parseTableAlias(p) };
    if (p.acceptWord('LATERAL')) {
      // LATERAL (subquery); before a function it changes nothing: functions in FROM see what precedes them anyway.
      if (!p.isOp('(')) return parseRelationPrimary(p);
      p.next();
      const query = parseQuery(p);
      p.expectOp(')');
      return { kind: 'subquery', pos, query, alias: parseTableAlias(p), lateral: true };
    }
    if (!p.isIdentifier()) throw p.unexpected('a table name');
    const parts = [p.next().value];
    while (p.acceptOp('.')) parts.push(p.expectAnyName());
    if (p.isOp('(')) {
      p.next();
      const args = p.isOp(')') ? [] : parseExpressionList(p);
      p.expectOp(')');
      return { kind: 'tableFunction', pos, name: { pos, parts }, args, alias: parseTableAlias(p) };
    }
    const sample = p.acceptWord('TABLESAMPLE') ? parseSample(p) : undefined;
    return { kind: 'table', pos, name: { pos, parts }, alias: parseTableAlias(p), ...(sample ? { sample } : {}) };
  });
}

function parsePivot(p: Cursor, input: ast.Relation): ast.Pivot {
  const pos = p.next().pos;
  p.expectOp('(');
  const optionalAlias = () => (p.acceptWord('AS') ? p.expectIdentifier('an alias') : p.isIdentifier() && !p.isWord('FOR') ? p.next().value : undefined);
  const aggregates: { expr: ast.Expr; alias?: string }[] = [];
  do aggregates.push({ expr: parseExpression(p), alias: optionalAlias() });
  while (p.acceptOp(','));
  p.expectWord('FOR');
  let columns: ast.Expr[];
  if (p.acceptOp('(')) {
    columns = parseExpressionList(p);
    p.expectOp(')');
  } else {
    // Tighter than comparisons: the IN that follows is the pivot's, not an IN-list test.
    columns = [parseExpression(p, 4)];
  }
  p.expectWord('IN');
  p.expectOp('(');
  const values: { exprs: ast.Expr[]; alias?: string }[] = [];
  do {
    let exprs: ast.Expr[];
    // Several pivot columns take tuples of values; a lone value is refused at analysis (PIVOT_VALUE_DATA_TYPE_MISMATCH).
    if (columns.length > 1 && p.isOp('(')) {
      p.expectOp('(');
      exprs = parseExpressionList(p);
      p.expectOp(')');
    } else exprs = [parseExpression(p)];
    values.push({ exprs, alias: optionalAlias() });
  } while (p.acceptOp(','));
  p.expectOp(')');
  p.expectOp(')');
  return { kind: 'pivot', pos, input, aggregates, columns, values, alias: parseTableAlias(p) };
}

function parseLateralView(p: Cursor, input: ast.Relation): ast.LateralView {
  const pos = p.next().pos;
  p.next(); // VIEW
  const outer = p.acceptWord('OUTER');
  const generator = parseExpression(p);
  if (generator.kind !== 'function') throw p.unexpected('a generator function');
  const tableAlias = p.isIdentifier() && !p.isWord('AS') ? p.next().value : undefined;
  const columns: string[] = [];
  if (p.acceptWord('AS')) {
    do columns.push(p.expectIdentifier('a column alias'));
    while (p.acceptOp(','));
  }
  return { kind: 'lateralView', pos, input, outer, generator, tableAlias, columns };
}

/** After TABLESAMPLE: `(n PERCENT)`, `(n ROWS)`, `(BUCKET x OUT OF y)`. */
function parseSample(p: Cursor): NonNullable<ast.TableRef['sample']> {
  p.expectOp('(');
  const number = () => {
    const t = p.peek();
    if (t.kind !== 'number') throw p.unexpected('a number');
    p.next();
    return Number(t.value);
  };
  let sample: NonNullable<ast.TableRef['sample']>;
  if (p.acceptWord('BUCKET')) {
    const value = number();
    p.expectWord('OUT');
    p.expectWord('OF');
    const outOf = number();
    if (value < 1 || value > outOf) throw syntaxError(`[PARSE_SYNTAX_ERROR] TABLESAMPLE bucket ${value} is not within 1 and ${outOf}.`, p.position);
    sample = { kind: 'bucket', value, outOf };
  } else {
    const negative = p.acceptOp('-');
    const value = (negative ? -1 : 1) * number();
    if (p.acceptWord('PERCENT')) {
      if (value < 0) throw syntaxError(`[PARSE_SYNTAX_ERROR] TABLESAMPLE percentage ${value} is not within 0 and 100.`, p.previous().pos);
      sample = { kind: 'percent', value };
    }
    else {
      p.expectWord('ROWS');
      // TABLESAMPLE (n ROWS) is a LIMIT, and refuses a negative count as one.
      if (value < 0) {
        throw new QuarryError(SqlState.syntaxError, `[INVALID_LIMIT_LIKE_EXPRESSION.IS_NEGATIVE] The limit expression must be equal to or greater than 0, but got ${value}.`,
          p.previous().pos, 'INVALID_LIMIT_LIKE_EXPRESSION.IS_NEGATIVE');
      }
      sample = { kind: 'rows', value };
    }
  }
  p.expectOp(')');
  return sample;
}

function parseTableAlias(p: Cursor): ast.TableAlias | undefined {
  const pos = p.position;
  const explicit = p.acceptWord('AS');
  if (!explicit && !p.isIdentifier()) return undefined;
  const name = explicit ? p.expectIdentifier('an alias') : p.next().value;
  const columns = p.isOp('(') ? parseIdentifierList(p) : undefined;
  return { pos, name, columns };
}
