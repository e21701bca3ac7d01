// Statements about the session rather than data: SET, RESET, SHOW name, and the transaction
// statements drivers send (BEGIN, COMMIT, ROLLBACK and their spellings).

import * as ast from './ast.js';
import { Cursor } from './cursor.js';

/** `a.b.c` or a single word: setting names are dotted in Spark. */
function parseSettingName(p: Cursor): string {
  let name = p.expectAnyName();
  while (p.acceptOp('.')) name += `.${p.expectAnyName()}`;
  return name;
}

/** A value as written; a lone quoted string loses its quotes. */
function parseSettingValue(p: Cursor): string {
  const t = p.peek();
  if (t.kind === 'string' && (p.isOp(';', 1) || p.peek(1).kind === 'eof')) return p.expectString();
  return p.restOfStatement().trim();
}

export function parseSet(p: Cursor): ast.Statement {
  const pos = p.next().pos;
  const local = p.acceptWord('LOCAL');
  if (!local) p.acceptWord('SESSION');
  if (p.atEnd() || p.isOp(';') || p.isOp('-')) {
    p.restOfStatement(); // `SET` and `SET -v` list the settings
    return { kind: 'set', pos, local };
  }
  if (p.acceptWords('TIME', 'ZONE')) {
    if (p.acceptWord('LOCAL') || p.acceptWord('DEFAULT')) return { kind: 'set', pos, name: 'timezone', local };
    return { kind: 'set', pos, name: 'timezone', value: parseSettingValue(p), local };
  }
  if (p.acceptWords('CHARACTERISTICS', 'AS', 'TRANSACTION')) {
    return { kind: 'set', pos, name: 'default_transaction_characteristics', value: p.restOfStatement(), local };
  }
  const name = parseSettingName(p);
  if (!p.acceptOp('=') && !p.acceptWord('TO')) {
    // Spark's `SET key` shows one setting.
    return { kind: 'showVariable', pos, name };
  }
  if (p.isWord('DEFAULT') && (p.isOp(';', 1) || p.peek(1).kind === 'eof')) {
    p.next();
    return { kind: 'set', pos, name, local };
  }
  return { kind: 'set', pos, name, value: parseSettingValue(p), local };
}

export function parseReset(p: Cursor): ast.Statement {
  const pos = p.next().pos;
  if (p.atEnd() || p.isOp(';') || p.acceptWord('ALL')) return { kind: 'reset', pos };
  return { kind: 'reset', pos, name: parseSettingName(p) };
}

/** `SHOW ALL`, `SHOW TIME ZONE`, `SHOW name`: called when SHOW is not followed by TABLES etc. */
export function parseShowVariable(p: Cursor, pos: number): ast.Statement {
  if (p.acceptWord('ALL')) return { kind: 'showVariable', pos };
  if (p.acceptWords('TIME', 'ZONE')) return { kind: 'showVariable', pos, name: 'timezone' };
  if (p.acceptWords('TRANSACTION', 'ISOLATION', 'LEVEL')) return { kind: 'showVariable', pos, name: 'transaction_isolation' };
  return { kind: 'showVariable', pos, name: parseSettingName(p) };
}

export function parseTransaction(p: Cursor): ast.Statement {
  const t = p.next();
  const word = t.value.toUpperCase();
  if (word === 'START') p.expectWord('TRANSACTION');
  // Isolation levels and access modes are accepted: every statement sees committed data.
  p.restOfStatement();
  const action = word === 'BEGIN' || word === 'START' ? 'begin' : word === 'COMMIT' || word === 'END' ? 'commit' : 'rollback';
  return { kind: 'transaction', pos: t.pos, action };
}
