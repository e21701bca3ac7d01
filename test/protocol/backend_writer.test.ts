// Serialized backend messages, read back with node-postgres' own parser.

import { Parser } from 'pg-protocol/dist/parser.js';
import type { BackendMessage as PgMessage } from 'pg-protocol/dist/messages.js';
import { describe, expect, it } from 'vitest';
import { REFUSE_ENCRYPTION, dataRowChunks, serializeAll, serializeBackend, serializeDataRows } from '../../src/protocol/backend_writer.js';
import { BackendMessage } from '../../src/protocol/messages.js';

function parse(bytes: Buffer): PgMessage[] {
  const out: PgMessage[] = [];
  new Parser().parse(bytes, (m) => out.push(m));
  return out;
}

const one = (m: BackendMessage) => {
  const parsed = parse(serializeBackend(m));
  expect(parsed).toHaveLength(1);
  return parsed[0] as unknown as Record<string, unknown>;
};

describe('backend writer', () => {
  it('writes authentication, parameters, key data and ReadyForQuery', () => {
    expect(one({ type: 'authenticationOk' }).name).toBe('authenticationOk');
    expect(one({ type: 'authenticationCleartextPassword' }).name).toBe('authenticationCleartextPassword');
    expect(one({ type: 'parameterStatus', name: 'server_version', value: '15.6' }))
      .toMatchObject({ name: 'parameterStatus', parameterName: 'server_version', parameterValue: '15.6' });
    expect(one({ type: 'backendKeyData', processId: 77, secretKey: -5 }))
      .toMatchObject({ name: 'backendKeyData', processID: 77, secretKey: -5 });
    expect(one({ type: 'readyForQuery', status: 'I' })).toMatchObject({ name: 'readyForQuery', status: 'I' });
    expect(REFUSE_ENCRYPTION).toEqual(Buffer.from('N'));
  });

  it('writes RowDescription with types, typmods and text format', () => {
    const m = one({
      type: 'rowDescription',
      fields: [
        { name: 'id', tableOid: 0, columnAttribute: 0, typeOid: 20, typeSize: 8, typeModifier: -1, format: 0 },
        { name: 'färe', tableOid: 0, columnAttribute: 0, typeOid: 1700, typeSize: -1, typeModifier: ((10 << 16) | 2) + 4, format: 0 },
      ],
    });
    expect(m.fields).toEqual([
      { name: 'id', tableID: 0, columnID: 0, dataTypeID: 20, dataTypeSize: 8, dataTypeModifier: -1, format: 'text' },
      { name: 'färe', tableID: 0, columnID: 0, dataTypeID: 1700, dataTypeSize: -1, dataTypeModifier: 655366, format: 'text' },
    ]);
  });

  it('writes a batch of DataRows in one buffer, with NULLs, UTF-8 and shared byte cells', () => {
    const shared = Buffer.from('Zürich');
    const bytes = serializeDataRows([
      { cells: ['1', null, '300'], ascii: true },
      { cells: ['é', 'plain', null], ascii: false },
      { cells: [shared, shared, Buffer.alloc(0)], ascii: false },
    ], 3);
    const rows = parse(bytes) as unknown as { name: string; fields: (string | null)[] }[];
    expect(rows.map((r) => r.name)).toEqual(['dataRow', 'dataRow', 'dataRow']);
    expect(rows.map((r) => r.fields)).toEqual([['1', 'é', 'Zürich'], [null, 'plain', 'Zürich'], ['300', null, '']]);
  });

  it('writes CommandComplete, EmptyQueryResponse and several messages at once', () => {
    const parsed = parse(serializeAll([
      { type: 'commandComplete', tag: 'SELECT 3' }, { type: 'emptyQueryResponse' }, { type: 'readyForQuery', status: 'I' },
    ]));
    expect(parsed.map((m) => m.name)).toEqual(['commandComplete', 'emptyQuery', 'readyForQuery']);
    expect((parsed[0] as unknown as { text: string }).text).toBe('SELECT 3');
  });

  it('writes ErrorResponse and NoticeResponse fields', () => {
    const e = one({
      type: 'errorResponse',
      fields: { severity: 'ERROR', code: '42601', message: 'syntax error at or near "FORM"', position: 10, hint: 'h', detail: 'd' },
    });
    expect(e).toMatchObject({
      name: 'error', severity: 'ERROR', code: '42601', message: 'syntax error at or near "FORM"', position: '10', hint: 'h', detail: 'd',
    });
    const n = one({ type: 'noticeResponse', fields: { severity: 'NOTICE', code: '00000', message: 'hello' } });
    expect(n).toMatchObject({ name: 'notice', severity: 'NOTICE', code: '00000', message: 'hello' });
    expect(n.position).toBeUndefined();
  });

  it('drops NUL characters that would cut a string short and break framing', () => {
    const e = one({ type: 'errorResponse', fields: { severity: 'ERROR', code: 'XX000', message: 'a\0b' } });
    expect(e.message).toBe('ab');
  });
});

describe('DataRow chunks', () => {
  it('splits a batch of wide rows into buffers of bounded size, a bigger row alone', () => {
    const wide = 'x'.repeat(1000);
    const cells = [wide, wide, 'short', 'y'.repeat(5000), wide];
    const chunks = [...dataRowChunks([{ cells, ascii: true }], cells.length, 2100)];
    expect(chunks.map((c) => parse(c).length)).toEqual([3, 1, 1]);
    expect(chunks.map((c) => c.length)).toEqual([2038, 5011, 1011]);
    const rows = chunks.flatMap((c) => parse(c)) as unknown as { fields: string[] }[];
    expect(rows.map((r) => r.fields[0])).toEqual(cells);
    expect(Buffer.concat(chunks)).toEqual(serializeDataRows([{ cells, ascii: true }], cells.length));
  });
});
