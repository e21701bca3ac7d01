// Postgres catalog functions that are queries over the catalog: obj_description(oid, 'pg_class')
// is the matching pg_description row. They expand to scalar subqueries over pg_catalog, so they
// answer from the same rows a client could read itself.

import * as ast from '../../parser/ast.js';
import { parseExpressionText } from '../../parser/index.js';

/** Each macro's SQL, with $1, $2 … standing for the call's arguments. */
export const CATALOG_MACROS: Record<string, string> = {
  obj_description: `(SELECT d.description FROM pg_catalog.pg_description d
    WHERE d.objoid = $1 AND d.objsubid = 0 AND d.classoid = coalesce((SELECT c.oid FROM pg_catalog.pg_class c WHERE c.relname = $2), d.classoid))`,
  col_description: `(SELECT d.description FROM pg_catalog.pg_description d
    WHERE d.objoid = $1 AND d.objsubid = $2 AND d.classoid = 1259)`,
  shobj_description: `(SELECT d.description FROM pg_catalog.pg_description d WHERE d.objoid = $1 AND d.objsubid = 0 AND $2 IS NOT NULL)`,
  pg_get_viewdef: `(SELECT v.definition FROM pg_catalog.pg_views v JOIN pg_catalog.pg_class c ON c.relname = v.viewname
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace AND n.nspname = v.schemaname WHERE c.oid = $1 AND ($2 IS NULL OR $2 IS NOT NULL))`,
};

const parsed = new Map<string, ast.Expr>();

/** The macro's expression with the call's arguments in place of $n (a missing one is NULL). */
export function expandMacro(sql: string, call: ast.FunctionCall): ast.Expr {
  let template = parsed.get(sql);
  if (!template) {
    template = parseExpressionText(sql);
    parsed.set(sql, template);
  }
  return substitute(template, call) as ast.Expr;
}

function substitute(node: unknown, call: ast.FunctionCall): unknown {
  if (node === null || typeof node !== 'object') return node;
  if (Array.isArray(node)) return node.map((n) => substitute(n, call));
  const n = node as { kind?: string; index?: number; pos?: number };
  if (n.kind === 'parameter') {
    // The call's own position, so errors point at what the user wrote.
    return call.args[n.index! - 1] ?? { kind: 'null', pos: call.pos };
  }
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) copy[key] = key === 'pos' ? call.pos : substitute(value, call);
  return copy;
}
