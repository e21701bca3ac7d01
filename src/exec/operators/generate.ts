import { BATCH_SIZE, Batch } from '../../common/batch.js';
import { QuarryError } from '../../common/errors.js';
import { DataType, Field } from '../../common/types.js';
import { ArrayValue, MapValue, Scalar, getScalar, isNullAt, take, vectorFromScalars } from '../../common/vector.js';
import { ExecutionContext, checkpoint } from '../context.js';
import { PhysicalExpr } from '../expressions/physical_expr.js';
import { ExecutionPlan } from './execution_plan.js';

/** The generators (set-returning functions) Quarry knows, by what each makes of its arguments. */
export type GeneratorKind = 'explode' | 'posexplode' | 'generate_series' | 'generate_subscripts' | 'expand_array';

export interface GeneratorExpr {
  readonly kind: GeneratorKind;
  readonly args: readonly PhysicalExpr[];
  readonly type: DataType;
  readonly display: string;
}

/**
 * Spark's Generate: each input row repeated once per value its generators produce, with those
 * values appended. Several generators run side by side (Postgres's rule for set-returning
 * functions in one SELECT list): as many rows as the longest, the shorter padded with NULL. With
 * `outer`, a row whose generators produce nothing is kept once, with NULLs. Output batches stay
 * at BATCH_SIZE rows however many values one row generates.
 */
export class GenerateExec implements ExecutionPlan {
  readonly children: readonly ExecutionPlan[];
  constructor(
    readonly input: ExecutionPlan, readonly generators: readonly GeneratorExpr[], readonly outer: boolean,
    readonly schema: readonly Field[],
  ) {
    this.children = [input];
  }

  async *execute(ctx: ExecutionContext): AsyncGenerator<Batch> {
    for await (const batch of this.input.execute(ctx)) {
      await checkpoint(ctx);
      const argVectors = this.generators.map((g) => g.args.map((a) => a.evaluate(batch, ctx)));
      let rowIndexes: number[] = [];
      let generated: Scalar[][] = this.generators.map(() => []);
      const flush = (): Batch => {
        const indexes = Int32Array.from(rowIndexes);
        const out = {
          schema: this.schema,
          columns: [
            ...batch.columns.map((c) => take(c, indexes)),
            ...this.generators.map((g, k) => vectorFromScalars(g.type, generated[k])),
          ],
          numRows: indexes.length,
        };
        rowIndexes = [];
        generated = this.generators.map(() => []);
        return out;
      };
      for (let row = 0; row < batch.numRows; row++) {
        const sequences = this.generators.map((g, k) => sequenceOf(g.kind, argVectors[k].map((v) => (isNullAt(v, row) ? null : getScalar(v, row)))));
        const count = Math.max(this.outer ? 1 : 0, ...sequences.map((s) => s.length));
        for (let j = 0; j < count; j++) {
          rowIndexes.push(row);
          sequences.forEach((s, k) => generated[k].push(j < s.length ? s.at(j) : null));
          if (rowIndexes.length === BATCH_SIZE) {
            yield flush();
            await checkpoint(ctx);
          }
        }
      }
      if (rowIndexes.length > 0) yield flush();
    }
  }

  describe() { return `Generate${this.outer ? ' outer' : ''} [${this.generators.map((g) => g.display).join(', ')}]`; }
}

/** A map's entries as (key, value) rows, or (pos, key, value) for posexplode. */
function mapEntries(m: MapValue, withPosition: boolean): Sequence {
  return { length: m.size, at: (i) => (withPosition ? [i, m.keys[i], m.values[i]] : [m.keys[i], m.values[i]]) };
}

/** A generator's values for one row, computed on demand (generate_series may be long). */
interface Sequence {
  readonly length: number;
  at(i: number): Scalar;
}

function sequenceOf(kind: GeneratorKind, args: readonly Scalar[]): Sequence {
  switch (kind) {
    case 'explode': {
      if (args[0] instanceof MapValue) return mapEntries(args[0], false);
      const array = (args[0] as ArrayValue | null) ?? [];
      return { length: array.length, at: (i) => array[i] };
    }
    // posexplode: each element with its zero-based position, as (pos, col).
    case 'posexplode': {
      if (args[0] instanceof MapValue) return mapEntries(args[0], true);
      const array = (args[0] as ArrayValue | null) ?? [];
      return { length: array.length, at: (i) => [i, array[i]] };
    }
    case 'generate_subscripts': {
      const array = (args[0] as ArrayValue | null) ?? [];
      return { length: array.length, at: (i) => i };
    }
    // information_schema._pg_expandarray: each element with its one-based position, as (x, n).
    case 'expand_array': {
      const array = (args[0] as ArrayValue | null) ?? [];
      return { length: array.length, at: (i) => [array[i], i + 1] };
    }
    case 'generate_series': {
      if (args.some((a) => a === null)) return { length: 0, at: () => null };
      const [start, stop] = [Number(args[0]), Number(args[1])];
      const step = args.length > 2 ? Number(args[2]) : 1;
      if (step === 0) throw new QuarryError('22023', 'step size cannot equal zero');
      return { length: Math.max(0, Math.floor((stop - start) / step) + 1), at: (i) => start + i * step };
    }
  }
}
