// The columns a model's stages pass along while scoring one batch. Each stage reads whole columns and
// adds whole columns; a stage with handleInvalid = "skip" drops rows from every column at once.

import { QuarryError, SqlState } from '../common/errors.js';
import { DataType } from '../common/types.js';
import { MlVector } from './linalg.js';

export type MlColumn =
  /** Numbers (double, int, boolean as 0/1); valid is null when no row is NULL. */
  | { readonly kind: 'double'; readonly values: Float64Array; readonly valid: Uint8Array | null; readonly integral?: boolean }
  | { readonly kind: 'string'; readonly values: readonly (string | null)[] }
  | { readonly kind: 'vector'; readonly values: readonly (MlVector | null)[] }
  | { readonly kind: 'strings'; readonly values: readonly (readonly string[] | null)[] }
  | { readonly kind: 'vectors'; readonly values: readonly (readonly MlVector[] | null)[] };

export type ColumnKind = MlColumn['kind'];

/** A column a stage reads or writes, with the Spark type SQL sees (vectors as array<double>). */
export interface ColumnSpec {
  readonly name: string;
  readonly type: DataType;
  /**
   * An input the model can score without: Spark skips a StringIndexerModel whose input column is
   * absent (typically the label column a pipeline indexed for training).
   */
  readonly optional?: boolean;
}

export class Frame {
  readonly columns = new Map<string, MlColumn>();
  /** ML attribute names of vector columns (VectorSlicer selects by name). */
  readonly attributeNames = new Map<string, readonly string[]>();
  /** Category counts of nominal columns (StringIndexer outputs), which the 2.x OneHotEncoder needs. */
  readonly nominalSizes = new Map<string, number>();
  /** Input row of each current row, once a stage has dropped rows. */
  sourceRows: Int32Array | null = null;

  constructor(public numRows: number) {}

  get(name: string): MlColumn {
    const c = this.columns.get(name);
    if (c === undefined) {
      throw new QuarryError(SqlState.undefinedColumn, `[UNRESOLVED_COLUMN] Spark ML model input column \`${name}\` is missing`);
    }
    return c;
  }

  doubles(name: string): { values: Float64Array; valid: Uint8Array | null; integral?: boolean } {
    const c = this.get(name);
    if (c.kind !== 'double') throw kindError(name, 'numeric', c.kind);
    return c;
  }

  vectors(name: string): readonly (MlVector | null)[] {
    const c = this.get(name);
    if (c.kind !== 'vector') throw kindError(name, 'vector (array<double>)', c.kind);
    return c.values;
  }

  strings(name: string): readonly (string | null)[] {
    const c = this.get(name);
    if (c.kind !== 'string') throw kindError(name, 'string', c.kind);
    return c.values;
  }

  tokens(name: string): readonly (readonly string[] | null)[] {
    const c = this.get(name);
    if (c.kind !== 'strings') throw kindError(name, 'array<string>', c.kind);
    return c.values;
  }

  set(name: string, column: MlColumn): void {
    this.columns.set(name, column);
  }

  /** Keeps only the rows whose `keep` byte is 1, in every column. */
  filter(keep: Uint8Array): void {
    const rows: number[] = [];
    for (let i = 0; i < this.numRows; i++) if (keep[i]) rows.push(i);
    if (rows.length === this.numRows) return;
    for (const [name, c] of this.columns) this.columns.set(name, takeRows(c, rows));
    const prior = this.sourceRows;
    this.sourceRows = Int32Array.from(rows, (r) => (prior ? prior[r] : r));
    this.numRows = rows.length;
  }
}

function takeRows(c: MlColumn, rows: number[]): MlColumn {
  if (c.kind === 'double') {
    return { kind: 'double', values: Float64Array.from(rows, (r) => c.values[r]), valid: c.valid ? Uint8Array.from(rows, (r) => c.valid![r]) : null };
  }
  return { kind: c.kind, values: rows.map((r) => c.values[r]) } as MlColumn;
}

function kindError(name: string, wanted: string, got: ColumnKind): QuarryError {
  return new QuarryError(SqlState.datatypeMismatch, `[DATATYPE_MISMATCH] Spark ML column \`${name}\` must be ${wanted}, not ${got}`);
}

export const doubleColumn = (values: Float64Array, valid: Uint8Array | null = null): MlColumn => ({ kind: 'double', values, valid });
export const vectorColumn = (values: (MlVector | null)[]): MlColumn => ({ kind: 'vector', values });

/** A Spark runtime failure while scoring (Spark's SparkException). */
export const scoringError = (message: string): QuarryError => new QuarryError(SqlState.invalidParameterValue, message);
