// Row-group pruning: a scan's simple comparisons (column <op> constant) checked against each
// Parquet row group's min/max statistics, so groups that cannot hold a matching row are not read.
// Only types whose statistics order is exactly Spark's are used: integers, dates and strings
// (UTF-8 byte order is code point order). Floating point is left out: NaN sorts above every
// number in Spark but is left out of Parquet statistics.

/** `column <op> value`, with the value typed as the column. */
export interface ColumnBound {
  readonly column: string;
  readonly op: 'eq' | 'lt' | 'le' | 'gt' | 'ge';
  readonly value: number | bigint | string;
  readonly kind: 'integer' | 'date' | 'string';
}

/** One column chunk's statistics as hyparquet decodes them. */
export interface ChunkStatistics {
  readonly min?: unknown;
  readonly max?: unknown;
  readonly nullCount?: bigint | number;
}

const DAY_MS = 86_400_000;

/** False only when the statistics prove no row of the group satisfies every bound. */
export function rowGroupMayMatch(numRows: number, statistics: ReadonlyMap<string, ChunkStatistics>, bounds: readonly ColumnBound[]): boolean {
  for (const bound of bounds) {
    const stats = statistics.get(bound.column.toLowerCase());
    if (!stats) continue;
    // Comparisons with NULL are never true: a group of NULLs only matches nothing.
    if (stats.nullCount !== undefined && Number(stats.nullCount) === numRows && numRows > 0) return false;
    const min = statValue(stats.min, bound.kind), max = statValue(stats.max, bound.kind);
    if (min === undefined || max === undefined) continue;
    const value = bound.kind === 'string' ? (typeof bound.value === 'string' ? bound.value : undefined) : toBigInt(bound.value);
    if (value === undefined) continue;
    const belowMin = compare(value, min) < 0, aboveMax = compare(value, max) > 0;
    const excluded = bound.op === 'eq' ? belowMin || aboveMax
      : bound.op === 'lt' ? compare(min, value) >= 0
        : bound.op === 'le' ? belowMin
          : bound.op === 'gt' ? compare(max, value) <= 0
            : aboveMax;
    if (excluded) return false;
  }
  return true;
}

function statValue(value: unknown, kind: ColumnBound['kind']): bigint | string | undefined {
  if (value === undefined || value === null) return undefined;
  if (kind === 'string') return typeof value === 'string' ? value : undefined;
  if (kind === 'date') return value instanceof Date ? BigInt(Math.floor(value.getTime() / DAY_MS)) : toBigInt(value);
  return toBigInt(value);
}

function toBigInt(value: unknown): bigint | undefined {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  return undefined;
}

/** Integers numerically; strings by UTF-8 bytes, the order Parquet writers keep. */
function compare(a: bigint | string, b: bigint | string): number {
  if (typeof a === 'string' && typeof b === 'string') return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
  return a < b ? -1 : a > b ? 1 : 0;
}
