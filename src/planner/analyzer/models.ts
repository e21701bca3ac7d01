// Saved ML models in queries: predict(model, …) as a scalar function of the columns the model
// reads, and ml_transform(model, TABLE(t)) as the table of t's rows with every column the model writes.

import { QuarryError, SqlState } from '../../common/errors.js';
import { DataType, DoubleType, isNumeric, typeToString, typesEqual } from '../../common/types.js';
import { Vector } from '../../common/vector.js';
import type { BoundScalarFunction } from '../../exec/functions/function.js';
import { scoreBatch } from '../../exec/operators/model_transform.js';
import { type LoadedModel, type MlColumn, vectorColumnOf } from '../../ml/index.js';
import { Expr, castTo } from '../expressions.js';

/** Scalar spellings of scoring: predict(m, …), and BigQuery's ML.PREDICT. */
export const MODEL_FUNCTIONS = new Set(['predict', 'ml_predict', 'ml.predict']);
/** Table spellings of scoring: ml_transform(m, TABLE(t)). */
export const MODEL_TABLE_FUNCTIONS = new Set(['ml_transform']);

export interface NamedInput {
  readonly name: string;
  readonly expr: Expr;
  /**
   * A vector input written `array(e1, …, ek)` of numbers: its elements as doubles, which predict()
   * hands to the model as one block of rows instead of an array value per row.
   */
  readonly elements?: readonly Expr[];
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
    const elements = numericArrayElements(found.expr);
    if (elements && spec.type.kind === 'array') {
      inputs.push({ name: spec.name, expr: found.expr, elements: elements.map((e) => castTo(e, DoubleType)) });
      continue;
    }
    inputs.push({ name: spec.name, expr: castTo(found.expr, inputType(found.expr.type, spec.type)) });
  }
  return inputs;
}

/** The elements of an `array(…)` call whose elements are all numbers; undefined for anything else. */
function numericArrayElements(e: Expr): readonly Expr[] | undefined {
  if (e.kind !== 'call' || e.fn.name !== 'array' || e.args.length === 0) return undefined;
  return e.args.every((a) => isNumeric(a.type)) ? e.args : undefined;
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
  const widths = inputs.map((i) => i.elements?.length ?? 0);
  return {
    name: 'predict', argTypes: predictArguments(inputs).map((e) => e.type), returnType,
    display: (args) => `predict(${modelName}, ${args.join(', ')})`,
    evaluate: (args, numRows) => {
      // Element columns of an array(…) input become one vector column, row by row over one block.
      let next = 0;
      const columns = widths.map((k, input): Vector | MlColumn => {
        if (k === 0) return args[next++];
        const parts = args.slice(next, next + k);
        next += k;
        return vectorColumnOf(names[input], parts, numRows);
      });
      return scoreBatch(model, names, columns, numRows, [prediction]).get(prediction)!;
    },
  };
}

/** The arguments predict() is called with: each input's expression, or the elements of an array(…) input. */
export function predictArguments(inputs: readonly NamedInput[]): Expr[] {
  return inputs.flatMap((i) => i.elements ?? [i.expr]);
}
