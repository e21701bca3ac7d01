// Spark's bitwise operators on integral types: & | ^ and ~, in the wider operand type.

import { DataType, IntegerType, isIntegral, typeToString } from '../../common/types.js';
import { QuarryError, SqlState } from '../../common/errors.js';
import { Scalar, getScalar } from '../../common/vector.js';
import { widerNumericType } from './coercion.js';
import { ScalarFunction, callDisplay, infixDisplay } from './function.js';
import { wrongArgs } from './conditional.js';
import { mapRows } from './kernels.js';

function integralOperand(name: string, t: DataType): DataType {
  if (isIntegral(t)) return t;
  if (t.kind === 'null') return { kind: 'int' };
  throw new QuarryError(SqlState.datatypeMismatch,
    `[DATATYPE_MISMATCH.BINARY_OP_WRONG_TYPE] The ${name} operator needs integral operands, not ${typeToString(t).toUpperCase()}.`);
}

/** Bigints may be numbers or bigints: compute in BigInt, return a number when it fits. */
function bitwise(a: Scalar, b: Scalar, op: (x: bigint, y: bigint) => bigint): number | bigint {
  const result = BigInt.asIntN(64, op(BigInt(a as number | bigint), BigInt(b as number | bigint)));
  return result >= BigInt(Number.MIN_SAFE_INTEGER) && result <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(result) : result;
}

function binary(name: string, symbol: string, op: (x: bigint, y: bigint) => bigint): ScalarFunction {
  return {
    name,
    bind(types) {
      const type = widerNumericType(integralOperand(symbol, types[0]), integralOperand(symbol, types[1]));
      return {
        name, argTypes: [type, type], returnType: type, display: infixDisplay(symbol),
        evaluate: (args, n) => mapRows(type, args, n, (i) => bitwise(getScalar(args[0], i), getScalar(args[1], i), op)),
      };
    },
  };
}

const bitwiseNot: ScalarFunction = {
  name: 'bitwise_not',
  bind(types) {
    const type = integralOperand('~', types[0]);
    return {
      name: 'bitwise_not', argTypes: [type], returnType: type, display: (args) => `~${args[0]}`,
      evaluate: (args, n) => mapRows(type, args, n, (i) => bitwise(getScalar(args[0], i), 0n, (x) => ~x)),
    };
  },
};

/**
 * shiftleft / shiftright / shiftrightunsigned (<<, >>, >>>): Java's shifts of an int (tinyint and
 * smallint widen to it) or a bigint, the distance taken modulo the width.
 */
function shift(name: string, symbol: string, op: (x: bigint, by: bigint, bits: number) => bigint): ScalarFunction {
  return {
    name,
    bind(types) {
      if (types.length !== 2) throw wrongArgs(name, 2, types.length);
      const t = integralOperand(symbol, types[0]);
      const type: DataType = t.kind === 'bigint' ? t : IntegerType;
      const bits = type.kind === 'bigint' ? 64 : 32;
      return {
        name, argTypes: [type, IntegerType], returnType: type, display: callDisplay(name),
        evaluate: (args, n) => mapRows(type, args, n, (i) => {
          const by = BigInt(((Number(getScalar(args[1], i)) % bits) + bits) % bits);
          const r = BigInt.asIntN(bits, op(BigInt(getScalar(args[0], i) as number | bigint), by, bits));
          return bits === 32 || (r >= BigInt(Number.MIN_SAFE_INTEGER) && r <= BigInt(Number.MAX_SAFE_INTEGER)) ? Number(r) : r;
        }),
      };
    },
  };
}

export const bitwiseFunctions: ScalarFunction[] = [
  shift('shiftleft', '<<', (x, by) => x << by),
  shift('shiftright', '>>', (x, by) => x >> by),
  shift('shiftrightunsigned', '>>>', (x, by, bits) => BigInt.asUintN(bits, x) >> by),
  binary('bitwise_and', '&', (x, y) => x & y),
  binary('bitwise_or', '|', (x, y) => x | y),
  binary('bitwise_xor', '^', (x, y) => x ^ y),
  bitwiseNot,
];
