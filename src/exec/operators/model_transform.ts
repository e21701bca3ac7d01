// ml_transform(model, TABLE(t)): each batch of t scored by a saved model, its rows kept and the
// model's output columns appended (NULL where a stage with handleInvalid = "skip" dropped a row).

import { Batch } from '../../common/batch.js';
import { Field } from '../../common/types.js';
import { Vector, getScalar, isNullAt, vectorFromScalars } from '../../common/vector.js';
import type { LoadedModel, MlColumn } from '../../ml/index.js';
import { ExecutionContext, checkpoint } from '../context.js';
import { PhysicalExpr } from '../expressions/physical_expr.js';
import { ExecutionPlan } from './execution_plan.js';

/** Scores a batch: the model's columns for the rows given, realigned to them when a stage skipped rows. */
export function scoreBatch(model: LoadedModel, names: readonly string[], args: readonly (Vector | MlColumn)[], numRows: number, columns?: readonly string[]): Map<string, Vector> {
  const input = new Map(names.map((n, i) => [n, args[i]]));
  const result = model.transform(input, columns ? { columns } : undefined);
  const out = new Map<string, Vector>();
  for (const spec of model.outputs) {
    if (columns && !columns.includes(spec.name)) continue;
    const vector = result.columns.get(spec.name);
    if (!vector) {
      out.set(spec.name, vectorFromScalars(spec.type, new Array(numRows).fill(null)));
      continue;
    }
    if (!result.sourceRows) {
      out.set(spec.name, vector);
      continue;
    }
    // Rows a stage skipped (handleInvalid = "skip") score NULL.
    const values = new Array(numRows).fill(null);
    result.sourceRows.forEach((row, i) => { values[row] = isNullAt(vector, i) ? null : getScalar(vector, i); });
    out.set(spec.name, vectorFromScalars(spec.type, values));
  }
  return out;
}


export class ModelTransformExec implements ExecutionPlan {
  readonly children: readonly ExecutionPlan[];
  constructor(
    readonly input: ExecutionPlan, readonly model: LoadedModel, readonly modelName: string,
    readonly inputNames: readonly string[], readonly inputs: readonly PhysicalExpr[], readonly schema: readonly Field[],
  ) {
    this.children = [input];
  }

  async *execute(ctx: ExecutionContext): AsyncGenerator<Batch> {
    for await (const batch of this.input.execute(ctx)) {
      await checkpoint(ctx);
      const scored = scoreBatch(this.model, this.inputNames, this.inputs.map((e) => e.evaluate(batch, ctx)), batch.numRows);
      yield { schema: this.schema, columns: [...batch.columns, ...this.model.outputs.map((o) => scored.get(o.name)!)], numRows: batch.numRows };
    }
  }

  describe() { return `ModelTransform ${this.modelName} (${this.model.className})`; }
}
