// Maps on the wire: Spark's HiveResult text, entries sorted by their text, values nested as Spark prints them.

import { describe, expect, it } from 'vitest';
import { DoubleType, IntegerType, StringType, arrayType, mapType, structType } from '../../src/common/types.js';
import { MapValue, vectorFromScalars } from '../../src/common/vector.js';
import { encodeTextCells } from '../../src/protocol/pg_types.js';
import { hiveText } from '../../src/protocol/hive_text.js';

describe('hiveText', () => {
  it('sorts entries by their text, quotes nested strings and prints NULL as null', () => {
    const t = mapType(IntegerType, StringType);
    expect(hiveText(new MapValue([10, 8, 12], ['a', null, 'c']), t, 0)).toBe('{10:"a",12:"c",8:null}');
    expect(hiveText(MapValue.EMPTY, t, 0)).toBe('{}');
  });

  it('nests arrays, structs, maps and Java-style doubles', () => {
    const t = mapType(StringType, structType([{ name: 'xs', type: arrayType(DoubleType) }, { name: 'm', type: mapType(StringType, IntegerType) }]));
    const value = new MapValue(['k'], [[[1, 1e10, null], new MapValue(['z', 'a'], [1, 2])]]);
    expect(hiveText(value, t, 0)).toBe('{"k":{"xs":[1.0,1.0E10,null],"m":{"a":2,"z":1}}}');
  });

  it('is the text a MAP column sends, NULL rows staying NULL', () => {
    const t = mapType(StringType, IntegerType);
    const cells = encodeTextCells(vectorFromScalars(t, [new MapValue(['b', 'a'], [2, 1]), null])).cells;
    expect(cells.map((c) => (c === null ? null : c.toString()))).toEqual(['{"a":1,"b":2}', null]);
  });
});
