// Expressions as operators evaluate them: a batch in, a vector out. The planner binds names to
// column indexes and functions to their typed implementations before building these.

import { Batch } from '../../common/batch.js';
import { DataType, typeToString } from '../../common/types.js';
import { Scalar, Vector, slice, vectorFromScalars } from '../../common/vector.js';
import { QuarryError } from '../../common/errors.js';
import { ExecutionContext, defaultExecutionContext } from '../context.js';
import { BoundScalarFunction } from '../functions/function.js';
import { CastMode, castToString, castVector } from './cast.js';

export interface PhysicalExpr {
  readonly type: DataType;
  evaluate(batch: Batch, ctx: ExecutionContext): Vector;
  toString(): string;
}

export class ColumnExpr implements PhysicalExpr {
  constructor(readonly index: number, readonly name: string, readonly type: DataType) {}
  evaluate(batch: Batch): Vector {
    return batch.columns[this.index];
  }
  toString(): string {
    return `${this.name}#${this.index}`;
  }
}

export class LiteralExpr implements PhysicalExpr {
  private cached: Vector | null = null;
  constructor(readonly value: Scalar, readonly type: DataType) {}
  evaluate(batch: Batch): Vector {
    // One constant vector, as long as the longest batch so far, serves every batch (filtered ones
    // are shorter: a prefix of it, without copying typed storage).
    if (this.cached === null || this.cached.length < batch.numRows) {
      this.cached = vectorFromScalars(this.type, new Array(batch.numRows).fill(this.value));
    }
    return this.cached.length === batch.numRows ? this.cached : slice(this.cached, 0, batch.numRows);
  }
  toString(): string {
    if (this.value === null) return 'null';
    const text = castToString(this.value, this.type, defaultExecutionContext);
    return this.type.kind === 'string' ? `'${text}'` : text;
  }
}

export class CastExpr implements PhysicalExpr {
  constructor(readonly child: PhysicalExpr, readonly type: DataType, readonly mode: CastMode | 'session', readonly position?: number) {}
  evaluate(batch: Batch, ctx: ExecutionContext): Vector {
    const mode = this.mode === 'session' ? (ctx.ansi ? 'ansi' : 'legacy') : this.mode;
    try {
      return castVector(this.child.evaluate(batch, ctx), this.type, ctx, mode);
    } catch (e) {
      throw e instanceof QuarryError ? e.at(this.position) : e;
    }
  }
  toString(): string {
    return `${this.mode === 'try' ? 'try_cast' : 'cast'}(${this.child} as ${typeToString(this.type)})`;
  }
}

export class ScalarFunctionExpr implements PhysicalExpr {
  readonly type: DataType;
  constructor(readonly fn: BoundScalarFunction, readonly args: readonly PhysicalExpr[], readonly position?: number) {
    this.type = fn.returnType;
  }
  evaluate(batch: Batch, ctx: ExecutionContext): Vector {
    try {
      if (this.fn.evaluateLazily) return this.fn.evaluateLazily(this.args, batch, ctx);
      const inputs = this.args.map((a) => a.evaluate(batch, ctx));
      return this.fn.evaluate(inputs, batch.numRows, ctx);
    } catch (e) {
      // Point runtime errors (division by zero, overflow) at the expression that raised them.
      throw e instanceof QuarryError ? e.at(this.position) : e;
    }
  }
  toString(): string {
    return this.fn.display(this.args.map(String));
  }
}

/**
 * A lambda's body compiled over the input's columns followed by the lambda's parameters. Not a
 * value of its own: higher-order functions evaluate `body` over batches they build (one row per
 * array element, the parameters appended as columns).
 */
export class LambdaExpr implements PhysicalExpr {
  constructor(readonly arity: number, readonly body: PhysicalExpr, readonly type: DataType) {}
  evaluate(): Vector {
    throw new QuarryError('XX000', 'a lambda function is evaluated by the function it is passed to');
  }
  toString(): string {
    return `lambda(${this.body})`;
  }
}
