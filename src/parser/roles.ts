// Users in Postgres's syntax: CREATE USER/ROLE name [WITH] [LOGIN] [PASSWORD 'pw'], ALTER USER/ROLE
// name [WITH] PASSWORD 'pw' | NULL, DROP USER/ROLE [IF EXISTS] name [, …]. Other role options
// (SUPERUSER, CREATEDB, …) are accepted and have no effect: Quarry has no privileges yet.

import * as ast from './ast.js';
import { Cursor } from './cursor.js';

/** Whether the statement at the cursor (CREATE/ALTER/DROP) is about a user: USER or ROLE comes next. */
export function isRoleStatement(p: Cursor): boolean {
  return p.isAnyWord(['USER', 'ROLE'], 1) && !p.isWord('MAPPING', 2);
}

/** Unquoted names fold to lower case, as in Postgres; quoted ones keep their case. */
function roleName(p: Cursor): string {
  const quoted = p.peek().kind === 'quoted';
  const name = p.expectIdentifier('a user name');
  return quoted ? name : name.toLowerCase();
}

export function parseRoleStatement(p: Cursor): ast.Statement {
  const pos = p.position;
  const verb = p.next().value.toUpperCase();
  p.next(); // USER | ROLE
  if (verb === 'DROP') {
    const ifExists = p.acceptWords('IF', 'EXISTS');
    const names = [roleName(p)];
    while (p.acceptOp(',')) names.push(roleName(p));
    return { kind: 'dropUser', pos, names, ifExists };
  }
  const name = roleName(p);
  p.acceptWord('WITH');
  let password: string | null | undefined;
  while (!p.atEnd() && !p.isOp(';')) {
    if (p.acceptWord('PASSWORD')) password = p.acceptWord('NULL') ? null : p.expectString('a password');
    else if (p.acceptWord('ENCRYPTED')) continue;
    else if (p.acceptWord('VALID')) { p.expectWord('UNTIL'); p.expectString('a timestamp'); }
    else if (p.acceptWord('CONNECTION')) { p.expectWord('LIMIT'); p.next(); }
    else if (p.acceptWords('IN', 'ROLE') || p.acceptWords('IN', 'GROUP') || p.acceptWord('ROLE') || p.acceptWord('ADMIN') || p.acceptWord('USER')) {
      p.expectIdentifier('a role name');
      while (p.acceptOp(',')) p.expectIdentifier('a role name');
    } else p.expectIdentifier('a role option'); // LOGIN, NOSUPERUSER, CREATEDB, INHERIT, …
  }
  return verb === 'CREATE' ? { kind: 'createUser', pos, name, password: password ?? undefined } : { kind: 'alterUser', pos, name, password };
}
