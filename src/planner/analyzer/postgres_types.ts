// The Postgres type a result column is described with when Spark's type alone would say less:
// catalog columns (oid, name, "char") keep theirs through CASE and COALESCE, and casts to
// Postgres's own types (`::regclass`, `::oid`) name them, as Npgsql and psql expect.

import * as ast from '../../parser/ast.js';
import { Expr } from '../expressions.js';

// Written type names that are Postgres catalog types (see common/postgres_types.ts).
const CAST_TYPES: Record<string, string> = {
  oid: 'oid', regclass: 'regclass', regtype: 'regtype', regproc: 'regproc', regnamespace: 'regnamespace', xid: 'xid',
  name: 'name', '"char"': 'char', json: 'json', 'oid[]': 'oid[]',
};

const PASS_THROUGH = new Set(['casewhen', 'coalesce', 'nullif', 'nvl', 'ifnull', 'if']);

export function inferPgType(written: ast.Expr, bound: Expr): string | undefined {
  if (written.kind === 'cast') {
    const name = written.type.text.toLowerCase().replace(/^pg_catalog\./, '').replace(/\s+/g, '');
    return CAST_TYPES[name];
  }
  return fromExpression(bound);
}

function fromExpression(e: Expr): string | undefined {
  if (e.kind === 'column') return e.attribute.pgType;
  if (e.kind !== 'call') return undefined;
  if (e.fn.name === 'json_build_object' || e.fn.name === 'json_build_array') return 'json';
  // A correlated scalar subquery's value, as decorrelation wraps it.
  if (e.fn.name === 'scalar_subquery_value') return fromExpression(e.args[1]);
  if (!PASS_THROUGH.has(e.fn.name)) return undefined;
  // CASE's arguments alternate condition, value, …, then an ELSE value; the others' are all values.
  const values = e.fn.name === 'casewhen' ? e.args.filter((_, i) => i % 2 === 1 || i === e.args.length - 1) : e.fn.name === 'if' ? e.args.slice(1) : e.args;
  const typed = values.filter((v) => !isConstant(v)).map(fromExpression);
  return typed.length > 0 && typed.every((t) => t !== undefined && t === typed[0]) ? typed[0] : undefined;
}

const isConstant = (e: Expr): boolean => e.kind === 'literal' || (e.kind === 'cast' && isConstant(e.child));
