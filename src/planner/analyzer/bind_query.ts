// Query blocks → logical plans: FROM (tables, subqueries, VALUES, joins), WHERE, GROUP BY with
// aggregates, HAVING, the SELECT list, DISTINCT, ORDER BY (by alias, ordinal or input column),
// LIMIT/OFFSET, UNION and CTEs.

import * as ast from '../../parser/ast.js';
import { parseStatement, walkAst } from '../../parser/index.js';
import {
  Catalog, SystemTable, TableMetadata, informationSchemaTable, objectOid, pgCatalogTable, pgKeywordsTable,
} from '../../catalog/index.js';
import { TimeZone } from '../../common/time_zone.js';
import { QuarryError, SqlState, notSupported } from '../../common/errors.js';
import { BooleanType, DoubleType, Field, IntegerType, LongType, StringType, isIntegral, isNumeric, typeToString } from '../../common/types.js';
import { commonTypeOf } from '../../exec/functions/coercion.js';
import { lookupAggregateFunction, lookupScalarFunction } from '../../exec/functions/registry.js';
import {
  Attribute, Expr, GeneratorCall, Literal, SubqueryExpression, autoName, castTo, children, columnRef, exprEquals, literal, mapWindowExprs,
  newAttribute, referencedAttributes, splitConjunction, transformExpr,
} from '../expressions.js';
import { JoinType, LogicalPlan, SortKey, outputOf } from '../logical_plan.js';
import { requireComparablePivot, requireOrderable } from './orderable.js';
import { foldConstants } from '../optimizer/constant_folding.js';
import { defaultExecutionContext } from '../../exec/context.js';
import {
  AggregateCollector, ExpressionBinder, GeneratorCollector, WindowCollector, bindGenerator, generatesColumns, isGenerator,
  OuterAggregates, isOuterGenerator, requireBoolean,
} from './bind_expression.js';
import { Scope, ScopeColumn } from './scope.js';
import { MODEL_TABLE_FUNCTIONS, modelInputs } from './models.js';
import type { LoadedModel } from '../../ml/index.js';
import { fileRelationKey, qualifyTableName, resolveTable } from './tables.js';
import { columnName, selectItemName } from './naming.js';
import { inferPgType } from './postgres_types.js';
import { applyCondition, containsSubquery, replaceScalarSubqueries } from './subqueries.js';
import { dependentPlan, distinctValues, outerReferences } from './dependent_join.js';
import { andAll } from '../optimizer/predicates.js';
import { isDeterministicPlan } from '../optimizer/plan_rewrite.js';
import { isDeterministic } from '../optimizer/push_down_filters.js';
import {
  RecursiveReference, checkAggregatePlace, checkJoinPlace, checkRecursiveTypes, invalidRecursiveCte, namesItself, nextCteId, recursiveColumns,
  recursiveUnion, unionNotSupported,
} from './recursive_ctes.js';

/** Where GLOBAL TEMPORARY views live, as in Spark (spark.sql.globalTempDatabase). */
export const GLOBAL_TEMP_DATABASE = 'global_temp';

export interface AnalyzerContext {
  readonly catalog: Catalog;
  /** The session's current database. */
  readonly database: string;
  readonly timeZone: TimeZone;
  /** Directories queried as tables (`parquet.`dbfs:/x``), keyed `parquet.dbfs:/x`, schemas read. */
  readonly fileTables?: ReadonlyMap<string, TableMetadata>;
  /** The session's temporary views, by lower-cased name. */
  readonly temporaryViews?: ReadonlyMap<string, TemporaryView>;
  /** The server's GLOBAL TEMPORARY views, named `global_temp.v`. */
  readonly globalTemporaryViews?: ReadonlyMap<string, TemporaryView>;
  /** Values of `$n` placeholders, when binding a prepared statement. */
  readonly parameters?: readonly Expr[];
  /** The session's user, for current_user(). */
  readonly user?: string;
  /** A session setting's value (current_setting()), undefined when there is no such setting. */
  readonly setting?: (name: string) => string | undefined;
  /** pg_catalog tables whose rows are the session's own (pg_cursors). */
  readonly sessionTables?: (name: string) => SystemTable | undefined;
  /** How many views deep this query is bound (a guard against views that refer to themselves). */
  readonly viewDepth?: number;
  /** The models the statement scores, loaded, keyed `db.name`. */
  readonly models?: ReadonlyMap<string, LoadedModel>;
  /** `dbfs_ls('path')` listings, read before analysis, keyed by the path as written. */
  readonly fileListings?: ReadonlyMap<string, SystemTable>;
}

export interface TemporaryView {
  readonly query: ast.Query;
  readonly columns: readonly Field[];
  /** The file relations (`csv.\`path\``) of its query, resolved when it was created. */
  readonly fileTables?: ReadonlyMap<string, TableMetadata>;
}

const MAX_VIEW_DEPTH = 32;

/**
 * information_schema.x and pg_catalog.x; unqualified pg_* names find pg_catalog first, as
 * Postgres's implicit search path does.
 */
function systemTable(catalog: Catalog, parts: readonly string[]): SystemTable | undefined {
  if (parts.length === 2 && parts[0] === 'information_schema') return informationSchemaTable(catalog, parts[1]);
  if (parts.length === 2 && parts[0] === 'pg_catalog') return pgCatalogTable(catalog, parts[1]);
  if (parts.length === 1 && parts[0].startsWith('pg_')) return pgCatalogTable(catalog, parts[0]);
  return undefined;
}

/** A stored view's SQL back into a query. */
function parseViewQuery(sql: string, position: number): ast.Query {
  const statement = parseStatement(sql);
  if (statement.kind !== 'queryStatement') throw new QuarryError(SqlState.internalError, 'a view does not hold a query', position);
  return statement.query;
}

export interface BoundRelation {
  readonly plan: LogicalPlan;
  readonly scope: Scope;
}

/** A CTE as its name finds it: its query and the CTEs that query sees (those defined before it). */
interface CteDefinition {
  readonly kind: 'definition';
  readonly cte: ast.CommonTableExpr;
  readonly visible: Ctes;
  /** Set once a query names it; the others are bound on their own, as Spark analyses every CTE. */
  referenced: boolean;
  /** A non-deterministic CTE's plan, computed once for all its references (a sharedCte node). */
  shared?: { readonly id: number; readonly plan: LogicalPlan };
}

type Ctes = ReadonlyMap<string, CteDefinition | RecursiveReference>;

/**
 * `outer` and the CTEs of a WITH clause: each sees only those before it (and the outer ones), as
 * in Spark, where a later or its own name finds a table.
 */
function withCtes(definitions: readonly ast.CommonTableExpr[], outer: Ctes): Map<string, CteDefinition | RecursiveReference> {
  const ctes = new Map(outer);
  const names = new Set<string>();
  for (const cte of definitions) {
    const name = cte.name.toLowerCase();
    if (names.has(name)) {
      throw new QuarryError(SqlState.syntaxError, `[DUPLICATED_CTE_NAMES] CTE definition can't have duplicate names: \`${cte.name}\`.`, cte.pos, 'DUPLICATED_CTE_NAMES');
    }
    names.add(name);
    ctes.set(name, { kind: 'definition', cte, visible: new Map(ctes), referenced: false });
  }
  return ctes;
}

export class QueryBinder {
  /** Columns `*` expanded to, by the SELECT item standing for each. */
  private readonly starColumns = new WeakMap<ast.SelectItem, Attribute>();

  /** `outer`: the enclosing query's columns, when this binds a subquery. */
  constructor(private readonly ctx: AnalyzerContext, private readonly outer?: Scope, private readonly outerAggregates?: OuterAggregates) {}

  bindQuery(query: ast.Query, outerCtes: Ctes = new Map()): BoundRelation {
    const ctes = withCtes(query.with, outerCtes);
    let bound: BoundRelation;
    if (query.body.kind === 'select') {
      bound = this.bindSelect(query.body, ctes, query.orderBy);
    } else {
      bound = this.bindBody(query.body, ctes);
      if (query.orderBy.length > 0) bound = this.bindOrderByOutput(bound, query.orderBy);
    }
    // Unused CTEs must still be valid (a missing table is an error); last first, as later ones may name earlier ones.
    for (const cte of [...query.with].reverse()) {
      const definition = ctes.get(cte.name.toLowerCase());
      if (definition?.kind === 'definition' && !definition.referenced) this.bindCte(definition, true);
    }
    if (query.limit || query.offset) {
      const limit = query.limit ? this.constantInteger(query.limit, 'LIMIT') : null;
      const offset = query.offset ? this.constantInteger(query.offset, 'OFFSET')! : 0;
      bound = { plan: { kind: 'limit', input: bound.plan, limit, offset }, scope: bound.scope };
    }
    return { plan: withSharedCtes(query.with, ctes, bound.plan), scope: bound.scope };
  }

  private bindBody(body: ast.QueryBody, ctes: Ctes): BoundRelation {
    switch (body.kind) {
      case 'select': return this.bindSelect(body, ctes, []);
      case 'query': return this.bindQuery(body, ctes);
      case 'values': return this.bindValues(body);
      case 'setOperation': return this.bindSetOperation(body, ctes);
    }
  }

  /** A constant expression's value (EXECUTE's arguments), folded; anything else is an error. */
  bindConstant(node: ast.Expr, clause: string): Literal {
    const e = foldConstants(this.binder(new Scope([]), clause).bind(node));
    if (e.kind !== 'literal') throw new QuarryError('42000', `The arguments of ${clause} must be constants.`, node.pos);
    return e;
  }

  private constantInteger(node: ast.Expr, clause: string, allowNegative = false): number | null {
    const unfoldable = () => new QuarryError(SqlState.syntaxError,
      `[INVALID_LIMIT_LIKE_EXPRESSION.IS_UNFOLDABLE] The ${clause} expression must evaluate to a constant value.`, node.pos, 'INVALID_LIMIT_LIKE_EXPRESSION.IS_UNFOLDABLE');
    let bound: Expr;
    try {
      bound = this.binder(new Scope([]), clause).bind(node);
    } catch (e) {
      // A column is never a constant.
      if (e instanceof QuarryError && e.errorClass?.startsWith('UNRESOLVED_COLUMN')) throw unfoldable();
      throw e;
    }
    // An untyped parameter ($1) takes its type from the context: it is cast, not refused.
    if (!allowNegative && node.kind !== 'parameter' && !isIntegral(bound.type) && bound.type.kind !== 'null') {
      throw new QuarryError(SqlState.syntaxError,
        `[INVALID_LIMIT_LIKE_EXPRESSION.DATA_TYPE] The ${clause} expression must be integer type, but got ${typeToString(bound.type).toUpperCase()}.`, node.pos, 'INVALID_LIMIT_LIKE_EXPRESSION.DATA_TYPE');
    }
    const e = foldConstants(castTo(bound, LongType));
    if (e.kind !== 'literal') throw unfoldable();
    // (A parameter is NULL while a statement is only described, before its values arrive.)
    if (e.value === null && !allowNegative && node.kind !== 'parameter') {
      throw new QuarryError(SqlState.syntaxError, `[INVALID_LIMIT_LIKE_EXPRESSION.IS_NULL] The ${clause} expression must not be null.`, node.pos, 'INVALID_LIMIT_LIKE_EXPRESSION.IS_NULL');
    }
    if (e.value !== null && Number(e.value) < 0 && !allowNegative) {
      throw new QuarryError(SqlState.syntaxError, `[INVALID_LIMIT_LIKE_EXPRESSION.IS_NEGATIVE] The ${clause} expression must be equal to or greater than 0, but got ${e.value}.`, node.pos);
    }
    return e.value === null ? null : Number(e.value);
  }

  /** With `ctes`, expressions may hold subqueries, which see those CTEs and `scope` as outer columns. */
  private binder(
    scope: Scope, clause: string, aggregates?: AggregateCollector, ctes?: Ctes, windows?: WindowCollector, generators?: GeneratorCollector,
    lateralAliases?: ReadonlyMap<string, Expr>,
  ): ExpressionBinder {
    return new ExpressionBinder(scope, {
      timeZone: this.ctx.timeZone, clause, aggregates, windows, generators, outer: this.outer,
      parameters: this.ctx.parameters,
      session: { database: this.ctx.database, user: this.ctx.user ?? 'quarry', setting: (name) => this.ctx.setting?.(name) },
      objectOid: (kind, name) => objectOid(this.ctx.catalog, kind, name, this.ctx.database),
      bindSubquery: ctes ? (query, outer, outerAggregates) => new QueryBinder(this.ctx, outer, outerAggregates).bindQuery(query, ctes).plan : undefined,
      outerAggregates: this.outerAggregates,
      model: (name) => this.model(name),
      lateralAliases,
    });
  }

  /** A registered model by name; the engine loaded every model the statement names before binding. */
  private model(name: ast.QualifiedName): { name: string; model: LoadedModel } {
    const [db, model] = qualifyTableName(name, this.ctx.database);
    const loaded = this.ctx.models?.get(`${db}.${model}`);
    if (!loaded) throw new QuarryError(SqlState.undefinedFunction, `[UNRESOLVED_ROUTINE] The model \`${name.parts.join('`.`')}\` cannot be found.`, name.pos, 'UNRESOLVED_ROUTINE');
    return { name: `${db}.${model}`, model: loaded };
  }

  /** ml_transform(model, TABLE(t) | TABLE(query) | t): t's rows with every column the model writes. */
  private bindModelTransform(rel: ast.TableFunctionRef, ctes: Ctes): BoundRelation {
    const [modelArg, tableArg] = rel.args;
    if (modelArg?.kind !== 'column' || !tableArg || rel.args.length !== 2) {
      throw new QuarryError('42605', '[WRONG_NUM_ARGS] ml_transform() takes a model and a table: ml_transform(model, TABLE(t)).', rel.pos);
    }
    const { name, model } = this.model(modelArg.name);
    const inner = tableArg.kind === 'function' && tableArg.name.parts.length === 1 && tableArg.name.parts[0].toLowerCase() === 'table' && tableArg.args.length === 1
      ? tableArg.args[0] : tableArg;
    let input: BoundRelation;
    if (inner.kind === 'column') input = this.bindRelation({ kind: 'table', pos: inner.pos, name: inner.name }, ctes);
    else if (inner.kind === 'scalarSubquery') input = this.aliased(this.bindQuery(inner.query, ctes), autoSubqueryAlias(inner.pos));
    else throw new QuarryError(SqlState.syntaxError, '[PARSE_SYNTAX_ERROR] ml_transform() scores a table: TABLE(name) or TABLE(SELECT …).', inner.pos);
    const given = input.scope.star(undefined).map((c) => ({ name: c.attribute.name, expr: columnRef(c.attribute) }));
    const inputs = modelInputs(model, name, given, rel.pos);
    const modelOutput = model.outputs.map((o) => newAttribute(o.name, o.type, true));
    const plan: LogicalPlan = {
      kind: 'modelTransform', input: input.plan, model, modelName: name, inputNames: inputs.map((i) => i.name), inputs: inputs.map((i) => i.expr), modelOutput,
    };
    // Output columns the input already has (a label, a features vector) are shown once: the model's.
    const shadowed = new Set(modelOutput.map((a) => a.name.toLowerCase()));
    const kept = input.scope.star(undefined).filter((c) => !shadowed.has(c.attribute.name.toLowerCase()));
    const scope = new Scope([...kept, ...Scope.of(modelOutput).columns]);
    return this.aliased({ plan, scope }, rel.alias);
  }

  // ----- FROM ----------------------------------------------------------------------------------

  private bindRelation(rel: ast.Relation, ctes: Ctes): BoundRelation {
    switch (rel.kind) {
      case 'table': return this.aliased(sampled(this.bindTable(rel, ctes), rel.sample), rel.alias);
      case 'subquery': return this.aliased(this.bindQuery(rel.query, ctes), rel.alias ?? autoSubqueryAlias(rel.pos));
      case 'valuesRef': {
        const values = this.bindValues(rel.values);
        const width = outputOf(values.plan).length;
        if (rel.alias?.columns && rel.alias.columns.length !== width) {
          throw new QuarryError('42000', `[INVALID_INLINE_TABLE.NUM_COLUMNS_MISMATCH] Invalid inline table. Inline table expected ${rel.alias.columns.length} columns but found ${width} columns in row 0.`,
            rel.alias.pos, 'INVALID_INLINE_TABLE.NUM_COLUMNS_MISMATCH');
        }
        return this.aliased(values, rel.alias);
      }
      case 'join': return this.bindJoin(rel, ctes);
      case 'tableFunction':
        if (MODEL_TABLE_FUNCTIONS.has(rel.name.parts.join('.').toLowerCase())) return this.bindModelTransform(rel, ctes);
        return this.bindTableFunction(rel);
      case 'lateralView': return this.bindLateralView(rel, ctes);
      case 'pivot': return this.bindPivot(rel, ctes);
    }
  }

  /**
   * A function in FROM: `range([start,] end [, step])` (Spark's, one bigint column `id`), a
   * generator (`unnest(a)`, `explode(a)`, `generate_series(1, n)`) or any scalar function (one row,
   * Postgres's `FROM string_to_array(…) s`). After other FROM items it sees their columns, as
   * Postgres's implicit LATERAL and Spark's LATERAL VIEW do: `lateral` is what it joins onto.
   */
  private bindTableFunction(rel: ast.TableFunctionRef, lateral?: BoundRelation): BoundRelation {
    const name = rel.name.parts[rel.name.parts.length - 1].toLowerCase();
    if (name === 'range' && rel.name.parts.length === 1) {
      const range = this.bindRange(rel);
      return lateral ? this.crossJoin(lateral, range) : range;
    }
    const listing = name === 'dbfs_ls' && rel.args[0]?.kind === 'string' ? this.ctx.fileListings?.get(rel.args[0].value) : undefined;
    if (listing) {
      const files = this.aliased(this.bindSystemTable(listing, [name]), rel.alias);
      return lateral ? this.crossJoin(lateral, files) : files;
    }
    if (name === 'pg_get_keywords' && rel.args.length === 0) {
      const keywords = this.aliased(this.bindSystemTable(pgKeywordsTable(), [name]), rel.alias);
      return lateral ? this.crossJoin(lateral, keywords) : keywords;
    }
    const oneRow: BoundRelation = { plan: { kind: 'values', output: [], rows: [[]] }, scope: new Scope([]) };
    const binder = this.binder(lateral?.scope ?? oneRow.scope, 'FROM');
    const args = rel.args.map((a) => binder.bind(a));
    // Only a call that names earlier FROM items runs per row of them; others join like any relation.
    const lateralIds = new Set(lateral ? outputOf(lateral.plan).map((a) => a.id) : []);
    const correlated = args.some((a) => [...referencedAttributes(a)].some((id) => lateralIds.has(id)));
    const input = correlated ? lateral! : oneRow;
    const qualifier = rel.alias?.name.toLowerCase() ?? name;
    let bound: BoundRelation;
    if (isGenerator(name)) {
      const call = bindGenerator(name, args, rel.pos);
      const names = rel.alias?.columns ?? (generatesColumns(call) ? [] : [rel.alias?.name ?? (call.kind === 'explode' ? 'col' : name)]);
      bound = generatorRelation(input, call, isOuterGenerator(name), names, qualifier, rel.alias?.pos ?? rel.pos);
    } else {
      if (rel.alias?.columns && rel.alias.columns.length !== 1) {
        throw new QuarryError('42826', `[ASSIGNMENT_ARITY_MISMATCH] ${name}() returns one column, not ${rel.alias.columns.length}.`, rel.alias.pos);
      }
      const value = binder.call(name, args, rel.pos, rel.name.parts.join('.'));
      const attribute = newAttribute(rel.alias?.columns?.[0] ?? rel.alias?.name ?? name, value.type, true);
      const inputOutput = outputOf(input.plan);
      bound = {
        plan: { kind: 'project', input: input.plan, exprs: [...inputOutput.map(columnRef), value], output: [...inputOutput, attribute] },
        scope: input.scope.concat(Scope.of([attribute], [qualifier])),
      };
    }
    return lateral && !correlated ? this.crossJoin(lateral, bound) : bound;
  }

  /**
   * PIVOT as the aggregation it stands for: grouped by the input's columns that neither the
   * aggregates nor the pivot columns name, one aggregate per value (and per aggregate), each
   * counting only its value's rows (FILTER). Columns are named after the value (`2012`, its alias),
   * followed by `_` and the aggregate's alias when there are several aggregates.
   */
  private bindPivot(rel: ast.Pivot, ctes: Ctes): BoundRelation {
    const input = this.bindRelation(rel.input, ctes);
    requireComparablePivot(rel.columns, this.binder(input.scope, 'PIVOT'));
    // Spark's checks: each aggregate expression aggregates, the values are literals matching the columns.
    for (const aggregate of rel.aggregates) {
      let aggregates = false;
      walkAst(aggregate.expr, (node) => {
        if (node.kind === 'function' && lookupAggregateFunction((node as ast.FunctionCall).name.parts.at(-1)!.toLowerCase())) aggregates = true;
      });
      if (!aggregates) {
        throw new QuarryError('42803', `[_LEGACY_ERROR_TEMP_1006] Aggregate expression required for pivot, but '${columnName(aggregate.expr)}' did not appear in any aggregate function.`,
          aggregate.expr.pos, '_LEGACY_ERROR_TEMP_1006');
      }
    }
    for (const value of rel.values) {
      for (const e of value.exprs) {
        // Bound over the input first: a name that is no column is UNRESOLVED_COLUMN, as in Spark.
        if (referencedAttributes(this.binder(input.scope, 'PIVOT').bind(e)).size > 0) {
          throw new QuarryError('42K08', `[NON_LITERAL_PIVOT_VALUES] Literal expressions required for pivot values, found "${columnName(e)}".`, e.pos, 'NON_LITERAL_PIVOT_VALUES');
        }
      }
      if (value.exprs.length !== rel.columns.length) {
        throw new QuarryError(SqlState.datatypeMismatch,
          `[PIVOT_VALUE_DATA_TYPE_MISMATCH] Invalid pivot value '${columnName(value.exprs[0])}': the value has ${value.exprs.length} field(s) where the pivot columns are ${rel.columns.length}.`,
          value.exprs[0].pos, 'PIVOT_VALUE_DATA_TYPE_MISMATCH');
      }
    }
    const named = new Set<string>();
    walkAst([rel.aggregates.map((a) => a.expr), rel.columns], (node) => {
      if (node.kind === 'column') named.add((node as ast.ColumnRef).name.parts.at(-1)!.toLowerCase());
    });
    const groupColumns = input.scope.columns.filter((c) => !named.has(c.attribute.name.toLowerCase()));
    const column = (name: string): ast.Expr => ({ kind: 'column', pos: rel.pos, name: { pos: rel.pos, parts: [name] } });
    const projection: ast.SelectItem[] = groupColumns.map((c) => ({ pos: rel.pos, expr: column(c.attribute.name) }));
    for (const value of rel.values) {
      const matches = value.exprs.map((v, i): ast.Expr => ({ kind: 'binary', pos: v.pos, op: '=', left: rel.columns[i], right: v }));
      const condition = matches.reduce((a, b): ast.Expr => ({ kind: 'binary', pos: b.pos, op: 'AND', left: a, right: b }));
      const valueName = value.alias ?? (value.exprs.length === 1 ? pivotValueName(value.exprs[0]) : `{${value.exprs.map(pivotValueName).join(', ')}}`);
      for (const aggregate of rel.aggregates) {
        const name = rel.aggregates.length === 1 ? valueName : `${valueName}_${aggregate.alias ?? columnName(aggregate.expr)}`;
        projection.push({ pos: aggregate.expr.pos, expr: filterAggregates(aggregate.expr, condition), alias: name });
      }
    }
    const select: ast.Select = {
      kind: 'select', pos: rel.pos, distinct: false, projection, from: [rel.input],
      groupBy: groupColumns.map((c) => column(c.attribute.name)),
    };
    return this.aliased(this.bindSelect(select, ctes, []), rel.alias);
  }

  /** `input LATERAL VIEW [OUTER] explode(…) t AS c`: the generator run for each row of `input`. */
  private bindLateralView(rel: ast.LateralView, ctes: Ctes): BoundRelation {
    const input = this.bindRelation(rel.input, ctes);
    const name = rel.generator.name.parts[rel.generator.name.parts.length - 1].toLowerCase();
    if (!isGenerator(name)) throw new QuarryError(SqlState.syntaxError, `[UNSUPPORTED_GENERATOR.NOT_GENERATOR] ${name}() is not a generator.`, rel.generator.pos);
    const binder = this.binder(input.scope, 'LATERAL VIEW');
    const call = bindGenerator(name, rel.generator.args.map((a) => binder.bind(a)), rel.generator.pos);
    const qualifier = rel.tableAlias?.toLowerCase() ?? name;
    return generatorRelation(input, call, rel.outer || isOuterGenerator(name), rel.columns, qualifier, rel.pos);
  }

  private bindRange(rel: ast.TableFunctionRef): BoundRelation {
    const args = rel.args.map((a) => this.constantInteger(a, 'range', true));
    if (args.length < 1 || args.length > 3 || args.some((a) => a === null)) {
      throw new QuarryError('42605', '[WRONG_NUM_ARGS] range() takes 1 to 3 integer arguments: ([start,] end [, step]).', rel.pos);
    }
    const [start, end, step] = args.length === 1 ? [0, args[0]!, 1] : [args[0]!, args[1]!, args[2] ?? 1];
    if (step === 0) throw new QuarryError('22003', '[FAILED_FUNCTION_CALL] range() needs a non-zero step.', rel.pos);
    const output = [newAttribute('id', LongType, false)];
    return this.aliased({ plan: { kind: 'range', start, end, step, output }, scope: Scope.of(output, ['range']) }, rel.alias);
  }

  private crossJoin(left: BoundRelation, right: BoundRelation): BoundRelation {
    return { plan: { kind: 'join', left: left.plan, right: right.plan, type: 'cross' }, scope: left.scope.concat(right.scope) };
  }

  private bindTable(rel: ast.TableRef, ctes: Ctes): BoundRelation {
    const parts = rel.name.parts.map((p) => p.toLowerCase());
    if (parts.length === 1 && ctes.has(parts[0])) {
      const entry = ctes.get(parts[0])!;
      return entry.kind === 'recursiveReference' ? this.bindRecursiveReference(entry, rel.pos) : this.bindCte(entry);
    }
    const sessionTable = parts.length === 1 || (parts.length === 2 && parts[0] === 'pg_catalog') ? this.ctx.sessionTables?.(parts[parts.length - 1]) : undefined;
    const system = sessionTable ?? systemTable(this.ctx.catalog, parts);
    if (system) return this.bindSystemTable(system, parts);
    const temporaryView = parts.length === 1 ? this.ctx.temporaryViews?.get(parts[0])
      : parts.length === 2 && parts[0] === GLOBAL_TEMP_DATABASE ? this.ctx.globalTemporaryViews?.get(parts[1]) : undefined;
    if (temporaryView) return this.bindView(temporaryView.query, temporaryView.columns, this.ctx.database, parts, rel.pos, temporaryView.fileTables);
    const fileTable = rel.name.parts.length === 2 ? this.ctx.fileTables?.get(fileRelationKey(rel.name.parts)) : undefined;
    if (!fileTable) {
      const [database, name] = qualifyTableName(rel.name, this.ctx.database);
      const view = this.ctx.catalog.getView(database, name);
      if (view) return this.bindView(parseViewQuery(view.sql, rel.pos), view.columns, view.database, ['spark_catalog', view.database, view.name], rel.pos);
    }
    const table = fileTable ?? resolveTable(this.ctx.catalog, rel.name, this.ctx.database);
    const output = table.columns.map((c) => newAttribute(c.name, c.type, c.nullable));
    return {
      plan: { kind: 'scan', table, output, partitionFilters: [] },
      scope: Scope.of(output, ['spark_catalog', table.database, table.name]),
    };
  }

  /**
   * A CTE's query, bound anew wherever it is named (CTEs are inlined), except a non-deterministic
   * one: as in Spark, all its references read one computation of it. `check`: bound only to
   * validate an unused CTE.
   */
  private bindCte(definition: CteDefinition, check = false): BoundRelation {
    definition.referenced = true;
    const { cte, visible } = definition;
    if (cte.recursive && namesItself(cte)) return this.bindRecursiveCte(cte, visible);
    if (definition.shared) return this.sharedCteReference(definition.shared, cte);
    const bound = this.aliased(this.bindQuery(cte.query, visible), { pos: cte.pos, name: cte.name, columns: cte.columns });
    if (check || isDeterministicPlan(bound.plan)) return bound;
    definition.shared = { id: nextCteId(), plan: bound.plan };
    return this.sharedCteReference(definition.shared, cte);
  }

  private sharedCteReference(shared: { readonly id: number; readonly plan: LogicalPlan }, cte: ast.CommonTableExpr): BoundRelation {
    const output = outputOf(shared.plan).map((a) => newAttribute(a.name, a.type, a.nullable, a.pgType));
    return this.aliased({ plan: { kind: 'cteRef', id: shared.id, name: cte.name, output }, scope: Scope.of(output) }, { pos: cte.pos, name: cte.name });
  }

  /**
   * A CTE that names itself: the anchor bound first (naming the CTE there is an error), its types
   * become the CTE's, then the recursive part, where the name reads the previous iteration's rows.
   */
  private bindRecursiveCte(cte: ast.CommonTableExpr, visible: Ctes): BoundRelation {
    const union = recursiveUnion(cte.query, cte.pos);
    const name = cte.name.toLowerCase();
    // The CTE's own WITH clause sees it too, but only as the anchor does: Spark refuses recursion through an inner CTE.
    const anchorCtes = withCtes(cte.query.with, new Map(visible).set(name, { kind: 'recursiveReference', name: cte.name }));
    const anchor = this.bindBody(union.left, anchorCtes);
    if (!union.all) throw unionNotSupported(cte.pos);
    const anchorOutput = outputOf(anchor.plan);
    const columns = recursiveColumns(cte, anchorOutput);
    const loopId = nextCteId();
    const recursiveCtes = new Map(anchorCtes).set(name, { kind: 'recursiveReference', name: cte.name, loopId, columns });
    const recursive = this.bindBody(union.right, recursiveCtes);
    const recursiveOutput = outputOf(recursive.plan);
    checkRecursiveTypes(anchorOutput, recursiveOutput, union.pos);
    const output = columns.map((c, i) => newAttribute(c.name, c.type, anchorOutput[i].nullable || recursiveOutput[i].nullable, c.pgType));
    const loop: LogicalPlan = {
      kind: 'recursiveCte', loopId, name: cte.name, anchor: anchor.plan, recursive: recursive.plan, output, maxLevel: cte.maxRecursionLevel,
    };
    return this.aliased({ plan: withSharedCtes(cte.query.with, anchorCtes, loop), scope: Scope.of(output) }, { pos: cte.pos, name: cte.name });
  }

  /** A recursive CTE named in its own recursive part: the rows of the previous iteration. */
  private bindRecursiveReference(reference: RecursiveReference, position: number): BoundRelation {
    if (reference.loopId === undefined || !reference.columns) throw invalidRecursiveCte(position);
    const output = reference.columns.map((c) => newAttribute(c.name, c.type, true, c.pgType));
    const plan: LogicalPlan = { kind: 'workingTable', loopId: reference.loopId, name: reference.name, output };
    return this.aliased({ plan, scope: Scope.of(output) }, { pos: position, name: reference.name });
  }

  /** A catalog view such as information_schema.tables: its rows, computed now, as inline values. */
  private bindSystemTable(table: SystemTable, qualifier: string[]): BoundRelation {
    const output = table.columns.map((c) => newAttribute(c.name, c.type, true, c.pgType));
    const rows = table.rows.map((row) => row.map((value, c) => literal(value, table.columns[c].type)));
    return { plan: { kind: 'values', output, rows }, scope: Scope.of(output, qualifier) };
  }

  /**
   * A view's query, bound where it is used: unqualified names resolve in the view's database, and
   * its columns keep the names and types they had when the view was created.
   */
  private bindView(
    query: ast.Query, columns: readonly Field[], database: string, qualifier: string[], position: number,
    fileTables?: ReadonlyMap<string, TableMetadata>,
  ): BoundRelation {
    const depth = (this.ctx.viewDepth ?? 0) + 1;
    if (depth > MAX_VIEW_DEPTH) {
      throw new QuarryError('42K0H', `[RECURSIVE_VIEW] The view \`${qualifier.join('.')}\` refers to itself, or views nest deeper than ${MAX_VIEW_DEPTH}.`, position);
    }
    const bound = new QueryBinder({ ...this.ctx, database, viewDepth: depth, fileTables, parameters: undefined }).bindQuery(query);
    const input = outputOf(bound.plan);
    if (input.length !== columns.length) {
      throw new QuarryError('42P10', `[INCOMPATIBLE_VIEW_SCHEMA_CHANGE] The view \`${qualifier.join('.')}\` now returns ${input.length} columns where it was created with ${columns.length}; recreate the view.`, position);
    }
    const exprs = input.map((a, i) => castTo(columnRef(a), columns[i].type, 'ansi'));
    const output = columns.map((c, i) => newAttribute(c.name, exprs[i].type, input[i].nullable));
    return { plan: { kind: 'project', input: bound.plan, exprs, output }, scope: Scope.of(output, qualifier) };
  }

  /** Applies `AS alias(c1, c2)`: renames columns through a Project and requalifies the scope. */
  private aliased(bound: BoundRelation, alias: ast.TableAlias | undefined): BoundRelation {
    if (!alias) return bound;
    let result = bound;
    if (alias.columns) {
      const input = outputOf(bound.plan);
      if (alias.columns.length !== input.length) {
        throw new QuarryError('42826',
          `[ASSIGNMENT_ARITY_MISMATCH] The number of columns in the alias (${alias.columns.length}) does not match the number of columns of \`${alias.name}\` (${input.length}).`, alias.pos);
      }
      const output = input.map((a, i) => newAttribute(alias.columns![i], a.type, a.nullable, a.pgType));
      result = { plan: { kind: 'project', input: bound.plan, exprs: input.map(columnRef), output }, scope: Scope.of(output) };
    }
    return { plan: result.plan, scope: result.scope.requalify(alias.name) };
  }

  private bindJoin(rel: ast.Join, ctes: Ctes): BoundRelation {
    const left = this.bindRelation(rel.left, ctes);
    let type: JoinType = ({ INNER: 'inner', LEFT: 'left', RIGHT: 'right', FULL: 'full', CROSS: 'cross', 'LEFT SEMI': 'semi', 'LEFT ANTI': 'anti' } as const)[rel.type];
    if (rel.right.kind === 'subquery' && rel.right.lateral && (type === 'right' || type === 'full')) {
      throw new QuarryError(SqlState.syntaxError, `[INVALID_LATERAL_JOIN_TYPE] The ${rel.type} JOIN with LATERAL correlation is not allowed.`, rel.right.pos);
    }
    const lateral = rel.right.kind === 'subquery' && rel.right.lateral ? this.bindLateral(rel.right, ctes, left) : undefined;
    const right = lateral?.right ?? this.bindRelation(rel.right, ctes);
    checkJoinPlace(type, left.plan, right.plan, rel.pos);
    const lateralConditions = lateral?.conditions ?? [];
    const both = left.scope.concat(right.scope);
    let using = rel.using;
    if (rel.natural) {
      // The common names of the columns `*` shows on each side (an earlier USING join's side keys are hidden), once each.
      const rightNames = new Set(right.scope.columns.filter((c) => !c.hidden).map((c) => c.attribute.name.toLowerCase()));
      const common = left.scope.columns.filter((c) => !c.hidden).map((c) => c.attribute.name).filter((n) => rightNames.has(n.toLowerCase()));
      using = common.filter((n, i) => common.findIndex((m) => m.toLowerCase() === n.toLowerCase()) === i);
      // No common column: every pair of rows matches, as in a join ON true.
      if (using.length === 0) {
        using = undefined;
        if (type === 'inner') type = 'cross';
      }
    }
    if (using) return this.bindUsingJoin(left, right, type, using, rel.pos, lateralConditions);
    const onBinder = this.binder(both, 'the join condition', undefined, ctes);
    let on = rel.on ? splitConjunction(requireBoolean(onBinder.bind(rel.on), 'join', rel.on.pos)) : [];
    const withSubqueries = on.filter(containsSubquery);
    on = on.filter((c) => !containsSubquery(c));
    if (withSubqueries.length > 0 && (type === 'inner' || type === 'cross')) {
      // An inner join's conjuncts with subqueries filter the joined rows: applied above the join.
      const condition = on.length + lateralConditions.length > 0 ? andAll([...on, ...lateralConditions]) : undefined;
      const join: LogicalPlan = { kind: 'join', left: left.plan, right: right.plan, type: condition ? 'inner' : 'cross', condition };
      return { plan: applyCondition(join, andAll(withSubqueries), onBinder), scope: both };
    }
    // An outer join's conjunct with subqueries that reads one side only is computed on that side,
    // as a boolean column the join condition then reads.
    let [leftPlan, rightPlan] = [left.plan, right.plan];
    const leftIds = new Set(outputOf(left.plan).map((a) => a.id)), rightIds = new Set(outputOf(right.plan).map((a) => a.id));
    const bothIds = new Set([...leftIds, ...rightIds]);
    for (const conjunct of withSubqueries) {
      const read = [...referencedAttributes(conjunct), ...subqueriesIn(conjunct).flatMap((q) => outerReferences(q.plan, bothIds).map((a) => a.id))]
        .filter((id) => bothIds.has(id));
      const useLeft = read.every((id) => leftIds.has(id));
      if (!useLeft && !read.every((id) => rightIds.has(id))) throw notSupported('A subquery in an outer join condition that reads both sides', conjunct.kind === 'subquery' ? conjunct.position : rel.pos);
      const replaced = replaceScalarSubqueries(useLeft ? leftPlan : rightPlan, [conjunct]);
      const flag = newAttribute('__on', BooleanType, true);
      const sideOutput = outputOf(replaced.plan);
      const flagged: LogicalPlan = { kind: 'project', input: replaced.plan, exprs: [...sideOutput.map(columnRef), replaced.exprs[0]], output: [...sideOutput, flag] };
      if (useLeft) leftPlan = flagged;
      else rightPlan = flagged;
      on.push(columnRef(flag));
    }
    const condition = on.length + lateralConditions.length > 0 ? andAll([...on, ...lateralConditions]) : undefined;
    // CROSS JOIN … ON is an inner join in Spark.
    const plan: LogicalPlan = { kind: 'join', left: leftPlan, right: rightPlan, type: type === 'cross' && condition ? 'inner' : type, condition };
    return { plan, scope: type === 'semi' || type === 'anti' ? left.scope : both };
  }

  /**
   * LATERAL (SELECT …) after `left`: bound with left's columns in scope. When it names them, it is
   * computed once per distinct value of those columns (dependent_join.ts), and `conditions` join
   * it back to the rows of `left` holding them.
   */
  private bindLateral(rel: ast.SubqueryRef, ctes: Ctes, left: BoundRelation): { right: BoundRelation; conditions: Expr[] } {
    const scope = this.outer ? left.scope.concat(this.outer) : left.scope;
    const bound = this.aliased(new QueryBinder(this.ctx, scope).bindQuery(rel.query, ctes), rel.alias ?? autoSubqueryAlias(rel.pos));
    const leftIds = new Set(outputOf(left.plan).map((a) => a.id));
    const columns = outerReferences(bound.plan, leftIds);
    if (columns.length === 0) return { right: bound, conditions: [] };
    const distinct = distinctValues(left.plan, columns);
    const dependent = dependentPlan(bound.plan, columns, distinct.plan, distinct.values, rel.pos);
    const binder = this.binder(new Scope([]), 'LATERAL');
    const conditions = columns.map((c, i) => binder.call('null_safe_equal', [columnRef(c), columnRef(distinct.values[i])], rel.pos));
    return { right: { plan: dependent.plan, scope: bound.scope }, conditions };
  }

  /** `USING (k)`: equality on k, and k appears once in the output (coalesced for FULL joins). */
  private bindUsingJoin(
    left: BoundRelation, right: BoundRelation, type: JoinType, names: readonly string[], position: number, extra: readonly Expr[] = [],
  ): BoundRelation {
    const conditions: Expr[] = [...extra];
    const leftKeys: Attribute[] = [], rightKeys: Attribute[] = [];
    const binder = this.binder(left.scope.concat(right.scope), 'USING');
    for (const name of names) {
      const l = left.scope.lookup([name], position), r = right.scope.lookup([name], position);
      if (!l || !r) {
        throw new QuarryError(SqlState.undefinedColumn,
          `[UNRESOLVED_USING_COLUMN_FOR_JOIN] USING column \`${name}\` cannot be resolved on the ${l ? 'right' : 'left'} side of the join.`, position);
      }
      leftKeys.push(l);
      rightKeys.push(r);
      conditions.push(binder.call('equal', [columnRef(l), columnRef(r)], position));
    }
    const condition = conditions.reduce((a, b) => binder.call('and', [a, b], position));
    const join: LogicalPlan = { kind: 'join', left: left.plan, right: right.plan, type: type === 'cross' ? 'inner' : type, condition };
    if (type === 'semi' || type === 'anti') return { plan: join, scope: left.scope };
    const keyIds = new Set([...leftKeys, ...rightKeys].map((a) => a.id));
    const keyExprs = leftKeys.map((l, i) => type === 'right' ? columnRef(rightKeys[i])
      : type === 'full' ? binder.call('coalesce', [columnRef(l), columnRef(rightKeys[i])], position) : columnRef(l));
    const keyOutput = keyExprs.map((e, i) => (e.kind === 'column' ? e.attribute : newAttribute(leftKeys[i].name, e.type)));
    const keyOutputIds = new Set(keyOutput.map((a) => a.id));
    const rest = [...left.scope.columns, ...right.scope.columns].filter((c) => !keyIds.has(c.attribute.id));
    // Each side's own key stays reachable as `t.k` and in `t.*`, as in Spark.
    const sideKeys = [...left.scope.columns, ...right.scope.columns]
      .filter((c) => keyIds.has(c.attribute.id) && !keyOutputIds.has(c.attribute.id))
      .map((c): ScopeColumn => ({ qualifier: c.qualifier, attribute: c.attribute, hidden: true }));
    const plan: LogicalPlan = {
      kind: 'project', input: join, exprs: [...keyExprs, ...rest.map((c) => columnRef(c.attribute)), ...sideKeys.map((c) => columnRef(c.attribute))],
      output: [...keyOutput, ...rest.map((c) => c.attribute), ...sideKeys.map((c) => c.attribute)],
    };
    const keySide = type === 'right' ? right : left;
    const keyQualifier = type === 'full' ? [] : keySide.scope.columns[0]?.qualifier ?? [];
    return { plan, scope: new Scope([...keyOutput.map((attribute) => ({ qualifier: keyQualifier, attribute })), ...sideKeys, ...rest]) };
  }

  private bindValues(values: ast.Values): BoundRelation {
    const binder = this.binder(new Scope([]), 'VALUES');
    const cannotEvaluate = (e: ast.Expr) => new QuarryError('42000',
      `[INVALID_INLINE_TABLE.CANNOT_EVALUATE_EXPRESSION_IN_INLINE_TABLE] Invalid inline table. Cannot evaluate the expression ${columnName(e)} in inline table definition.`,
      e.pos, 'INVALID_INLINE_TABLE.CANNOT_EVALUATE_EXPRESSION_IN_INLINE_TABLE');
    const rows = values.rows.map((row) => row.map((e) => {
      // Spark evaluates an inline table once, before the query: no aggregates, nothing non-deterministic.
      walkAst(e, (n) => {
        if (n.kind === 'function' && (n as ast.FunctionCall).name.parts.length === 1 && lookupAggregateFunction((n as ast.FunctionCall).name.parts[0].toLowerCase())) throw cannotEvaluate(e);
      });
      const bound = binder.bind(e);
      if (!isDeterministic(bound)) throw cannotEvaluate(e);
      // Only an outer query's column can be named here: Spark evaluates inline tables once, on their own.
      const outer = [...referencedAttributes(bound)];
      if (outer.length > 0) {
        const name = findAttribute(bound, outer[0])?.name ?? '?';
        throw new QuarryError('42000', `[INVALID_INLINE_TABLE.CANNOT_EVALUATE_EXPRESSION_IN_INLINE_TABLE] Invalid inline table. Cannot evaluate the expression "outer(${name})" in inline table definition.`,
          e.pos, 'INVALID_INLINE_TABLE.CANNOT_EVALUATE_EXPRESSION_IN_INLINE_TABLE');
      }
      return bound;
    }));
    const width = rows[0]?.length ?? 0;
    for (const row of rows) {
      if (row.length !== width) {
        throw new QuarryError('42000', '[INVALID_INLINE_TABLE.NUM_COLUMNS_MISMATCH] Inline table expected ' + width + ' columns but found ' + row.length + ' columns in a row.', values.pos);
      }
    }
    const types = Array.from({ length: width }, (_, c) => {
      try {
        return commonTypeOf(rows.map((r) => r[c].type), 'the inline table', 'DATATYPE_MISMATCH');
      } catch {
        throw new QuarryError(SqlState.datatypeMismatch,
          `[INVALID_INLINE_TABLE.INCOMPATIBLE_TYPES_IN_INLINE_TABLE] Invalid inline table. Found incompatible types in the column \`col${c + 1}\` for inline table.`,
          values.pos, 'INVALID_INLINE_TABLE.INCOMPATIBLE_TYPES_IN_INLINE_TABLE');
      }
    });
    const output = types.map((t, c) => newAttribute(`col${c + 1}`, t.kind === 'null' ? IntegerType : t, true));
    const folding = { ...defaultExecutionContext, timeZone: this.ctx.timeZone };
    const castRows = rows.map((row) => row.map((e, c) => foldConstants(castTo(e, output[c].type), folding)));
    return { plan: { kind: 'values', output, rows: castRows }, scope: Scope.of(output) };
  }

  /**
   * UNION [ALL] concatenates; INTERSECT and EXCEPT (DISTINCT) are a semi or anti join of the
   * distinct left rows with the right, matching NULLs as equal, as set operations do.
   */
  private bindSetOperation(op: ast.SetOperation, ctes: Ctes): BoundRelation {
    const inputs = [this.bindBody(op.left, ctes), this.bindBody(op.right, ctes)];
    const outputs = inputs.map((i) => outputOf(i.plan));
    if (outputs[0].length !== outputs[1].length) {
      throw new QuarryError('42826', `[NUM_COLUMNS_MISMATCH] ${op.op} can only be performed on inputs with the same number of columns, but the first input has ${outputs[0].length} columns and the second input has ${outputs[1].length} columns.`, op.pos);
    }
    const types = outputs[0].map((a, c) => {
      try {
        return commonTypeOf([a.type, outputs[1][c].type], op.op);
      } catch {
        throw new QuarryError(SqlState.datatypeMismatch,
          `[INCOMPATIBLE_COLUMN_TYPE] ${op.op} can only be performed on tables with compatible column types. The ${ordinalWord(c + 1)} column of the second table is "${typeToString(outputs[1][c].type).toUpperCase()}" type which is not compatible with "${typeToString(a.type).toUpperCase()}" at the same column of the first table.`, op.pos);
      }
    });
    const [left, right] = inputs.map((input, k) => {
      const exprs = outputs[k].map((a, c) => castTo(columnRef(a), types[c]));
      if (exprs.every((e) => e.kind === 'column')) return input.plan;
      return { kind: 'project', input: input.plan, exprs, output: exprs.map((e, c) => (e.kind === 'column' ? e.attribute : newAttribute(outputs[k][c].name, e.type))) } as LogicalPlan;
    });
    if (op.op !== 'UNION' && op.all) {
      const plan = this.bagSetOperation(op, left, right);
      return { plan, scope: Scope.of(outputOf(plan)) };
    }
    if (op.op !== 'UNION') {
      const [l, r] = [outputOf(left), outputOf(right)];
      const binder = this.binder(new Scope([]), op.op);
      const condition = l.map((a, c) => binder.call('null_safe_equal', [columnRef(a), columnRef(r[c])], op.pos))
        .reduce((a, b) => binder.call('and', [a, b], op.pos));
      const plan: LogicalPlan = { kind: 'join', left: distinct(left), right, type: op.op === 'INTERSECT' ? 'semi' : 'anti', condition };
      return { plan, scope: Scope.of(l) };
    }
    const output = outputs[0].map((a, c) => newAttribute(a.name, types[c], true));
    let plan: LogicalPlan = { kind: 'union', inputs: [left, right], output };
    if (!op.all) plan = distinct(plan);
    return { plan, scope: Scope.of(output) };
  }

  /**
   * EXCEPT ALL and INTERSECT ALL, rewritten as Spark does: both inputs tagged and unioned, each
   * distinct row counted per side, then repeated as often as the bag operation keeps it.
   */
  private bagSetOperation(op: ast.SetOperation, left: LogicalPlan, right: LogicalPlan): LogicalPlan {
    const binder = this.binder(new Scope([]), op.op);
    const columns = outputOf(left);
    const except = op.op === 'EXCEPT';
    const tagged = (plan: LogicalPlan, side: 0 | 1): LogicalPlan => {
      const own = outputOf(plan);
      // EXCEPT: +1 per left row, -1 per right row; INTERSECT: a marker in the side's own column.
      const tags: Expr[] = except
        ? [{ kind: 'literal', value: side === 0 ? 1 : -1, type: LongType }]
        : [0, 1].map((k): Expr => ({ kind: 'literal', value: k === side ? true : null, type: { kind: 'boolean' } }));
      const tagAttributes = tags.map((t, k) => newAttribute(`vcol${k}`, t.type, true));
      return { kind: 'project', input: plan, exprs: [...own.map(columnRef), ...tags], output: [...own.map((a) => newAttribute(a.name, a.type, true)), ...tagAttributes] };
    };
    const inputs = [tagged(left, 0), tagged(right, 1)];
    const unionOutput = outputOf(inputs[0]).map((a) => newAttribute(a.name, a.type, true));
    const union: LogicalPlan = { kind: 'union', inputs, output: unionOutput };
    const keys = unionOutput.slice(0, columns.length);
    const tags = unionOutput.slice(columns.length);
    const aggregate = (name: string, arg: Attribute) => {
      const fn = lookupAggregateFunction(name)!.bind([arg.type]);
      return { call: { fn, args: [castTo(columnRef(arg), fn.argTypes[0])], distinct: false }, output: newAttribute(name, fn.returnType) };
    };
    const counts = except ? [aggregate('sum', tags[0])] : tags.map((t) => aggregate('count', t));
    const grouped: LogicalPlan = {
      kind: 'aggregate', input: union, groupBy: keys.map(columnRef), aggregates: counts.map((c) => c.call), output: [...keys, ...counts.map((c) => c.output)],
    };
    const [first, second] = counts.map((c) => columnRef(c.output));
    const zero: Expr = { kind: 'literal', value: 0, type: LongType };
    const kept: LogicalPlan = {
      kind: 'filter', input: grouped,
      condition: except ? binder.call('greater_than', [first, zero], op.pos)
        : binder.call('and', [binder.call('greater_than', [first, zero], op.pos), binder.call('greater_than', [second, zero], op.pos)], op.pos),
    };
    const copies = except ? first : binder.call('least', [first, second], op.pos);
    const one: Expr = { kind: 'literal', value: 1, type: LongType };
    const series = bindGenerator('generate_series', [one, copies], op.pos);
    const repeated: LogicalPlan = { kind: 'generate', input: kept, generators: [series], outer: false, generatorOutput: [newAttribute('copy', series.type)] };
    return { kind: 'project', input: repeated, exprs: keys.map(columnRef), output: columns.map((a) => newAttribute(a.name, a.type, a.nullable)) };
  }

  // ----- SELECT --------------------------------------------------------------------------------

  private bindSelect(select: ast.Select, ctes: Ctes, orderBy: readonly ast.SortItem[]): BoundRelation {
    // spark.sql.legacy.parser.havingWithoutGroupByAsWhere: HAVING without GROUP BY filters rows, as WHERE.
    if (select.having && select.groupBy.length === 0 && !select.groupByAll && this.ctx.setting?.('spark.sql.legacy.parser.havingWithoutGroupByAsWhere')?.toLowerCase() === 'true') {
      const where: ast.Expr = select.where ? { kind: 'binary', pos: select.having.pos, op: 'AND', left: select.where, right: select.having } : select.having;
      select = { ...select, where, having: undefined };
    }
    if (select.emptySetInRollupOrCube) {
      const { kind, pos } = select.emptySetInRollupOrCube;
      throw new QuarryError(SqlState.syntaxError, `[_LEGACY_ERROR_TEMP_0051] Empty set in ${kind} grouping sets is not supported.`, pos, '_LEGACY_ERROR_TEMP_0051');
    }
    let from: BoundRelation;
    if (select.from.length === 0) {
      from = { plan: { kind: 'values', output: [], rows: [[]] }, scope: new Scope([]) };
    } else {
      from = this.bindRelation(select.from[0], ctes);
      for (const rel of select.from.slice(1)) {
        if (rel.kind === 'tableFunction') from = this.bindTableFunction(rel, from);
        else if (rel.kind === 'subquery' && rel.lateral) {
          const { right, conditions } = this.bindLateral(rel, ctes, from);
          const plan: LogicalPlan = conditions.length > 0
            ? { kind: 'join', left: from.plan, right: right.plan, type: 'inner', condition: andAll(conditions) }
            : { kind: 'join', left: from.plan, right: right.plan, type: 'cross' };
          from = { plan, scope: from.scope.concat(right.scope) };
        } else from = this.crossJoin(from, this.bindRelation(rel, ctes));
      }
    }
    let plan = from.plan;
    const scope = from.scope;
    if (select.where) {
      const whereBinder = this.binder(scope, 'WHERE', undefined, ctes);
      plan = applyCondition(plan, requireBoolean(whereBinder.bind(select.where), 'WHERE', select.where.pos), whereBinder);
    }

    const items = this.expandStars(select.projection, scope);
    const aggregates = new AggregateCollector();
    const windows = new WindowCollector();
    // GROUP BY ALL: the SELECT items without aggregates are the keys.
    const groupByItems = select.groupByAll ? items.filter((i) => !containsAggregate(i.expr)).map((i) => i.expr) : select.groupBy;
    const grouped = select.groupByAll || groupByItems.length > 0 || select.having !== undefined || items.some((i) => containsAggregate(i.expr))
      || orderBy.some((s) => containsAggregate(s.expr));
    if (grouped) checkAggregatePlace(from.plan, select.pos);
    const generators = grouped ? undefined : new GeneratorCollector();
    // Spark's lateral column aliases: `SELECT a + 1 AS x, x * 2` reads the earlier item as bound (an alias used twice names neither).
    const lateralAliases = new Map<string, Expr>();
    const repeatedAliases = new Set<string>();
    const selectBinder = this.binder(scope, 'SELECT', grouped ? aggregates : undefined, ctes, windows, generators, lateralAliases);
    const projected = items.flatMap((item) => {
      const star = this.starColumns.get(item);
      const expr = star ? columnRef(star) : selectBinder.bind(item.expr);
      const alias = item.alias?.toLowerCase();
      if (alias !== undefined && !repeatedAliases.has(alias)) {
        if (lateralAliases.has(alias)) {
          lateralAliases.delete(alias);
          repeatedAliases.add(alias);
        } else lateralAliases.set(alias, expr);
      }
      return expandGenerated(item, expr, generators);
    });
    if (generators && generators.calls.length > 0) {
      plan = { kind: 'generate', input: plan, generators: generators.calls, outer: generators.outer, generatorOutput: generators.attributes };
    }

    let groupBy: Expr[] = [];
    let groupOutput: Attribute[] = [];
    if (grouped) {
      const groupBinder = this.binder(scope, 'GROUP BY');
      groupBy = groupByItems.map((g) => {
        const ordinal = ordinalOf(g);
        if (ordinal !== null) return this.projectionAt(projected, ordinal, g.pos, 'GROUP BY');
        if (g.kind === 'column' && g.name.parts.length === 1 && !scope.lookup(g.name.parts, g.pos)) {
          // Spark lets GROUP BY name a SELECT alias.
          const aliased = projected.find((p) => p.item.alias?.toLowerCase() === g.name.parts[0].toLowerCase());
          if (aliased) return aliased.expr;
        }
        return groupBinder.bind(g);
      });
      // With grouping sets a key is NULL where its set leaves it out: its own nullable column.
      groupOutput = groupBy.map((g) => (g.kind === 'column' && !select.groupingSets ? g.attribute : newAttribute(autoName(g), g.type, true)));
    }
    const groupingId = select.groupingSets ? newAttribute('spark_grouping_id', LongType, false) : undefined;

    const finishAggregate = (e: Expr, position: number, what: string): Expr => grouped
      ? this.rewriteForAggregate(e, groupBy, [...groupOutput, ...aggregates.attributes, ...windows.attributes, ...(groupingId ? [groupingId] : [])], position, what, groupingId)
      : e;
    let projectExprs = projected.map((p) => finishAggregate(p.expr, p.item.expr.pos, 'SELECT'));
    if (!grouped && projectExprs.some(containsSubquery)) ({ plan, exprs: projectExprs } = replaceScalarSubqueries(plan, projectExprs));
    let having: Expr | undefined;
    // HAVING may name SELECT aliases (`count(*) AS cnt … HAVING cnt > 1`) where no input column has the name.
    const havingBinder = this.binder(scope, 'HAVING', aggregates, ctes, undefined, undefined, lateralAliases);
    if (select.having) {
      // Spark's parser casts a HAVING condition that is not a predicate to BOOLEAN: HAVING sum(v) + 1 keeps non-zero sums.
      const condition = finishAggregate(havingBinder.bind(select.having), select.having.pos, 'HAVING');
      const castable = isNumeric(condition.type) || condition.type.kind === 'string';
      having = requireBoolean(castable ? castTo(condition, BooleanType, 'session', select.having.pos) : condition, 'HAVING', select.having.pos);
    }
    const output = projectExprs.map((e, i) => {
      const alias = projected[i].item.alias;
      const pgType = inferPgType(projected[i].item.expr, e);
      // A column as written, or a generator's (named col, unnest, … as Spark and Postgres name them), keeps its attribute.
      // (Not grouping__id, which reads spark_grouping_id but keeps its written name.)
      const written = projected[i].item.expr;
      const keeps = (written.kind === 'column' && !(e.kind === 'column' && written.name.parts.length === 1 && written.name.parts[0].toLowerCase() === 'grouping__id'))
        || (e.kind === 'column' && generators?.attributes.includes(e.attribute));
      // Spark names a column as written: `SELECT COL1` over col1 is COL1.
      const writtenName = written.kind === 'column' ? written.name.parts[written.name.parts.length - 1] : undefined;
      const renamed = alias === undefined && e.kind === 'column' && writtenName !== undefined && writtenName !== e.attribute.name
        && writtenName.toLowerCase() === e.attribute.name.toLowerCase();
      if (e.kind === 'column' && keeps && !renamed && (alias === undefined || alias === e.attribute.name) && pgType === e.attribute.pgType) return e.attribute;
      return newAttribute(alias ?? selectItemName(starsExpanded(projected[i].item.expr, scope)), e.type, true, pgType);
    });

    // ORDER BY: by output alias/ordinal/expression, else by an input expression carried as a hidden column.
    const sortKeys: SortKey[] = [];
    const hidden: Expr[] = [];
    const hiddenOutput: Attribute[] = [];
    for (const item of orderBy) {
      const ordinal = ordinalOf(item.expr);
      let key: Expr | undefined;
      if (ordinal !== null) {
        this.projectionAt(projected, ordinal, item.expr.pos, 'ORDER BY');
        key = columnRef(output[ordinal - 1]);
      } else if (item.expr.kind === 'column' && item.expr.name.parts.length === 1) {
        const name = item.expr.name.parts[0].toLowerCase();
        const index = output.findIndex((a, i) => (projected[i].item.alias ?? a.name).toLowerCase() === name);
        if (index >= 0) key = columnRef(output[index]);
      }
      if (!key) {
        const bound = finishAggregate(this.binder(scope, 'ORDER BY', grouped ? aggregates : undefined, ctes, windows).bind(item.expr), item.expr.pos, 'ORDER BY');
        const index = projectExprs.findIndex((e) => exprEquals(e, bound));
        if (index >= 0) key = columnRef(output[index]);
        else {
          if (select.distinct) {
            throw new QuarryError(SqlState.undefinedColumn, 'ORDER BY expressions must appear in the select list when SELECT DISTINCT is used.', item.expr.pos);
          }
          const attribute = bound.kind === 'column' ? bound.attribute : newAttribute(autoName(bound), bound.type);
          hidden.push(bound);
          hiddenOutput.push(attribute);
          key = columnRef(attribute);
        }
      }
      requireOrderable(key, item.expr.pos);
      sortKeys.push({ expr: key, ascending: item.ascending, nullsFirst: item.nullsFirst ?? item.ascending });
    }
    if (!grouped && hidden.some(containsSubquery)) {
      const replaced = replaceScalarSubqueries(plan, hidden);
      plan = replaced.plan;
      hidden.splice(0, hidden.length, ...replaced.exprs);
    }
    // The Aggregate is built last: ORDER BY may have added aggregate calls.
    if (grouped) {
      // Subqueries in aggregates' arguments and FILTERs are per input row: joined in below the Aggregate.
      const callExprs = aggregates.calls.flatMap((c) => [...c.args, ...(c.filter ? [c.filter] : [])]);
      if (callExprs.some(containsSubquery)) {
        const replaced = replaceScalarSubqueries(plan, callExprs);
        plan = replaced.plan;
        let k = 0;
        aggregates.calls.forEach((c, i) => {
          const args = c.args.map(() => replaced.exprs[k++]);
          aggregates.calls[i] = { ...c, args, filter: c.filter ? replaced.exprs[k++] : undefined };
        });
      }
      const input = plan;
      plan = select.groupingSets
        ? groupingSetsPlan(plan, groupBy, groupOutput, aggregates, select.groupingSets, groupingId!)
        : { kind: 'aggregate', input: plan, groupBy, aggregates: aggregates.calls, output: [...groupOutput, ...aggregates.attributes] };
      if (having && containsSubquery(having)) {
        // Subqueries in HAVING run over the groups, like WHERE's over rows: correlated ones may
        // only name grouping keys (which the groups carry as the same columns).
        const inputIds = new Set(outputOf(input).map((a) => a.id));
        const groupIds = new Set(outputOf(plan).map((a) => a.id));
        for (const sub of subqueriesIn(having)) {
          if (outerReferences(sub.plan, inputIds).some((a) => !groupIds.has(a.id))) {
            throw notSupported('A correlated subquery in HAVING that names columns other than plain grouping keys', sub.position);
          }
        }
        plan = applyCondition(plan, having, havingBinder);
      } else if (having) plan = { kind: 'filter', input: plan, condition: having };
      // Subqueries elsewhere in a grouped block see its groups too: joined in above the Aggregate.
      if (projectExprs.some(containsSubquery)) ({ plan, exprs: projectExprs } = replaceScalarSubqueries(plan, projectExprs));
      if (hidden.some(containsSubquery)) {
        const replaced = replaceScalarSubqueries(plan, hidden);
        plan = replaced.plan;
        hidden.splice(0, hidden.length, ...replaced.exprs);
      }
    }

    // QUALIFY filters on window results, so it is bound before the Window node is built.
    const qualify = select.qualify
      ? requireBoolean(finishAggregate(this.binder(scope, 'QUALIFY', grouped ? aggregates : undefined, undefined, windows).bind(select.qualify), select.qualify.pos, 'QUALIFY'), 'QUALIFY', select.qualify.pos)
      : undefined;
    if (windows.calls.length > 0) {
      // Window functions run after grouping: inside a grouped block they see its output.
      const calls = windows.calls.map((w) => mapWindowExprs(w, (e) => finishAggregate(e, select.pos, 'a window function')));
      plan = { kind: 'window', input: plan, windows: calls, windowOutput: windows.attributes };
    }
    if (qualify) plan = { kind: 'filter', input: plan, condition: qualify };
    plan = { kind: 'project', input: plan, exprs: [...projectExprs, ...hidden], output: [...output, ...hiddenOutput] };
    if (select.distinct) plan = distinct(plan);
    if (sortKeys.length > 0) plan = { kind: 'sort', input: plan, keys: sortKeys };
    if (hidden.length > 0) plan = { kind: 'project', input: plan, exprs: output.map(columnRef), output };
    return { plan, scope: Scope.of(output) };
  }

  /** ORDER BY over a set operation or VALUES: only output columns can be named. */
  private bindOrderByOutput(bound: BoundRelation, orderBy: readonly ast.SortItem[]): BoundRelation {
    const output = outputOf(bound.plan);
    const binder = this.binder(bound.scope, 'ORDER BY');
    const keys = orderBy.map((item) => {
      const ordinal = ordinalOf(item.expr);
      if (ordinal !== null && (ordinal < 1 || ordinal > output.length)) {
        throw new QuarryError(SqlState.syntaxError, `[ORDER_BY_POS_OUT_OF_RANGE] ORDER BY position ${ordinal} is not in select list (valid range is [1, ${output.length}]).`, item.expr.pos);
      }
      const expr = ordinal !== null ? columnRef(output[ordinal - 1]) : binder.bind(item.expr);
      requireOrderable(expr, item.expr.pos);
      return { expr, ascending: item.ascending, nullsFirst: item.nullsFirst ?? item.ascending };
    });
    return { plan: { kind: 'sort', input: bound.plan, keys }, scope: bound.scope };
  }

  private projectionAt(projected: { expr: Expr }[], ordinal: number, position: number, clause: string): Expr {
    if (ordinal < 1 || ordinal > projected.length) {
      throw new QuarryError(SqlState.syntaxError,
        `[${clause === 'ORDER BY' ? 'ORDER_BY_POS_OUT_OF_RANGE' : 'GROUP_BY_POS_OUT_OF_RANGE'}] ${clause} position ${ordinal} is not in select list (valid range is [1, ${projected.length}]).`, position);
    }
    return projected[ordinal - 1].expr;
  }

  /**
   * grouping(key): 1 where a grouping set left the key out; grouping_id(): all those bits. Both
   * read spark_grouping_id, and are 0 under a plain GROUP BY.
   */
  private groupingBits(call: Expr & { kind: 'call' }, groupBy: Expr[], groupingId: Attribute | undefined): Expr {
    const binder = this.binder(new Scope([]), 'grouping');
    if (!groupingId) {
      throw new QuarryError('42K0E', '[UNSUPPORTED_GROUPING_EXPRESSION] grouping()/grouping_id() can only be used with GroupingSets/Cube/Rollup.',
        call.position, 'UNSUPPORTED_GROUPING_EXPRESSION');
    }
    if (call.fn.name === 'grouping_id') {
      // grouping_id(cols) must list the grouping columns, all of them and in order.
      if (call.args.length > 0 && (call.args.length !== groupBy.length || call.args.some((a, i) => !exprEquals(a, groupBy[i])))) {
        throw new QuarryError(SqlState.groupingError,
          `[GROUPING_ID_COLUMN_MISMATCH] Columns of grouping_id (${call.args.map(autoName).join(',')}) does not match grouping columns (${groupBy.map(autoName).join(',')}).`,
          call.position, 'GROUPING_ID_COLUMN_MISMATCH');
      }
      return columnRef(groupingId);
    }
    const k = groupBy.findIndex((g) => exprEquals(g, call.args[0]));
    if (k < 0) {
      throw new QuarryError(SqlState.groupingError, '[GROUPING_COLUMN_MISMATCH] The argument of grouping() must be one of the GROUP BY columns.', call.position);
    }
    const shifted = binder.call('div', [columnRef(groupingId), literal(2 ** (groupBy.length - 1 - k), LongType)], call.position ?? 0);
    return castTo(binder.call('mod', [shifted, literal(2, LongType)], call.position ?? 0), { kind: 'tinyint' });
  }

  /** `*` and `t.*` become one item per column. */
  private expandStars(items: readonly ast.SelectItem[], scope: Scope): ast.SelectItem[] {
    return items.flatMap((item) => {
      if (item.expr.kind !== 'star') return [item];
      const except = new Set((item.expr.except ?? []).map((n) => n.toLowerCase()));
      for (const name of except) {
        if (!scope.star(item.expr.qualifier?.parts).some((c) => c.attribute.name.toLowerCase() === name)) {
          throw new QuarryError(SqlState.undefinedColumn, `[UNRESOLVED_COLUMN] The column \`${name}\` in * EXCEPT cannot be resolved.`, item.expr.pos);
        }
      }
      // `t.*` may name an outer query's relation: its columns are then outer references.
      const local = scope.star(item.expr.qualifier?.parts);
      const named = local.length === 0 && item.expr.qualifier && this.outer ? this.outer.star(item.expr.qualifier.parts) : local;
      const columns = named.filter((c) => !except.has(c.attribute.name.toLowerCase()));
      if (item.expr.qualifier && columns.length === 0) {
        throw new QuarryError(SqlState.undefinedTable,
          `[CANNOT_RESOLVE_STAR_EXPAND] Cannot resolve \`${item.expr.qualifier.parts.join('.')}\`.* given input columns.`, item.expr.pos);
      }
      return columns.map((c): ast.SelectItem => {
        const expanded: ast.SelectItem = {
          pos: item.pos,
          expr: { kind: 'column', pos: item.pos, name: { pos: item.pos, parts: [...c.qualifier, c.attribute.name] } },
        };
        // Bound to the column itself: two inputs may have columns of one name (`SELECT * FROM a, b`).
        this.starColumns.set(expanded, c.attribute);
        return expanded;
      });
    });
  }

  /**
   * In a grouped block every column outside an aggregate must be a grouping expression: replace
   * grouping expressions by the Aggregate's output, and refuse what is left of the input.
   * `available`: the grouping outputs in GROUP BY order, then the aggregate and window columns.
   */
  private rewriteForAggregate(e: Expr, groupBy: Expr[], available: Attribute[], position: number, clause: string, groupingId?: Attribute): Expr {
    const rewritten = transformExpr(e, (sub) => {
      if (sub.kind === 'call' && (sub.fn.name === 'grouping' || sub.fn.name === 'grouping_id')) return this.groupingBits(sub, groupBy, groupingId);
      const k = groupBy.findIndex((g) => exprEquals(g, sub));
      return k >= 0 ? columnRef(available[k]) : undefined;
    });
    const allowed = new Set(available.map((a) => a.id));
    for (const id of referencedAttributes(rewritten)) {
      if (!allowed.has(id)) {
        const column = findAttribute(rewritten, id)?.name ?? '?';
        // An outer block's aggregate beside this block's own aggregation: Spark refuses the correlation.
        if (this.outerAggregates?.collector.attributes.some((a) => a.id === id)) {
          throw new QuarryError(SqlState.featureNotSupported,
            `[UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.CORRELATED_REFERENCE] Expressions referencing the outer query are not supported outside of WHERE/HAVING clauses: ${column}.`,
            position, 'UNSUPPORTED_SUBQUERY_EXPRESSION_CATEGORY.CORRELATED_REFERENCE');
        }
        // Spark's classes: no GROUP BY at all, a column ORDER BY cannot see, or one not grouped.
        if (groupBy.length === 0 && clause === 'SELECT') {
          throw new QuarryError(SqlState.groupingError,
            `[MISSING_GROUP_BY] The query does not include a GROUP BY clause. Add GROUP BY or turn "${column}" into an aggregate with an OVER clause.`, position, 'MISSING_GROUP_BY');
        }
        if (clause === 'ORDER BY') {
          throw new QuarryError(SqlState.undefinedColumn,
            `[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function parameter with name \`${column}\` cannot be resolved among the grouped query's columns.`, position, 'UNRESOLVED_COLUMN');
        }
        throw new QuarryError(SqlState.groupingError,
          `[MISSING_AGGREGATION] The non-aggregating expression "${column}" in ${clause} is based on columns which are not participating in the GROUP BY clause. Add the columns or the expression to the GROUP BY, aggregate the expression, or use "any_value" if you do not care which of the values within a group is returned.`,
          position, 'MISSING_AGGREGATION');
      }
    }
    return rewritten;
  }
}

function subqueriesIn(e: Expr): SubqueryExpression[] {
  return e.kind === 'subquery' ? [e, ...children(e).flatMap(subqueriesIn)] : children(e).flatMap(subqueriesIn);
}

function findAttribute(e: Expr, id: number): Attribute | undefined {
  if (e.kind === 'column') return e.attribute.id === id ? e.attribute : undefined;
  for (const c of e.kind === 'call' ? e.args : e.kind === 'cast' ? [e.child] : []) {
    const found = findAttribute(c, id);
    if (found) return found;
  }
  return undefined;
}

/**
 * GROUPING SETS as a union of one Aggregate per set: keys outside a set are NULL, and
 * spark_grouping_id has a bit set for each of them (the first key the most significant bit).
 */
function groupingSetsPlan(input: LogicalPlan, groupBy: Expr[], groupOutput: Attribute[], aggregates: AggregateCollector,
  sets: readonly (readonly number[])[], groupingId: Attribute): LogicalPlan {
  const inputs = sets.map((set): LogicalPlan => {
    const keys = set.map((k) => groupBy[k]);
    const keyAttributes = set.map((k) => newAttribute(groupOutput[k].name, groupOutput[k].type));
    const aggregateAttributes = aggregates.attributes.map((a) => newAttribute(a.name, a.type));
    const aggregate: LogicalPlan = { kind: 'aggregate', input, groupBy: keys, aggregates: aggregates.calls, output: [...keyAttributes, ...aggregateAttributes] };
    const id = groupBy.reduce((bits, _, k) => bits * 2 + (set.includes(k) ? 0 : 1), 0);
    const exprs: Expr[] = [
      ...groupBy.map((g, k) => (set.includes(k) ? columnRef(keyAttributes[set.indexOf(k)]) : literal(null, g.type))),
      ...aggregateAttributes.map(columnRef),
      literal(id, LongType),
    ];
    return { kind: 'project', input: aggregate, exprs, output: exprs.map((e, i) => newAttribute(`c${i}`, e.type)) };
  });
  return { kind: 'union', inputs, output: [...groupOutput, ...aggregates.attributes, groupingId] };
}

/**
 * `plan` under the shared CTEs of `definitions` it reads, computed before it; the first defined
 * outermost, as later ones may read it.
 */
function withSharedCtes(definitions: readonly ast.CommonTableExpr[], ctes: Ctes, plan: LogicalPlan): LogicalPlan {
  let result = plan;
  for (const cte of [...definitions].reverse()) {
    const definition = ctes.get(cte.name.toLowerCase());
    if (definition?.kind !== 'definition' || !definition.shared) continue;
    result = { kind: 'sharedCte', id: definition.shared.id, name: cte.name, definition: definition.shared.plan, body: result };
  }
  return result;
}

function distinct(plan: LogicalPlan): LogicalPlan {
  const output = outputOf(plan);
  return { kind: 'aggregate', input: plan, groupBy: output.map(columnRef), aggregates: [], output };
}

/** Spark's ordinal words in messages: first, second, third, 4th… */
function ordinalWord(n: number): string {
  return ['first', 'second', 'third'][n - 1] ?? `${n}th`;
}

function ordinalOf(e: ast.Expr): number | null {
  return e.kind === 'number' && /^\d+$/.test(e.text) && !e.suffix ? Number(e.text) : null;
}

/** Whether an AST expression calls an aggregate function (outside subqueries). */
function containsAggregate(e: ast.Expr): boolean {
  if (e.kind === 'function') {
    // `sum(x) OVER (…)` is a window function; an aggregate inside its window still groups.
    if (e.over) return [...e.args, ...e.over.partitionBy, ...e.over.orderBy.map((k) => k.expr)].some(containsAggregate);
    if (e.name.parts.length === 1 && lookupAggregateFunction(e.name.parts[0])) return true;
    return e.args.some(containsAggregate);
  }
  return Object.values(e).some((v) =>
    Array.isArray(v) ? v.some((x) => isExpr(x) ? containsAggregate(x) : x && typeof x === 'object' && Object.values(x).some((y) => isExpr(y) && containsAggregate(y)))
      : isExpr(v) && containsAggregate(v));
}

const EXPR_KINDS = new Set(['column', 'star', 'null', 'boolean', 'number', 'string', 'binaryLiteral', 'binary', 'typedLiteral', 'interval', 'unary', 'binary',
  'isNull', 'isBoolean', 'inList', 'between', 'like', 'case', 'cast', 'function', 'parameter']);
const isExpr = (v: unknown): v is ast.Expr => typeof v === 'object' && v !== null && EXPR_KINDS.has((v as { kind?: string }).kind ?? '');



/**
 * A generator over `input`'s rows, its columns named `names` (or its own: col; pos, col; a
 * struct's fields) and qualified by `qualifier`. Generators of structs (posexplode, inline) give
 * one column per field.
 */
function generatorRelation(
  input: BoundRelation, call: GeneratorCall, outer: boolean, names: readonly string[], qualifier: string, position: number,
): BoundRelation {
  const fields = generatesColumns(call) && call.type.kind === 'struct' ? call.type.fields : [{ name: names[0] ?? 'col', type: call.type }];
  if (names.length > 0 && names.length !== fields.length) {
    throw new QuarryError('42826', `[ASSIGNMENT_ARITY_MISMATCH] ${call.name}() returns ${fields.length} column${fields.length === 1 ? '' : 's'}, not ${names.length}.`, position);
  }
  const generated = newAttribute(fields.length === 1 ? names[0] ?? fields[0].name : call.name, call.type, true);
  let plan: LogicalPlan = { kind: 'generate', input: input.plan, generators: [call], outer, generatorOutput: [generated] };
  let columns = [generated];
  if (fields.length > 1 || generatesColumns(call)) {
    // The struct's fields as columns of their own.
    const inputOutput = outputOf(input.plan);
    columns = fields.map((f, i) => newAttribute(names[i] ?? f.name, f.type, true));
    const fieldOf = (i: number): Expr => {
      const fn = lookupScalarFunction('get_struct_field')!.bind([call.type, StringType], [null, fields[i].name]);
      return { kind: 'call', fn, args: [columnRef(generated), literal(fields[i].name, StringType)], type: fn.returnType };
    };
    plan = { kind: 'project', input: plan, exprs: [...inputOutput.map(columnRef), ...fields.map((_, i) => fieldOf(i))], output: [...inputOutput, ...columns] };
  }
  return { plan, scope: input.scope.concat(Scope.of(columns, [qualifier])) };
}

/** Spark's name for a FROM subquery written without an alias, so that `*` can tell its columns apart. */
const autoSubqueryAlias = (pos: number): ast.TableAlias => ({ pos, name: '__auto_generated_subquery_name' });

/** A pivot value's column name: a string's text, a number as written. */
function pivotValueName(e: ast.Expr): string {
  if (e.kind === 'string') return e.value;
  if (e.kind === 'number') return e.text;
  return columnName(e);
}

/** For naming: `t.*` among a function's arguments as the columns it stands for, `struct(id, path)` as Spark names it. */
function starsExpanded(expr: ast.Expr, scope: Scope): ast.Expr {
  // count(*) is count(1), not a list of columns (but count(DISTINCT *) and count(t.*) are).
  const countStar = (f: ast.FunctionCall) => f.name.parts.at(-1)!.toLowerCase() === 'count' && !f.distinct && f.args.length === 1
    && f.args[0].kind === 'star' && !f.args[0].qualifier;
  const expands = (f: ast.FunctionCall) => f.args.some((a) => a.kind === 'star') && !countStar(f);
  let found = false;
  walkAst(expr, (node) => {
    if (node.kind === 'function' && expands(node as ast.FunctionCall)) found = true;
  });
  if (!found) return expr;
  const rewrite = (node: unknown): unknown => {
    if (node === null || typeof node !== 'object' || node instanceof Uint8Array) return node;
    if (Array.isArray(node)) return node.map(rewrite);
    const n = node as ast.Expr;
    if (n.kind === 'function' && expands(n)) {
      const args = n.args.flatMap((a): ast.Expr[] => a.kind !== 'star' ? [rewrite(a) as ast.Expr]
        : scope.star(a.qualifier?.parts).map((c) => ({ kind: 'column', pos: a.pos, name: { pos: a.pos, parts: [c.attribute.name] } })));
      return { ...n, args };
    }
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, rewrite(v)]));
  };
  return rewrite(expr) as ast.Expr;
}

/** `expr` with every aggregate call in it counting only rows where `condition` holds. */
function filterAggregates(expr: ast.Expr, condition: ast.Expr): ast.Expr {
  const rewrite = (node: unknown): unknown => {
    if (node === null || typeof node !== 'object' || node instanceof Uint8Array) return node;
    if (Array.isArray(node)) return node.map(rewrite);
    const n = node as ast.Expr;
    if (n.kind === 'function' && !n.over && lookupAggregateFunction(n.name.parts.at(-1)!)) {
      const filter: ast.Expr = n.filter ? { kind: 'binary', pos: n.pos, op: 'AND', left: n.filter, right: condition } : condition;
      return { ...n, filter };
    }
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, rewrite(v)]));
  };
  return rewrite(expr) as ast.Expr;
}

/**
 * A SELECT item that is a generator making several columns (posexplode, inline) becomes one item
 * per column, named by `AS (a, b)` or after the fields; `AS (a)` names a one-column generator.
 */
function expandGenerated(item: ast.SelectItem, expr: Expr, generators: GeneratorCollector | undefined): { item: ast.SelectItem; expr: Expr }[] {
  const index = generators && expr.kind === 'column' ? generators.attributes.indexOf(expr.attribute) : -1;
  const call = index >= 0 ? generators!.calls[index] : undefined;
  if (call && generatesColumns(call) && call.type.kind === 'struct') {
    const fields = call.type.fields;
    if (item.aliases && item.aliases.length !== fields.length) {
      throw new QuarryError('42826', `[ASSIGNMENT_ARITY_MISMATCH] ${call.name}() returns ${fields.length} columns, not ${item.aliases.length}.`, item.pos);
    }
    return fields.map((f, i) => {
      const fn = lookupScalarFunction('get_struct_field')!.bind([call.type, StringType], [null, f.name]);
      const field: Expr = { kind: 'call', fn, args: [expr, literal(f.name, StringType)], type: fn.returnType };
      return { item: { pos: item.pos, expr: item.expr, alias: item.aliases?.[i] ?? f.name }, expr: field };
    });
  }
  if (item.aliases) {
    if (item.aliases.length !== 1) throw new QuarryError('42826', `[ASSIGNMENT_ARITY_MISMATCH] The expression makes one column, not ${item.aliases.length}.`, item.pos);
    return [{ item: { ...item, alias: item.aliases[0] }, expr }];
  }
  return [{ item, expr }];
}

/**
 * TABLESAMPLE: `n ROWS` keeps the first n; `n PERCENT` and `BUCKET x OUT OF y` keep each row with
 * that probability (Bernoulli sampling, as Spark samples without an ON column).
 */
function sampled(bound: BoundRelation, sample: ast.TableRef['sample']): BoundRelation {
  if (!sample) return bound;
  if (sample.kind === 'rows') return { ...bound, plan: { kind: 'limit', input: bound.plan, limit: sample.value, offset: 0 } };
  const fraction = sample.kind === 'percent' ? sample.value / 100 : sample.value / sample.outOf!;
  const rand = lookupScalarFunction('rand')!.bind([]);
  const less = lookupScalarFunction('less_than')!.bind([DoubleType, DoubleType]);
  const condition: Expr = {
    kind: 'call', fn: less, type: less.returnType,
    args: [{ kind: 'call', fn: rand, args: [], type: DoubleType }, literal(fraction, DoubleType)],
  };
  return { ...bound, plan: { kind: 'filter', input: bound.plan, condition } };
}
