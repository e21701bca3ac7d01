// The columns a query block can see, with the qualifiers they can be named by.

import { QuarryError, SqlState } from '../../common/errors.js';
import { Attribute } from '../expressions.js';

export interface ScopeColumn {
  /** Lower-cased qualifier parts, innermost last: `['default', 'trips']` or `['t']`. */
  readonly qualifier: readonly string[];
  readonly attribute: Attribute;
  /** A USING join's key of one side: named only with its qualifier (`t.k`, `t.*`), never by `k` or `*`. */
  readonly hidden?: boolean;
}

export class Scope {
  constructor(readonly columns: readonly ScopeColumn[]) {}

  static of(attributes: readonly Attribute[], qualifier: readonly string[] = []): Scope {
    return new Scope(attributes.map((attribute) => ({ qualifier, attribute })));
  }

  /** The same columns, now named only by `alias` (a FROM-clause alias or subquery name). */
  requalify(alias: string): Scope {
    return new Scope(this.columns.filter((c) => !c.hidden).map((c) => ({ qualifier: [alias.toLowerCase()], attribute: c.attribute })));
  }

  concat(other: Scope): Scope {
    return new Scope([...this.columns, ...other.columns]);
  }

  /** Resolves `col`, `t.col`, `db.t.col`; undefined when nothing matches. */
  lookup(parts: readonly string[], position: number): Attribute | undefined {
    const name = parts[parts.length - 1].toLowerCase();
    const qualifier = parts.slice(0, -1).map((p) => p.toLowerCase());
    const matches = this.columns.filter((c) => c.attribute.name.toLowerCase() === name && qualifierMatches(c.qualifier, qualifier)
      && !(c.hidden && qualifier.length === 0));
    if (matches.length > 1 && new Set(matches.map((m) => m.attribute.id)).size > 1) {
      throw new QuarryError(SqlState.ambiguousColumn,
        `[AMBIGUOUS_REFERENCE] Reference \`${parts.join('.')}\` is ambiguous, could be: [${matches.map((m) => `\`${[...m.qualifier, m.attribute.name].join('`.`')}\``).join(', ')}].`,
        position, 'AMBIGUOUS_REFERENCE');
    }
    return matches[0]?.attribute;
  }

  /** Columns for `*` (no qualifier) or `t.*`. */
  star(qualifier: readonly string[] | undefined): ScopeColumn[] {
    if (!qualifier) return this.columns.filter((c) => !c.hidden);
    const q = qualifier.map((p) => p.toLowerCase());
    return this.columns.filter((c) => qualifierMatches(c.qualifier, q));
  }

  /** Spark's suggestion list for an unresolved column. */
  suggestions(): string {
    return this.columns.filter((c) => !c.hidden).slice(0, 10).map((c) => `\`${[...c.qualifier.slice(-1), c.attribute.name].join('`.`')}\``).join(', ');
  }
}

/** `t` matches a column qualified `['default', 't']`: a written qualifier is a suffix of the full one. */
function qualifierMatches(full: readonly string[], written: readonly string[]): boolean {
  if (written.length > full.length) return false;
  const offset = full.length - written.length;
  return written.every((p, i) => p === full[offset + i]);
}
