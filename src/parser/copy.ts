// COPY in Postgres's syntax, both the current option list and the pre-9.0 keywords drivers and
// old scripts still send: `COPY t FROM STDIN WITH (FORMAT csv, HEADER)`, `COPY t TO STDOUT CSV HEADER`.

import { notSupported, syntaxError } from '../common/errors.js';
import * as ast from './ast.js';
import { Cursor } from './cursor.js';
import { parseIdentifierList, parseQuery } from './queries.js';

export function parseCopy(p: Cursor): ast.Copy {
  const pos = p.next().pos;
  let table: ast.QualifiedName | undefined;
  let columns: string[] | undefined;
  let query: ast.Query | undefined;
  if (p.acceptOp('(')) {
    query = parseQuery(p);
    p.expectOp(')');
  } else {
    const namePos = p.position;
    const parts = [p.expectIdentifier('a table name')];
    while (p.acceptOp('.')) parts.push(p.expectAnyName());
    table = { pos: namePos, parts };
    if (p.isOp('(')) columns = parseIdentifierList(p);
  }
  let direction: 'from' | 'to' = 'from';
  if (!p.acceptWord('FROM')) {
    p.expectWord('TO');
    direction = 'to';
  }
  if (query && direction === 'from') throw syntaxError('[PARSE_SYNTAX_ERROR] COPY FROM needs a table, not a query.', pos);
  const endpoint = p.peek();
  const stream = direction === 'from' ? 'STDIN' : 'STDOUT';
  if (!p.acceptWord(stream)) {
    if (endpoint.kind === 'string' || p.isWord('PROGRAM')) throw notSupported(`COPY ${direction === 'from' ? 'FROM' : 'TO'} a file or program (use ${stream})`, endpoint.pos);
    throw p.unexpected(stream);
  }
  p.acceptWord('WITH');
  return { kind: 'copy', pos, direction, table, columns, query, options: p.isOp('(') ? parseOptionList(p) : parseLegacyOptions(p) };
}

/** `(FORMAT csv, HEADER [true|false], DELIMITER ',', NULL '', QUOTE '"', ESCAPE '"')`. */
function parseOptionList(p: Cursor): ast.CopyOptions {
  p.expectOp('(');
  const options: Record<string, unknown> = {};
  do {
    const name = p.expectAnyName().toLowerCase();
    const valueToken = p.peek();
    const hasValue = !p.isOp(',') && !p.isOp(')');
    const value = hasValue ? (valueToken.kind === 'string' ? p.expectString() : p.next().value) : undefined;
    switch (name) {
      case 'format': options.format = formatOf(String(value), valueToken.pos); break;
      case 'header': options.header = value === undefined || /^(true|on|1|match)$/i.test(value); break;
      case 'delimiter': case 'null': case 'quote': case 'escape': options[name] = String(value ?? ''); break;
      case 'encoding':
        if (!/^utf-?8$/i.test(String(value))) throw notSupported(`COPY ENCODING ${value} (Quarry speaks UTF8)`, valueToken.pos);
        break;
      default: throw notSupported(`The COPY option ${name}`, valueToken.pos);
    }
  } while (p.acceptOp(','));
  p.expectOp(')');
  return options;
}

/** `BINARY`, `CSV [HEADER] [QUOTE 'q'] [ESCAPE 'e']`, `DELIMITER [AS] 'd'`, `NULL [AS] 'n'`. */
function parseLegacyOptions(p: Cursor): ast.CopyOptions {
  const options: Record<string, unknown> = {};
  for (;;) {
    if (p.acceptWord('BINARY')) options.format = 'binary';
    else if (p.acceptWord('CSV')) options.format = 'csv';
    else if (p.acceptWord('HEADER')) options.header = true;
    else if (p.isAnyWord(['DELIMITER', 'NULL', 'QUOTE', 'ESCAPE'])) {
      const name = p.next().value.toLowerCase();
      p.acceptWord('AS');
      options[name] = p.expectString();
    } else return options;
  }
}

function formatOf(value: string, position: number): 'text' | 'csv' | 'binary' {
  const format = value.toLowerCase();
  if (format === 'text' || format === 'csv' || format === 'binary') return format;
  throw syntaxError(`[PARSE_SYNTAX_ERROR] COPY format "${value}" not recognized.`, position);
}
