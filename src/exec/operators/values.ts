import { Batch, makeBatch } from '../../common/batch.js';
import { Schema } from '../../common/types.js';
import { concat } from '../../common/vector.js';
import { ExecutionContext } from '../context.js';
import { PhysicalExpr } from '../expressions/physical_expr.js';
import { ExecutionPlan } from './execution_plan.js';

const ONE_ROW: Batch = { schema: [], columns: [], numRows: 1 };

/** Inline rows (VALUES, SELECT without FROM): each expression is evaluated against one empty row. */
export class ValuesExec implements ExecutionPlan {
  readonly children: readonly ExecutionPlan[] = [];
  constructor(readonly schema: Schema, readonly rows: readonly (readonly PhysicalExpr[])[]) {}

  async *execute(ctx: ExecutionContext): AsyncGenerator<Batch> {
    if (this.rows.length === 0) return;
    const columns = this.schema.map((field, c) =>
      concat(field.type, this.rows.map((row) => row[c].evaluate(ONE_ROW, ctx))));
    yield makeBatch(this.schema, columns, this.rows.length);
  }

  describe() {
    return this.schema.length === 0 && this.rows.length === 1 ? 'OneRowRelation' : `Values ${this.rows.length} rows [${this.schema.map((f) => f.name).join(', ')}]`;
  }
}
