// Building conjunctions without going back through the analyzer.

import { lookupScalarFunction } from '../../exec/functions/registry.js';
import { BooleanType } from '../../common/types.js';
import { Expr } from '../expressions.js';

const and = lookupScalarFunction('and')!.bind([BooleanType, BooleanType]);

export function andAll(conjuncts: readonly Expr[]): Expr {
  return conjuncts.reduce((a, b) => ({ kind: 'call', fn: and, args: [a, b], type: BooleanType }));
}
