// The names Spark gives unaliased SELECT items: the expression as written, before implicit casts,
// in Spark's pretty form: `(id + 1)`, `upper(city)`, `count(1)`, `CAST(x AS INT)`.

import * as ast from '../../parser/ast.js';

export function columnName(e: ast.Expr): string {
  switch (e.kind) {
    case 'column': return e.name.parts[e.name.parts.length - 1];
    case 'star': return '*';
    case 'null': return 'NULL';
    case 'boolean': return String(e.value);
    case 'number': return e.text;
    case 'string': return e.value;
    case 'binaryLiteral': return `X'${Buffer.from(e.value).toString('hex').toUpperCase()}'`;
    case 'typedLiteral': return `${e.type.toUpperCase()} '${e.value}'`;
    case 'interval': return `INTERVAL ${e.parts.map((p) => `'${p.value}'${p.unit ? ` ${p.unit.toUpperCase()}` : ''}`).join(' ')}`;
    case 'unary':
      if (e.op === '-' && e.operand.kind === 'number') return `-${e.operand.text}`;
      return e.op === 'NOT' ? `(NOT ${columnName(e.operand)})` : `(${e.op} ${columnName(e.operand)})`;
    case 'binary': return `(${columnName(e.left)} ${e.op === '==' ? '=' : e.op} ${columnName(e.right)})`;
    case 'isNull': return `(${columnName(e.operand)} IS ${e.negated ? 'NOT ' : ''}NULL)`;
    case 'isBoolean': return `(${columnName(e.operand)} IS ${e.negated ? 'NOT ' : ''}${e.value === null ? 'UNKNOWN' : String(e.value).toUpperCase()})`;
    case 'inList': return `(${e.negated ? 'NOT ' : ''}${columnName(e.operand)} IN (${e.list.map(columnName).join(', ')}))`;
    case 'between': return `(${columnName(e.operand)} ${e.negated ? 'NOT ' : ''}BETWEEN ${columnName(e.low)} AND ${columnName(e.high)})`;
    case 'like': return `${e.negated ? 'NOT ' : ''}${columnName(e.operand)} ${e.operator} ${columnName(e.pattern)}`;
    case 'case': {
      const operand = e.operand ? ` ${columnName(e.operand)}` : '';
      const branches = e.branches.map((b) => ` WHEN ${columnName(b.when)} THEN ${columnName(b.then)}`).join('');
      return `CASE${operand}${branches}${e.else ? ` ELSE ${columnName(e.else)}` : ''} END`;
    }
    case 'cast': return `${e.try ? 'TRY_CAST' : 'CAST'}(${columnName(e.operand)} AS ${e.type.text.toUpperCase()})`;
    case 'function': {
      const name = e.name.parts.join('.').toLowerCase();
      const args = e.args.length === 1 && e.args[0].kind === 'star' && name === 'count' ? '1' : e.args.map(columnName).join(', ');
      return `${name}(${e.distinct ? 'DISTINCT ' : ''}${args})`;
    }
    case 'scalarSubquery': return 'scalarsubquery()';
    case 'exists': return 'exists()';
    case 'inSubquery': return `(${columnName(e.operand)} IN (listquery()))`;
    case 'parameter': return `$${e.index}`;
    case 'subscript': return `${columnName(e.operand)}[${columnName(e.index)}]`;
    case 'quantified': return `(${columnName(e.operand)} ${e.op} ${e.quantifier}(${e.array ? columnName(e.array) : 'listquery()'}))`;
    case 'arraySubquery': return 'array()';
    case 'fieldAccess': return e.field;
    case 'lambda': return `lambdafunction(${columnName(e.body)}, ${e.params.join(', ')})`;
  }
}
