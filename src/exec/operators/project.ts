import { Batch, makeBatch } from '../../common/batch.js';
import { Schema } from '../../common/types.js';
import { ExecutionContext, checkpoint } from '../context.js';
import { PhysicalExpr } from '../expressions/physical_expr.js';
import { ExecutionPlan, FormattedOperator } from './execution_plan.js';
import { columnNames, countedList } from './formatted_plan.js';

/** Computes one output column per expression. */
export class ProjectExec implements ExecutionPlan {
  readonly children: readonly ExecutionPlan[];
  constructor(readonly input: ExecutionPlan, readonly exprs: readonly PhysicalExpr[], readonly schema: Schema) {
    this.children = [input];
  }

  async *execute(ctx: ExecutionContext): AsyncGenerator<Batch> {
    for await (const batch of this.input.execute(ctx)) {
      await checkpoint(ctx);
      yield makeBatch(this.schema, this.exprs.map((e) => e.evaluate(batch, ctx)), batch.numRows);
    }
  }

  describe() {
    return `Project [${this.exprs.map((e, i) => `${e} AS ${this.schema[i].name}`).join(', ')}]`;
  }

  formatted(): FormattedOperator {
    return {
      name: 'Project',
      fields: [countedList('Output', this.exprs.map((e, i) => `${e} AS ${this.schema[i].name}`)), countedList('Input', columnNames(this.input.schema))],
    };
  }
}
