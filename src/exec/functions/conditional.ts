// CASE WHEN, IF, COALESCE, NVL, NULLIF. Branches are evaluated only on the rows that reach them,
// so `CASE WHEN d = 0 THEN NULL ELSE n / d END` never divides by zero under ANSI mode.

import { Batch, takeRows } from '../../common/batch.js';
import { BooleanType, DataType, typeToString } from '../../common/types.js';
import { QuarryError, SqlState } from '../../common/errors.js';
import { Scalar, getScalar, isNullAt, vectorFromScalars } from '../../common/vector.js';
import { ExecutionContext } from '../context.js';
import type { PhysicalExpr } from '../expressions/physical_expr.js';
import { commonTypeOf } from './coercion.js';
import { compareValues } from './comparison.js';
import { BoundScalarFunction, ScalarFunction, callDisplay } from './function.js';

/**
 * Evaluates `(condition, value)` pairs and an optional fallback, each value only on the rows whose
 * condition chose it. `condition` null means "row's previous values were NULL" (COALESCE style).
 */
function evaluateBranches(
  type: DataType, batch: Batch, ctx: ExecutionContext,
  branches: readonly { when: PhysicalExpr | 'value-not-null'; then: PhysicalExpr }[], otherwise: PhysicalExpr | null,
): ReturnType<PhysicalExpr['evaluate']> {
  const n = batch.numRows;
  const result: Scalar[] = new Array(n).fill(null);
  let remaining: number[] = Array.from({ length: n }, (_, i) => i);
  for (const { when, then } of branches) {
    if (remaining.length === 0) break;
    const sub = remaining.length === n ? batch : takeRows(batch, remaining);
    const chosen: number[] = [], rest: number[] = [];
    if (when === 'value-not-null') {
      // COALESCE: the value itself decides.
      const values = then.evaluate(sub, ctx);
      for (let j = 0; j < sub.numRows; j++) {
        if (isNullAt(values, j)) rest.push(remaining[j]);
        else result[remaining[j]] = getScalar(values, j);
      }
      remaining = rest;
      continue;
    }
    const cond = when.evaluate(sub, ctx);
    for (let j = 0; j < sub.numRows; j++) {
      if (!isNullAt(cond, j) && (cond.data as Uint8Array)[j] === 1) chosen.push(j);
      else rest.push(remaining[j]);
    }
    if (chosen.length > 0) {
      const values = then.evaluate(takeRows(sub, chosen), ctx);
      for (let k = 0; k < chosen.length; k++) result[remaining[chosen[k]]] = getScalar(values, k);
    }
    remaining = rest;
  }
  if (otherwise && remaining.length > 0) {
    const values = otherwise.evaluate(remaining.length === n ? batch : takeRows(batch, remaining), ctx);
    for (let k = 0; k < remaining.length; k++) result[remaining[k]] = getScalar(values, k);
  }
  return vectorFromScalars(type, result);
}

function conditionTypes(name: string, types: readonly DataType[], conditionIndexes: number[]): void {
  for (const i of conditionIndexes) {
    if (types[i].kind !== 'boolean' && types[i].kind !== 'null') {
      throw new QuarryError(SqlState.datatypeMismatch,
        `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] The condition of ${name} must be a boolean, not ${typeToString(types[i]).toUpperCase()}.`);
    }
  }
}

const unreachable = () => { throw new Error('evaluated lazily'); };

/** `casewhen(c1, v1, c2, v2, …[, else])`: the analyzer's form of searched and simple CASE. */
const caseWhen: ScalarFunction = {
  name: 'casewhen',
  bind(types): BoundScalarFunction {
    const pairs = Math.floor(types.length / 2);
    const hasElse = types.length % 2 === 1;
    conditionTypes('CASE WHEN', types, Array.from({ length: pairs }, (_, k) => 2 * k));
    const valueTypes = [...Array.from({ length: pairs }, (_, k) => types[2 * k + 1]), ...(hasElse ? [types[types.length - 1]] : [])];
    const type = commonTypeOf(valueTypes, 'CASE WHEN');
    const argTypes = types.map((_, i) => (i % 2 === 0 && i < 2 * pairs ? BooleanType : type));
    return {
      name: 'casewhen', argTypes, returnType: type, evaluate: unreachable,
      display: (args) => {
        let text = 'CASE';
        for (let k = 0; k < pairs; k++) text += ` WHEN ${args[2 * k]} THEN ${args[2 * k + 1]}`;
        return `${text}${hasElse ? ` ELSE ${args[args.length - 1]}` : ''} END`;
      },
      evaluateLazily(args, batch, ctx) {
        const branches = Array.from({ length: pairs }, (_, k) => ({ when: args[2 * k], then: args[2 * k + 1] }));
        return evaluateBranches(type, batch, ctx, branches, hasElse ? args[args.length - 1] : null);
      },
    };
  },
};

const ifFunction: ScalarFunction = {
  name: 'if',
  bind(types) {
    if (types.length !== 3) throw wrongArgs('if', 3, types.length);
    const bound = caseWhen.bind(types);
    return { ...bound, name: 'if', display: callDisplay('if') };
  },
};

const coalesce: ScalarFunction = {
  name: 'coalesce',
  aliases: ['nvl', 'ifnull'],
  bind(types) {
    if (types.length === 0) throw wrongArgs('coalesce', 1, 0);
    const type = commonTypeOf(types, 'coalesce');
    return {
      name: 'coalesce', argTypes: types.map(() => type), returnType: type, evaluate: unreachable,
      display: callDisplay('coalesce'),
      evaluateLazily(args, batch, ctx) {
        return evaluateBranches(type, batch, ctx, args.map((then) => ({ when: 'value-not-null' as const, then })), null);
      },
    };
  },
};

const nullIf: ScalarFunction = {
  name: 'nullif',
  bind(types) {
    if (types.length !== 2) throw wrongArgs('nullif', 2, types.length);
    const type = commonTypeOf(types, 'nullif');
    return {
      name: 'nullif', argTypes: [type, type], returnType: type, display: callDisplay('nullif'),
      evaluate([a, b], n) {
        const values: Scalar[] = new Array(n);
        for (let i = 0; i < n; i++) {
          const x = getScalar(a, i), y = getScalar(b, i);
          values[i] = x !== null && y !== null && compareValues(x, y) === 0 ? null : x;
        }
        return vectorFromScalars(type, values);
      },
    };
  },
};

export function wrongArgs(name: string, expected: number | string, actual: number): QuarryError {
  return new QuarryError('42605',
    `[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The \`${name}\` requires ${expected} parameters but the actual number is ${actual}.`,
    undefined, 'WRONG_NUM_ARGS');
}

/** greatest/least: NULL arguments are skipped; NULL only when all are NULL. */
function extremum(name: 'greatest' | 'least', sign: 1 | -1): ScalarFunction {
  return {
    name,
    bind(types) {
      if (types.length < 2) throw wrongArgs(name, '> 1', types.length);
      const type = commonTypeOf(types, name);
      return {
        name, argTypes: types.map(() => type), returnType: type, display: callDisplay(name),
        evaluate(args, n) {
          const values: Scalar[] = new Array(n);
          for (let i = 0; i < n; i++) {
            let best: Scalar = null;
            for (const a of args) {
              const v = getScalar(a, i);
              if (v !== null && (best === null || compareValues(v, best) * sign > 0)) best = v;
            }
            values[i] = best;
          }
          return vectorFromScalars(type, values);
        },
      };
    },
  };
}

export const conditionalFunctions: ScalarFunction[] = [caseWhen, ifFunction, coalesce, nullIf, extremum('greatest', 1), extremum('least', -1)];
