// What every loaded stage offers: the columns it reads and writes, and a whole-batch transform.

import { ArrayType, DataType, DoubleType, IntegerType, StringType, arrayType } from '../common/types.js';
import { ColumnSpec, Frame } from './frame.js';
import { Metadata } from './metadata.js';
import { LoadOptions } from './sql.js';

export interface Stage {
  /** The Spark class as saved, e.g. org.apache.spark.ml.feature.StringIndexerModel. */
  readonly className: string;
  readonly uid: string;
  readonly inputs: readonly ColumnSpec[];
  readonly outputs: readonly ColumnSpec[];
  /** The stages inside a PipelineModel, in order. */
  readonly stages?: readonly Stage[];
  /** The only columns left after this stage (a SQLTransformer selecting by name); undefined: all. */
  readonly keepsOnly?: readonly string[];
  /** The column holding the predicted label, value or cluster, for predictors. */
  readonly predictionColumn?: string;
  transform(frame: Frame): void;
}

/**
 * Builds a stage from its metadata; `loadChild` loads a nested model directory (pipelines, tuning);
 * `options` carries what the loader was given (the SQL engine SQLTransformer runs its statement with).
 */
export type StageLoader = (meta: Metadata, loadChild: (dir: string) => Promise<Stage>, options?: LoadOptions) => Promise<Stage>;

export const VectorType: ArrayType = arrayType(DoubleType);
export const TokensType: ArrayType = arrayType(StringType);

export const spec = (name: string, type: DataType): ColumnSpec => ({ name, type });
export const doubleSpec = (name: string) => spec(name, DoubleType);
export const vectorSpec = (name: string) => spec(name, VectorType);
export { DoubleType, IntegerType, StringType };
