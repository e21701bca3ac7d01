// WITH RECURSIVE under Spark's rules (ResolveWithCTE, CheckAnalysis): a CTE that names itself must
// be `anchor UNION ALL recursive-part`, the anchor must not name it, and the recursive part may
// not read it from the inner side of an outer join or under an aggregate. The self-reference
// becomes a working-table leaf; the loop itself runs in RecursiveCteExec.

import * as ast from '../../parser/ast.js';
import { walkAst } from '../../parser/index.js';
import { QuarryError } from '../../common/errors.js';
import { typeToString, typesEqual } from '../../common/types.js';
import { Attribute, newAttribute } from '../expressions.js';
import { JoinType, LogicalPlan, planChildren } from '../logical_plan.js';

/** Spark's SQLSTATE for every invalid recursion. */
const INVALID_RECURSION = '42836';

/**
 * What a recursive CTE's name stands for inside its own definition. Without `columns` (in the
 * anchor and the CTEs beside it) naming it is an error; in the recursive part it is the working
 * table of loop `loopId`, with the CTE's columns.
 */
export interface RecursiveReference {
  readonly kind: 'recursiveReference';
  readonly name: string;
  readonly loopId?: number;
  readonly columns?: readonly Attribute[];
}

/** Ids of CTE results read by reference: recursive loops' working tables, shared CTEs. */
let lastCteId = 0;
export const nextCteId = (): number => ++lastCteId;

/** Whether a CTE's query names the CTE: only then is `RECURSIVE` more than a word (as in Spark). */
export function namesItself(cte: ast.CommonTableExpr): boolean {
  const name = cte.name.toLowerCase();
  let found = false;
  walkAst(cte.query, (node) => {
    if (node.kind === 'table' && (node as ast.TableRef).name.parts.length === 1 && (node as ast.TableRef).name.parts[0].toLowerCase() === name) found = true;
  });
  return found;
}

export const invalidRecursiveCte = (position?: number): QuarryError => new QuarryError(INVALID_RECURSION,
  '[INVALID_RECURSIVE_CTE] Invalid recursive definition found. Recursive queries must contain an UNION or an UNION ALL statement with 2 children. The first child needs to be the anchor term without any recursive references.',
  position, 'INVALID_RECURSIVE_CTE');

const invalidPlace = (position?: number): QuarryError => new QuarryError(INVALID_RECURSION,
  '[INVALID_RECURSIVE_REFERENCE.PLACE] Invalid recursive reference found inside WITH RECURSIVE clause. Recursive reference cannot be used on the right side of left outer/semi/anti joins, on the left side of right outer joins, in full outer joins, in aggregates, and in subquery expressions.',
  position, 'INVALID_RECURSIVE_REFERENCE.PLACE');

/**
 * The UNION at the top of a self-referencing CTE's query (through parentheses); anything else,
 * ORDER BY or LIMIT on it included, is not a recursion Spark accepts. Its own WITH clause may stay.
 */
export function recursiveUnion(query: ast.Query, position: number): ast.SetOperation {
  let body: ast.QueryBody = query.body;
  if (query.orderBy.length > 0 || query.limit || query.offset) throw invalidRecursiveCte(position);
  while (body.kind === 'query' && body.with.length === 0 && body.orderBy.length === 0 && !body.limit && !body.offset) body = body.body;
  if (body.kind !== 'setOperation' || body.op !== 'UNION') throw invalidRecursiveCte(position);
  return body;
}

export function unionNotSupported(position: number): QuarryError {
  return new QuarryError(INVALID_RECURSION,
    '[UNION_NOT_SUPPORTED_IN_RECURSIVE_CTE] The UNION operator is not yet supported within recursive common table expressions (WITH clauses that refer to themselves, directly or indirectly). Please use UNION ALL instead.',
    position, 'UNION_NOT_SUPPORTED_IN_RECURSIVE_CTE');
}

/** The CTE's columns: its column list's names (or the anchor's) and the anchor's types. */
export function recursiveColumns(cte: ast.CommonTableExpr, anchor: readonly Attribute[]): Attribute[] {
  if (cte.columns && cte.columns.length !== anchor.length) {
    throw new QuarryError('42826',
      `[ASSIGNMENT_ARITY_MISMATCH] The number of columns in the alias (${cte.columns.length}) does not match the number of columns of \`${cte.name}\` (${anchor.length}).`, cte.pos);
  }
  return anchor.map((a, i) => newAttribute(cte.columns?.[i] ?? a.name, a.type, true, a.pgType));
}

/**
 * Every iteration must produce the anchor's types: Spark merges each iteration's schema into the
 * anchor's and fails where a type differs (INT against DECIMAL, STRING against BIGINT).
 */
export function checkRecursiveTypes(anchor: readonly Attribute[], recursive: readonly Attribute[], position: number): void {
  if (recursive.length !== anchor.length) {
    throw new QuarryError('42826', `[NUM_COLUMNS_MISMATCH] UNION can only be performed on inputs with the same number of columns, but the first input has ${anchor.length} columns and the second input has ${recursive.length} columns.`, position);
  }
  anchor.forEach((a, i) => {
    if (!typesEqual(a.type, recursive[i].type)) {
      const [left, right] = [a.type, recursive[i].type].map((t) => `"${typeToString(t).toUpperCase()}"`);
      throw new QuarryError('42825',
        `[CANNOT_MERGE_INCOMPATIBLE_DATA_TYPE] Failed to merge incompatible data types ${left} and ${right}. Please check the data types of the columns being merged and ensure that they are compatible. If necessary, consider casting the columns to compatible data types before attempting the merge.`,
        position, 'CANNOT_MERGE_INCOMPATIBLE_DATA_TYPE');
    }
  });
}

/** Whether `plan` reads the working table of a loop defined outside it: a recursive reference. */
export function readsWorkingTable(plan: LogicalPlan): boolean {
  return freeLoops(plan).size > 0;
}

function freeLoops(plan: LogicalPlan): Set<number> {
  if (plan.kind === 'workingTable') return new Set([plan.loopId]);
  const loops = new Set<number>();
  for (const child of planChildren(plan)) for (const id of freeLoops(child)) loops.add(id);
  if (plan.kind === 'recursiveCte') loops.delete(plan.loopId);
  return loops;
}

/**
 * A recursive reference may not be the side of an outer, semi or anti join whose rows depend on
 * the other side's absence: every iteration would see only the previous one's rows there.
 */
export function checkJoinPlace(type: JoinType, left: LogicalPlan, right: LogicalPlan, position: number): void {
  const leftForbidden = type === 'right' || type === 'full';
  const rightForbidden = type === 'left' || type === 'full' || type === 'semi' || type === 'anti';
  if ((leftForbidden && readsWorkingTable(left)) || (rightForbidden && readsWorkingTable(right))) throw invalidPlace(position);
}

/** Aggregating a recursive reference would aggregate one iteration's rows, not the CTE's. */
export function checkAggregatePlace(from: LogicalPlan, position: number): void {
  if (readsWorkingTable(from)) throw invalidPlace(position);
}
