// Saved ML models in queries: predict(model, …) as a scalar function of the columns the model
// reads, and ml_transform(model, TABLE(t)) as the table of t's rows with every column the model writes.

import { QuarryError, SqlState } from '../../common/errors.js';
import { DataType, isNumeric, typeToString, typesEqual } from '../../common/types.js';
import type { BoundScalarFunction } from '../../exec/functions/function.js';
import { scoreBatch } from '../../exec/operators/model_transform.js';
import type { LoadedModel } from '../../ml/index.js';
import { Expr, castTo } from '../expressions.js';

/** Scalar spellings of scoring: predict(m, …), and BigQuery's ML.PREDICT. */
export const MODEL_FUNCTIONS = new Set(['predict', 'ml_predict', 'ml.predict']);
/** Table spellings of scoring: ml_transform(m, TABLE(t)). */
export const MODEL_TABLE_FUNCTIONS = new Set(['ml_transform']);

export interface NamedInput {
  readonly name: string;
  readonly expr: Expr;
}

/**
 * The model's input columns, in its order, from the named expressions given: matched by name
 * (case-insensitively), numbers widened to the double the model computes in. Optional inputs
 * (a pipeline's label indexer) may be missing; any other missing input is an error naming it.
 */
export function modelInputs(model: LoadedModel, modelName: string, givenInputs: readonly NamedInput[], position: number): NamedInput[] {
  let given = givenInputs;
  // A model with one input takes one argument whatever its name: predict(m, array(x, y)).
  const required = model.inputs.filter((s) => !s.optional);
  if (required.length === 1 && given.length === 1 && given[0].name.toLowerCase() !== required[0].name.toLowerCase()) {
    given = [{ name: required[0].name, expr: given[0].expr }];
  }
  const inputs: NamedInput[] = [];
  for (const spec of model.inputs) {
    const found = given.find((g) => g.name.toLowerCase() === spec.name.toLowerCase());
    if (!found) {
      if (spec.optional) continue;
      throw new QuarryError(SqlState.undefinedColumn,
        `[UNRESOLVED_COLUMN.WITHOUT_SUGGESTION] The model \`${modelName}\` reads the column \`${spec.name}\` (${typeToString(spec.type)}), which is not among its inputs [${given.map((g) => `\`${g.name}\``).join(', ')}].`,
        position, 'UNRESOLVED_COLUMN');
    }
    inputs.push({ name: spec.name, expr: castTo(found.expr, inputType(found.expr.type, spec.type)) });
  }
  return inputs;
}

/** Numbers reach numeric inputs as doubles, arrays of numbers vector inputs as array<double>; the rest as they are. */
function inputType(given: DataType, wanted: DataType): DataType {
  if (typesEqual(given, wanted)) return given;
  if (wanted.kind === 'double' && isNumeric(given)) return wanted;
  if (wanted.kind === 'array' && given.kind === 'array' && isNumeric(given.element)) return wanted;
  return given;
}

/** predict(model, …): the model's prediction column, as a vectorized scalar function. */
export function predictFunction(model: LoadedModel, modelName: string, inputs: readonly NamedInput[], position: number): BoundScalarFunction {
  const prediction = model.predictionColumn;
  if (!prediction) {
    throw new QuarryError(SqlState.datatypeMismatch,
      `[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] The model \`${modelName}\` (${model.className}) makes no prediction; use ml_transform() for its output columns.`, position);
  }
  const returnType = model.outputs.find((o) => o.name === prediction)!.type;
  const names = inputs.map((i) => i.name);
  return {
    name: 'predict', argTypes: inputs.map((i) => i.expr.type), returnType,
    display: (args) => `predict(${modelName}, ${args.join(', ')})`,
    evaluate: (args, numRows) => scoreBatch(model, names, args, numRows, [prediction]).get(prediction)!,
  };
}
