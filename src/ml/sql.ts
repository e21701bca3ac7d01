// What a SQLTransformer stage needs from a SQL engine. src/ml has none of its own and may not
// import the engine, so whoever loads a model passes one in (the engine runs Quarry's parser,
// analyzer and expression evaluator over the stage's batch).

import { Vector } from '../common/vector.js';
import { ColumnSpec } from './frame.js';

/** A SQLTransformer statement (`SELECT …, expr AS c FROM __THIS__ [WHERE …]`), checked and ready to run. */
export interface SqlTransform {
  /** The columns of `__THIS__` it reads, by name; numbers are declared double, as ML features are. */
  readonly inputs: readonly ColumnSpec[];
  /** The columns it computes (those it passes through unchanged are not listed). */
  readonly outputs: readonly ColumnSpec[];
  /**
   * Every column of its result, when it selects columns by name: the others are gone for later
   * stages, as in Spark. Null when `*` passes every input column through.
   */
  readonly selected: readonly string[] | null;
  /**
   * Runs it over one batch: `columns` holds the inputs (actual types may differ from those declared).
   * `keep` marks the rows a WHERE kept (null: all); `columns` of the result hold the kept rows only.
   */
  run(columns: ReadonlyMap<string, Vector>, numRows: number): { keep: Uint8Array | null; columns: ReadonlyMap<string, Vector> };
}

/** Parses and checks a statement; throws a QuarryError when it cannot run as a SQLTransformer. */
export type SqlTransformCompiler = (statement: string) => SqlTransform;

export interface LoadOptions {
  /** Runs SQLTransformer statements; without it such stages are refused at load. */
  readonly sql?: SqlTransformCompiler;
}
