// MAP<K, V> and STRUCT<…> type names, and the schema strings from_json takes.

import { describe, expect, it } from 'vitest';
import { IntegerType, StringType, arrayType, decimalType, mapType, structType } from '../../src/common/types.js';
import * as ast from '../../src/parser/index.js';
import { parseStatement } from '../../src/parser/index.js';
import { parseSchemaString } from '../../src/parser/data_types.js';

const castType = (sql: string) => {
  const s = parseStatement(`SELECT CAST(x AS ${sql})`);
  if (s.kind !== 'queryStatement') throw new Error(s.kind);
  return ((s.query.body as ast.Select).projection[0].expr as Extract<ast.Expr, { kind: 'cast' }>).type.type;
};

describe('map and struct type names', () => {
  it('reads MAP<K, V> with nested types, and STRUCT fields with or without a colon', () => {
    expect(castType('MAP<STRING, INT>')).toEqual(mapType(StringType, IntegerType));
    expect(castType('map<int,array<map<string,decimal(5,2)>>>')).toEqual(mapType(IntegerType, arrayType(mapType(StringType, decimalType(5, 2)))));
    expect(castType('STRUCT<a: INT, b STRING, m: MAP<STRING, INT>>')).toEqual(structType([
      { name: 'a', type: IntegerType }, { name: 'b', type: StringType }, { name: 'm', type: mapType(StringType, IntegerType) },
    ]));
  });

  it('refuses a MAP without its types', () => {
    expect(() => castType('MAP')).toThrow(/MAP without its element types/);
  });

  it('reads from_json schemas: one type, or a column list as a struct', () => {
    expect(parseSchemaString('map<string,int>')).toEqual(mapType(StringType, IntegerType));
    expect(parseSchemaString('a INT, b MAP<STRING, STRING>')).toEqual(structType([
      { name: 'a', type: IntegerType }, { name: 'b', type: mapType(StringType, StringType) },
    ]));
    expect(() => parseSchemaString('a INT b')).toThrow();
  });
});
