// Join reordering for comma-separated FROM lists (Spark's ReorderJoin): a tree of inner and cross
// joins is flattened into its relations and conditions, then rebuilt greedily so that each next
// relation is one a condition connects to those already joined. `FROM a, b, c WHERE a.x = c.x AND
// c.y = b.y` joins a to c, then b, instead of building the a × b cross product first. Of the
// relations a condition connects, the smallest filtered one comes next, so that a filtered
// dimension narrows the facts early. A filtered relation reached only through one other relation,
// which itself connects to one relation more (nation filtered to one name, reached through
// supplier, which joins partsupp), is joined to it first: the pair enters the order as one
// filtered relation (a bushy plan, supplier ⋈ nation as a build side) instead of the facts meeting
// every supplier before the filter applies. Relations no condition reaches are cross-joined last,
// in written order. Runs after filters were pushed into join conditions.

import { Expr, referencedAttributes, splitConjunction } from '../expressions.js';
import { LogicalPlan, outputOf, planChildren, withChildren } from '../logical_plan.js';
import { andAll } from './predicates.js';
import type { SizeEstimator } from '../size_estimates.js';

export function reorderJoins(plan: LogicalPlan, _ctx?: unknown, sizes?: SizeEstimator): LogicalPlan {
  if (isInnerJoin(plan)) return reorder(plan, sizes);
  return withChildren(plan, planChildren(plan).map((c) => reorderJoins(c, _ctx, sizes)));
}

const isInnerJoin = (p: LogicalPlan): p is LogicalPlan & { kind: 'join' } => p.kind === 'join' && (p.type === 'inner' || p.type === 'cross');

function reorder(join: LogicalPlan & { kind: 'join' }, sizes?: SizeEstimator): LogicalPlan {
  const relations: LogicalPlan[] = [];
  const conditions: Expr[] = [];
  flatten(join, relations, conditions);
  relations.forEach((r, i) => { relations[i] = reorderJoins(r, undefined, sizes); });
  if (relations.length < 3) return withChildren(join, relations);
  if (sizes) joinFilteredLeaves(relations, conditions, sizes);
  const ids = relations.map((r) => new Set(outputOf(r).map((a) => a.id)));
  const pending = conditions.map((c) => ({ condition: c, refs: [...referencedAttributes(c)] }));
  const joined = new Set<number>();
  const remaining = relations.map((_, i) => i);
  const connects = (i: number) => pending.some(({ refs }) =>
    refs.some((id) => ids[i].has(id)) && refs.some((id) => joined.has(id)) && refs.every((id) => joined.has(id) || ids[i].has(id)));
  let plan = relations[remaining.shift()!];
  for (const id of ids[relations.indexOf(plan)]) joined.add(id);
  // Of the relations a condition connects, a filtered one first, the smallest of those (a filtered
  // dimension narrows the facts early; an unfiltered one may multiply them through a non-key
  // condition); else the first written.
  const filteredSize = relations.map((r) => (sizes && sizes.keptShare(r) < 1 ? sizes.bytes(r) : Infinity));
  while (remaining.length > 0) {
    let next = remaining.findIndex(connects);
    remaining.forEach((index, k) => { if (connects(index) && filteredSize[index] < filteredSize[remaining[next]]) next = k; });
    const index = remaining.splice(next >= 0 ? next : 0, 1)[0];
    for (const id of ids[index]) joined.add(id);
    const applicable = pending.filter(({ refs }) => refs.every((id) => joined.has(id)));
    for (const a of applicable) pending.splice(pending.indexOf(a), 1);
    plan = applicable.length > 0
      ? { kind: 'join', left: plan, right: relations[index], type: 'inner', condition: andAll(applicable.map((a) => a.condition)) }
      : { kind: 'join', left: plan, right: relations[index], type: 'cross' };
  }
  // Conditions that name no relation (constants) stay on the top join.
  if (pending.length > 0 && plan.kind === 'join') {
    const extra = pending.map((p) => p.condition);
    plan = { ...plan, type: 'inner', condition: andAll([...(plan.condition ? [plan.condition] : []), ...extra]) };
  }
  return plan;
}

/**
 * Joins each filtered relation that one other relation alone connects to into that relation, when
 * that one connects to a single relation more: a hub (supplier joining lineitem and customer in
 * Q5) would otherwise come next as a filtered relation through a condition that is not a key.
 */
function joinFilteredLeaves(relations: LogicalPlan[], conditions: Expr[], sizes: SizeEstimator): void {
  for (let merged = true; merged && relations.length > 2;) {
    merged = false;
    const ids = relations.map((r) => new Set(outputOf(r).map((a) => a.id)));
    const owners = (c: Expr) => {
      const refs = [...referencedAttributes(c)];
      return relations.flatMap((_, i) => (refs.some((id) => ids[i].has(id)) ? [i] : []));
    };
    const neighbours = (i: number) => new Set(conditions.filter((c) => owners(c).includes(i)).flatMap(owners).filter((j) => j !== i));
    for (let leaf = 0; leaf < relations.length && !merged; leaf++) {
      if (sizes.keptShare(relations[leaf]) >= 1) continue;
      const touching = conditions.filter((c) => owners(c).includes(leaf));
      const others = neighbours(leaf);
      if (others.size !== 1 || touching.some((c) => owners(c).length !== 2)) continue;
      const [parent] = others;
      if (neighbours(parent).size !== 2 || sizes.bytes(relations[leaf]) > sizes.bytes(relations[parent])) continue;
      relations[parent] = { kind: 'join', left: relations[parent], right: relations[leaf], type: 'inner', condition: andAll(touching) };
      relations.splice(leaf, 1);
      for (const c of touching) conditions.splice(conditions.indexOf(c), 1);
      merged = true;
    }
  }
}

function flatten(p: LogicalPlan, relations: LogicalPlan[], conditions: Expr[]): void {
  if (isInnerJoin(p)) {
    flatten(p.left, relations, conditions);
    flatten(p.right, relations, conditions);
    if (p.condition) conditions.push(...splitConjunction(p.condition));
    return;
  }
  relations.push(p);
}
