// Logical expressions → physical expressions: attributes become column indexes of the input.

import { QuarryError, SqlState, notSupported } from '../common/errors.js';
import { CastExpr, ColumnExpr, LambdaExpr, LiteralExpr, PhysicalExpr, ScalarFunctionExpr } from '../exec/expressions/physical_expr.js';
import { Attribute, Expr } from './expressions.js';

export function toPhysicalExpr(e: Expr, input: readonly Attribute[]): PhysicalExpr {
  switch (e.kind) {
    case 'column': {
      const index = input.findIndex((a) => a.id === e.attribute.id);
      if (index < 0) {
        throw new QuarryError(SqlState.internalError, `column ${e.attribute.name}#${e.attribute.id} is not produced by the input [${input.map((a) => `${a.name}#${a.id}`).join(', ')}]`);
      }
      return new ColumnExpr(index, e.attribute.name, e.type);
    }
    case 'literal': return new LiteralExpr(e.value, e.type);
    case 'cast': return new CastExpr(toPhysicalExpr(e.child, input), e.type, e.mode, e.position);
    case 'call': return new ScalarFunctionExpr(e.fn, e.args.map((a) => toPhysicalExpr(a, input)), e.position);
    case 'subquery': throw notSupported('A subquery in this place', e.position);
    // The body sees the input's columns and then the lambda's parameters.
    case 'lambda': return new LambdaExpr(e.params.length, toPhysicalExpr(e.body, [...input, ...e.params]), e.type);
  }
}
