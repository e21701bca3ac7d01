// The shape of a scalar function: binding to argument types (Spark's coercion, the result type)
// and a vectorized implementation, declared together in one place.

import { Batch } from '../../common/batch.js';
import { DataType } from '../../common/types.js';
import { Scalar, Vector } from '../../common/vector.js';
import { ExecutionContext } from '../context.js';
import type { PhysicalExpr } from '../expressions/physical_expr.js';

export interface BoundScalarFunction {
  readonly name: string;
  /** The types the arguments must have: the analyzer casts arguments to these. */
  readonly argTypes: readonly DataType[];
  readonly returnType: DataType;
  /** False for functions such as rand() whose calls must not be folded into constants. */
  readonly deterministic?: boolean;
  evaluate(args: readonly Vector[], numRows: number, ctx: ExecutionContext): Vector;
  /** For functions that must not evaluate every argument on every row (AND, OR, CASE, COALESCE). */
  evaluateLazily?(args: readonly PhysicalExpr[], batch: Batch, ctx: ExecutionContext): Vector;
  /** How EXPLAIN shows a call, given the arguments' text. */
  display(args: readonly string[]): string;
}

export interface ScalarFunction {
  readonly name: string;
  readonly aliases?: readonly string[];
  /**
   * Types the call or throws a QuarryError (42804 mismatch, 42605 wrong argument count).
   * `constants` holds the values of literal arguments, for functions whose type depends on them.
   */
  bind(argTypes: readonly DataType[], constants?: readonly (Scalar | undefined)[], settings?: BindSettings): BoundScalarFunction;
}

/** Session settings that change result types, read when a call is bound. */
export interface BindSettings {
  /** spark.sql.decimalOperations.allowPrecisionLoss (default true): decimal results past 38 digits give up scale. */
  readonly decimalAllowPrecisionLoss?: boolean;
  /** spark.sql.ansi.enabled (default true): Spark's ANSI type coercion rather than the legacy one. */
  readonly ansi?: boolean;
  /** Which arguments are written literals rather than expressions folded to a constant (Spark types some by their digits). */
  readonly literalArguments?: readonly boolean[];
}

/** The usual `name(a, b)` display. */
export const callDisplay = (name: string) => (args: readonly string[]) => `${name}(${args.join(', ')})`;
/** `(a + b)` display for operators. */
export const infixDisplay = (op: string) => (args: readonly string[]) => `(${args[0]} ${op} ${args[1]})`;
