// Logical expressions: typed, with columns bound to attributes (by id, as Spark's exprId), so plans
// can be rewritten without losing track of which column is which.

import { DataType, typeToString } from '../common/types.js';
import { Scalar } from '../common/vector.js';
import { BoundScalarFunction } from '../exec/functions/function.js';
import { BoundAggregateFunction } from '../exec/aggregates/aggregate_function.js';
import { castToString } from '../exec/expressions/cast.js';
import { defaultExecutionContext } from '../exec/context.js';
import type { Frame } from '../exec/operators/window.js';
import type { GeneratorKind } from '../exec/operators/generate.js';
import type { LogicalPlan } from './logical_plan.js';

export interface Attribute {
  readonly id: number;
  readonly name: string;
  readonly type: DataType;
  readonly nullable: boolean;
  /** See Field.pgType: kept while the column passes through unchanged. */
  readonly pgType?: string;
}

export type Expr = ColumnReference | Literal | Call | Cast | SubqueryExpression | Lambda;

/** `(x, i) -> body`: an argument of a higher-order function (transform, filter, aggregate…). */
export interface Lambda {
  readonly kind: 'lambda';
  readonly params: readonly Attribute[];
  readonly body: Expr;
  /** The body's type. */
  readonly type: DataType;
}

export interface ColumnReference { readonly kind: 'column'; readonly attribute: Attribute; readonly type: DataType }
export interface Literal { readonly kind: 'literal'; readonly value: Scalar; readonly type: DataType }
export interface Call {
  readonly kind: 'call';
  readonly fn: BoundScalarFunction;
  readonly args: readonly Expr[];
  readonly type: DataType;
  /** Where the call was written, for runtime errors such as division by zero. */
  readonly position?: number;
}
export interface Cast {
  readonly kind: 'cast';
  readonly child: Expr;
  readonly type: DataType;
  /** `session` follows spark.sql.ansi.enabled; `try` is TRY_CAST; `ansi` always raises. */
  readonly mode: 'session' | 'try' | 'ansi';
  /** Where an explicit CAST was written, for its runtime errors. */
  readonly position?: number;
}

/**
 * EXISTS, IN (subquery) or a scalar subquery, as bound. The analyzer turns these into joins before
 * the plan leaves it; none reaches the optimizer.
 */
export interface SubqueryExpression {
  readonly kind: 'subquery';
  readonly predicate: 'exists' | 'in' | 'scalar';
  readonly plan: LogicalPlan;
  /** The left side of IN. */
  readonly operand?: Expr;
  readonly type: DataType;
  readonly position: number;
}

/** An aggregate function call, which only an Aggregate plan node computes. */
export interface AggregateCall {
  readonly fn: BoundAggregateFunction;
  readonly args: readonly Expr[];
  readonly distinct: boolean;
  readonly filter?: Expr;
}

/** A generator (set-returning function) call: explode, unnest, generate_series, generate_subscripts. */
export interface GeneratorCall {
  readonly kind: GeneratorKind;
  readonly args: readonly Expr[];
  readonly type: DataType;
  /** The call as written, for EXPLAIN. */
  readonly name: string;
}

/** A window function call, which only a Window plan node computes. */
export interface WindowCall {
  readonly function:
    | { readonly kind: 'row_number' | 'rank' | 'dense_rank' | 'percent_rank' | 'cume_dist' }
    | { readonly kind: 'ntile'; readonly buckets: number }
    | { readonly kind: 'lag' | 'lead'; readonly value: Expr; readonly offset: number; readonly default: Expr | null; readonly ignoreNulls?: boolean }
    | { readonly kind: 'aggregate'; readonly call: AggregateCall };
  readonly partitionBy: readonly Expr[];
  readonly orderBy: readonly { readonly expr: Expr; readonly ascending: boolean; readonly nullsFirst: boolean }[];
  readonly frame: Frame;
  readonly type: DataType;
}

/** Every expression inside a window call, for rewrites that must reach them. */
export function mapWindowExprs(w: WindowCall, fn: (e: Expr) => Expr): WindowCall {
  const f = w.function;
  const mapped: WindowCall['function'] = f.kind === 'lag' || f.kind === 'lead'
    ? { ...f, value: fn(f.value), default: f.default && fn(f.default) }
    : f.kind === 'aggregate' ? { ...f, call: { ...f.call, args: f.call.args.map(fn), filter: f.call.filter && fn(f.call.filter) } } : f;
  return { ...w, function: mapped, partitionBy: w.partitionBy.map(fn), orderBy: w.orderBy.map((k) => ({ ...k, expr: fn(k.expr) })) };
}

export function windowExprs(w: WindowCall): Expr[] {
  const found: Expr[] = [];
  mapWindowExprs(w, (e) => { found.push(e); return e; });
  return found;
}

export function windowToString(w: WindowCall): string {
  const f = w.function;
  const name = f.kind === 'aggregate' ? aggregateToString(f.call)
    : f.kind === 'lag' || f.kind === 'lead' ? `${f.kind}(${exprToString(f.value)}, ${f.offset}${f.default ? `, ${exprToString(f.default)}` : ''})`
    : f.kind === 'ntile' ? `ntile(${f.buckets})` : `${f.kind}()`;
  const partition = w.partitionBy.length > 0 ? `PARTITION BY ${w.partitionBy.map(exprToString).join(', ')} ` : '';
  const order = w.orderBy.length > 0 ? `ORDER BY ${w.orderBy.map((k) => `${exprToString(k.expr)} ${k.ascending ? 'ASC' : 'DESC'}`).join(', ')} ` : '';
  return `${name} OVER (${partition}${order}${w.frame.units} BETWEEN ${boundText(w.frame.start)} AND ${boundText(w.frame.end)})`;
}

const boundText = (b: Frame['start']) => b.kind === 'offset' ? `${Math.abs(b.rows)} ${b.rows < 0 ? 'PRECEDING' : 'FOLLOWING'}`
  : b.kind === 'currentRow' ? 'CURRENT ROW' : b.kind === 'unboundedPreceding' ? 'UNBOUNDED PRECEDING' : 'UNBOUNDED FOLLOWING';

let nextAttributeId = 1;

export function newAttribute(name: string, type: DataType, nullable = true, pgType?: string): Attribute {
  return pgType ? { id: nextAttributeId++, name, type, nullable, pgType } : { id: nextAttributeId++, name, type, nullable };
}

export const columnRef = (attribute: Attribute): ColumnReference => ({ kind: 'column', attribute, type: attribute.type });
export const literal = (value: Scalar, type: DataType): Literal => ({ kind: 'literal', value, type });

/** `expr` as `type`, adding a cast only when the types differ. */
export function castTo(expr: Expr, type: DataType, mode: Cast['mode'] = 'session', position?: number): Expr {
  if (typeToString(expr.type) === typeToString(type)) return expr;
  if (expr.kind === 'literal' && expr.value === null) return literal(null, type);
  return { kind: 'cast', child: expr, type, mode, position };
}

export function children(e: Expr): readonly Expr[] {
  if (e.kind === 'subquery') return e.operand ? [e.operand] : [];
  if (e.kind === 'lambda') return [e.body];
  return e.kind === 'call' ? e.args : e.kind === 'cast' ? [e.child] : [];
}

/** Rebuilds `e` bottom-up, letting `fn` replace any node. */
export function transformExpr(e: Expr, fn: (e: Expr) => Expr | undefined): Expr {
  const replaced = fn(e);
  if (replaced !== undefined) return replaced;
  if (e.kind === 'call') return { ...e, args: e.args.map((a) => transformExpr(a, fn)) };
  if (e.kind === 'cast') return { ...e, child: transformExpr(e.child, fn) };
  if (e.kind === 'subquery' && e.operand) return { ...e, operand: transformExpr(e.operand, fn) };
  if (e.kind === 'lambda') return { ...e, body: transformExpr(e.body, fn) };
  return e;
}

export function referencedAttributes(e: Expr, into = new Set<number>()): Set<number> {
  if (e.kind === 'column') into.add(e.attribute.id);
  for (const c of children(e)) referencedAttributes(c, into);
  return into;
}

export function exprEquals(a: Expr, b: Expr): boolean {
  return exprToString(a) === exprToString(b);
}

export function splitConjunction(e: Expr): Expr[] {
  return e.kind === 'call' && e.fn.name === 'and' ? e.args.flatMap(splitConjunction) : [e];
}

/** Spark-like text: `city#3`, `(fare#4 > 10)`, `sum(fare#4)`. */
export function exprToString(e: Expr): string {
  switch (e.kind) {
    case 'column': return `${e.attribute.name}#${e.attribute.id}`;
    case 'literal':
      if (e.value === null) return 'null';
      return e.type.kind === 'string' ? `'${e.value}'`
        : castToString(e.value, e.type, defaultExecutionContext) + (e.type.kind === 'bigint' ? 'L' : '');
    case 'call': return e.fn.display(e.args.map(exprToString));
    case 'cast': return `${e.mode === 'try' ? 'try_cast' : 'cast'}(${exprToString(e.child)} as ${typeToString(e.type)})`;
    case 'subquery': return `${e.operand ? `${exprToString(e.operand)} IN ` : ''}${e.predicate === 'exists' ? 'exists' : 'subquery'}#${e.position}`;
    case 'lambda': return `lambdafunction(${exprToString(e.body)}, ${e.params.map((p) => `${p.name}#${p.id}`).join(', ')})`;
  }
}

export function aggregateToString(a: AggregateCall): string {
  const args = a.args.length === 0 && a.fn.name === 'count' ? '1' : a.args.map(exprToString).join(', ');
  return `${a.fn.name}(${a.distinct ? 'DISTINCT ' : ''}${args})${a.filter ? ` FILTER (WHERE ${exprToString(a.filter)})` : ''}`;
}

/** The name Spark gives an unaliased projection: the expression's text without attribute ids. */
export function autoName(e: Expr): string {
  return exprToString(e).replace(/#\d+/g, '');
}

export function generatorToString(g: GeneratorCall): string {
  return `${g.name}(${g.args.map(exprToString).join(', ')})`;
}
