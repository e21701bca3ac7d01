// Building and rewriting conjunctions and disjunctions without going back through the analyzer.

import { lookupScalarFunction } from '../../exec/functions/registry.js';
import { BooleanType } from '../../common/types.js';
import { Expr, exprToString, referencedAttributes, splitConjunction } from '../expressions.js';

const and = lookupScalarFunction('and')!.bind([BooleanType, BooleanType]);
const or = lookupScalarFunction('or')!.bind([BooleanType, BooleanType]);

export function andAll(conjuncts: readonly Expr[]): Expr {
  return conjuncts.reduce((a, b) => ({ kind: 'call', fn: and, args: [a, b], type: BooleanType }));
}

export function orAll(disjuncts: readonly Expr[]): Expr {
  return disjuncts.reduce((a, b) => ({ kind: 'call', fn: or, args: [a, b], type: BooleanType }));
}

export function splitDisjunction(e: Expr): Expr[] {
  return e.kind === 'call' && e.fn.name === 'or' ? e.args.flatMap(splitDisjunction) : [e];
}

/**
 * `(a AND b) OR (a AND c)` → `a AND (b OR c)` (Spark's BooleanSimplification; the distributive law
 * holds in three-valued logic too), so that a join key written in every branch of an OR, as in
 * TPC-H Q19, becomes a conjunct an equi-join can use. Returns the resulting conjuncts. Only
 * deterministic common terms are factored out: they are then evaluated once instead of per branch.
 */
export function factorDisjunction(e: Expr, isDeterministic: (e: Expr) => boolean): Expr[] {
  const disjuncts = splitDisjunction(e);
  if (disjuncts.length < 2) return [e];
  const branches = disjuncts.map(splitConjunction);
  const keyed = branches.map((b) => new Set(b.map(exprToString)));
  const common = branches[0].filter((c) => isDeterministic(c) && keyed.every((k) => k.has(exprToString(c))));
  if (common.length === 0) return [e];
  const commonKeys = new Set(common.map(exprToString));
  const rests = branches.map((b) => b.filter((c) => !commonKeys.has(exprToString(c))));
  // A branch left with nothing is TRUE: the OR of the rests is then TRUE too.
  if (rests.some((r) => r.length === 0)) return dedupe(common);
  return [...dedupe(common), orAll(rests.map(andAll))];
}

function dedupe(exprs: readonly Expr[]): Expr[] {
  const seen = new Set<string>();
  return exprs.filter((e) => { const k = exprToString(e); if (seen.has(k)) return false; seen.add(k); return true; });
}

/**
 * The part of a disjunction that only reads `ids`: `(a1 AND b1) OR (a2 AND b2)` implies `a1 OR a2`
 * when a1 and a2 read only `ids` (Spark's PushExtraPredicateThroughJoin). Undefined when some branch
 * has no such conjunct. The original predicate still has to be applied.
 */
export function impliedDisjunction(e: Expr, ids: ReadonlySet<number>, isDeterministic: (e: Expr) => boolean): Expr | undefined {
  const disjuncts = splitDisjunction(e);
  if (disjuncts.length < 2) return undefined;
  const parts: Expr[] = [];
  for (const d of disjuncts) {
    const local = splitConjunction(d).filter((c) => {
      const refs = [...referencedAttributes(c)];
      return refs.length > 0 && refs.every((id) => ids.has(id)) && isDeterministic(c);
    });
    if (local.length === 0) return undefined;
    parts.push(andAll(local));
  }
  return orAll(parts);
}
