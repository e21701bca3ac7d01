// SQLTransformer statements run by Quarry's own engine: the statement is parsed and bound against
// `__THIS__` (the stage's input batch, as a relation of no rows at binding time), and its
// projection (and WHERE) evaluated over the batch. A statement has to map rows to rows, which is
// what predict() needs: SELECT … FROM __THIS__ [WHERE …]; aggregates, joins, sorting are refused.

import { Catalog } from '../catalog/index.js';
import { makeBatch } from '../common/batch.js';
import { QuarryError, SqlState } from '../common/errors.js';
import { DataType, DoubleType, Field, typeToString, typesEqual } from '../common/types.js';
import { Vector, isNullAt, take } from '../common/vector.js';
import { ExecutionContext, defaultExecutionContext } from '../exec/context.js';
import type { SqlTransform, SqlTransformCompiler } from '../ml/index.js';
import * as ast from '../parser/ast.js';
import { parseStatement, walkAst } from '../parser/index.js';
import type { Attribute } from '../planner/expressions.js';
import { Expr, LogicalPlan, QueryBinder, outputOf } from '../planner/index.js';
import { toPhysicalExpr } from '../planner/physical_expressions.js';

const THIS = '__this__';

/** A statement bound for one set of input types. */
interface BoundStatement {
  /** `__THIS__`'s columns, in the order the batch holds them. */
  readonly input: readonly Attribute[];
  readonly condition: Expr | null;
  readonly exprs: readonly Expr[];
  readonly output: readonly Attribute[];
}

export function sqlTransformCompiler(catalog: Catalog, ctx: ExecutionContext = defaultExecutionContext): SqlTransformCompiler {
  return (statement) => compile(catalog, ctx, statement);
}

function compile(catalog: Catalog, ctx: ExecutionContext, statement: string): SqlTransform {
  let parsed: ast.Statement;
  try {
    parsed = parseStatement(statement);
  } catch (e) {
    throw invalid(statement, e instanceof Error ? e.message : String(e));
  }
  if (parsed.kind !== 'queryStatement') throw invalid(statement, 'it is not a query');
  const query = parsed.query;
  const { names, shadowed } = referencedColumns(query);
  const bind = (types: readonly DataType[]): BoundStatement =>
    bindStatement(catalog, statement, query, names.map((name, i) => ({ name, type: types[i], nullable: true })));
  // Declared as double, the type of ML features; a batch with other types is bound again for them.
  let declared: BoundStatement | undefined;
  while (declared === undefined) {
    try {
      declared = bind(names.map(() => DoubleType));
    } catch (e) {
      // A name that is also an alias (`SELECT a + 1 AS a`) is an input after all when nothing else resolves it.
      const unresolved = e instanceof QuarryError && e.errorClass?.startsWith('UNRESOLVED_COLUMN')
        ? shadowed.findIndex((n) => e.message.includes(`\`${n}\``)) : -1;
      if (unresolved < 0) throw invalid(statement, e instanceof Error ? e.message : String(e));
      names.push(...shadowed.splice(unresolved, 1));
    }
  }
  const byTypes = new Map<string, BoundStatement>([[names.map(() => 'double').join(','), declared]]);
  const input = declared.input;
  const passedThrough = (e: Expr, a: Attribute) => e.kind === 'column' && e.attribute.name === a.name && input.some((i) => i.id === e.attribute.id);
  const exprs = declared.exprs;
  const computed = declared.output.map((a, i) => ({ a, i })).filter(({ a, i }) => !passedThrough(exprs[i], a));
  const outputNames = new Set(computed.map(({ a }) => a.name));
  return {
    inputs: names.map((name) => ({ name, type: DoubleType })),
    outputs: computed.map(({ a }) => ({ name: a.name, type: a.type })),
    selected: selectsEverything(query) ? null : declared.output.map((a) => a.name),
    run(columns, numRows) {
      const vectors = names.map((name) => columns.get(name)!);
      const key = vectors.map((v) => typeToString(v.type)).join(',');
      let bound = byTypes.get(key);
      if (bound === undefined) {
        try {
          bound = bind(vectors.map((v) => v.type));
        } catch (e) {
          throw invalid(statement, e instanceof Error ? e.message : String(e));
        }
        byTypes.set(key, bound);
      }
      let batch = makeBatch(bound.input.map((a) => ({ name: a.name, type: a.type, nullable: true })), vectors, numRows);
      let keep: Uint8Array | null = null;
      if (bound.condition !== null) {
        const verdict = toPhysicalExpr(bound.condition, bound.input).evaluate(batch, ctx);
        keep = new Uint8Array(numRows);
        const rows: number[] = [];
        for (let i = 0; i < numRows; i++) {
          if (!isNullAt(verdict, i) && (verdict.data as ArrayLike<number>)[i]) { keep[i] = 1; rows.push(i); }
        }
        batch = makeBatch(batch.schema, batch.columns.map((c) => take(c, rows, rows.length)), rows.length);
      }
      const out = new Map<string, Vector>();
      bound.output.forEach((a, i) => {
        if (outputNames.has(a.name)) out.set(a.name, toPhysicalExpr(bound.exprs[i], bound.input).evaluate(batch, ctx));
      });
      return { keep, columns: out };
    },
  };
}

/**
 * The names the statement reads: its column references, unqualified or qualified by __THIS__ or a
 * table alias; `shadowed` are those also defined by the statement (lateral aliases, lambda
 * parameters), inputs only when binding finds nothing else by that name.
 */
function referencedColumns(query: ast.Query): { names: string[]; shadowed: string[] } {
  const defined = new Set<string>();
  const qualifiers = new Set<string>([THIS]);
  const references: (readonly string[])[] = [];
  walkAst(query, (node) => {
    if (node.kind === 'lambda') (node as ast.LambdaFunction).params.forEach((p) => defined.add(p.toLowerCase()));
    const item = node as Partial<ast.SelectItem>;
    if (typeof item.alias === 'string' && 'expr' in item) defined.add(item.alias.toLowerCase());
    const relationAlias = (node as { alias?: Partial<ast.TableAlias> }).alias?.name;
    if (typeof relationAlias === 'string') qualifiers.add(relationAlias.toLowerCase());
    if (node.kind === 'column') references.push((node as ast.ColumnRef).name.parts);
  });
  const names = new Map<string, string>();
  for (const parts of references) {
    const name = parts.length === 1 ? parts[0] : parts.length === 2 && qualifiers.has(parts[0].toLowerCase()) ? parts[1] : undefined;
    if (name !== undefined && !names.has(name.toLowerCase())) names.set(name.toLowerCase(), name);
  }
  const all = [...names.values()];
  return { names: all.filter((n) => !defined.has(n.toLowerCase())), shadowed: all.filter((n) => defined.has(n.toLowerCase())) };
}

/** Whether the statement's SELECT list holds a plain `*` (or `t.*`): every input column passes through. */
function selectsEverything(query: ast.Query): boolean {
  return query.body.kind === 'select' && query.body.projection.some((item) => item.expr.kind === 'star' && !(item.expr.except?.length));
}

function bindStatement(catalog: Catalog, statement: string, query: ast.Query, columns: readonly Field[]): BoundStatement {
  let plan: LogicalPlan = new QueryBinder({
    catalog, database: 'default', timeZone: defaultExecutionContext.timeZone,
    sessionTables: (name) => (name === THIS ? { columns, rows: [] } : undefined),
  }).bindQuery(query).plan;
  const output = outputOf(plan);
  let exprs: readonly Expr[] | null = null;
  if (plan.kind === 'project') {
    exprs = plan.exprs;
    plan = plan.input;
  }
  let condition: Expr | null = null;
  if (plan.kind === 'filter') {
    condition = plan.condition;
    plan = plan.input;
  }
  const reachesThis = plan.kind === 'values' && plan.rows.length === 0 && plan.output.length === columns.length
    && plan.output.every((a, i) => a.name === columns[i].name && typesEqual(a.type, columns[i].type));
  if (!reachesThis) throw invalid(statement, 'only SELECT … FROM __THIS__ [WHERE …], one row out for each row in, runs as a model stage');
  const input = (plan as Extract<LogicalPlan, { kind: 'values' }>).output;
  return { input, condition, exprs: exprs ?? input.map((a) => ({ kind: 'column', attribute: a, type: a.type })), output };
}

function invalid(statement: string, reason: string): QuarryError {
  return new QuarryError(SqlState.featureNotSupported,
    `[UNSUPPORTED_FEATURE.SQL_TRANSFORMER] The SQLTransformer statement \`${statement}\` cannot run: ${reason}`, undefined, 'UNSUPPORTED_FEATURE');
}
