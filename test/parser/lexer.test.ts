import { describe, expect, it } from 'vitest';
import { QuarryError } from '../../src/common/errors.js';
import { tokenize } from '../../src/parser/lexer.js';

const kinds = (sql: string) => tokenize(sql).map((t) => [t.kind, t.value]);

describe('lexer', () => {
  it('reads words, quoted identifiers and operators with positions', () => {
    const tokens = tokenize('SELECT `a``b`, "Col" <=> x::INT');
    expect(tokens.map((t) => [t.kind, t.value, t.pos])).toEqual([
      ['word', 'SELECT', 0], ['quoted', 'a`b', 7], ['op', ',', 13], ['quoted', 'Col', 15], ['op', '<=>', 21],
      ['word', 'x', 25], ['op', '::', 26], ['word', 'INT', 28], ['eof', '', 31],
    ]);
  });

  it('resolves string escapes, doubled quotes and unicode', () => {
    expect(kinds(String.raw`'a\'b' 'it''s' 'tab\there' '\u0041'`).slice(0, 4)).toEqual([
      ['string', "a'b"], ['string', "it's"], ['string', 'tab\there'], ['string', 'A'],
    ]);
  });

  it('reads numbers with Spark suffixes, and binary literals', () => {
    const tokens = tokenize("1 1L 2s 3Y 1.5D 2.5F 1.5BD 1e3 .5 X'CAFE'");
    expect(tokens.slice(0, -1).map((t) => [t.kind, t.value, t.suffix])).toEqual([
      ['number', '1', undefined], ['number', '1', 'L'], ['number', '2', 'S'], ['number', '3', 'Y'], ['number', '1.5', 'D'],
      ['number', '2.5', 'F'], ['number', '1.5', 'BD'], ['number', '1e3', undefined], ['number', '.5', undefined],
      ['binaryString', 'CAFE', undefined],
    ]);
  });

  it('skips line comments and nested block comments', () => {
    expect(kinds('SELECT /* a /* nested */ comment */ 1 -- trailing\n, 2').map((k) => k[1])).toEqual(['SELECT', '1', ',', '2', '']);
  });

  it('reports unterminated strings and comments where they start', () => {
    for (const [sql, pos] of [["SELECT 'abc", 7], ['SELECT 1 /* open', 9], ['SELECT `x', 7]] as const) {
      try {
        tokenize(sql);
        throw new Error('expected an error');
      } catch (e) {
        expect((e as QuarryError).sqlState).toBe('42601');
        expect((e as QuarryError).position).toBe(pos);
      }
    }
  });

  it('is linear on a huge statement', () => {
    const sql = `SELECT ${Array.from({ length: 200_000 }, (_, i) => `c${i}`).join(', ')} FROM t`;
    expect(tokenize(sql).length).toBe(400_003);
  });
});
