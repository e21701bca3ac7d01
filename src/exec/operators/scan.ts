import { Catalog, ColumnBound, TableMetadata, scanTable } from '../../catalog/index.js';
import { Batch, makeBatch } from '../../common/batch.js';
import { Schema } from '../../common/types.js';
import { Scalar } from '../../common/vector.js';
import { ExecutionContext, checkpoint } from '../context.js';
import { ExecutionPlan, FormattedOperator } from './execution_plan.js';
import { columnNames, countedList } from './formatted_plan.js';
import { typeToString } from '../../common/types.js';

/** Reads a table's files: only the wanted columns, only the partitions the filter admits. */
export class ScanExec implements ExecutionPlan {
  readonly children: readonly ExecutionPlan[] = [];
  constructor(
    readonly catalog: Catalog,
    readonly table: TableMetadata,
    readonly schema: Schema,
    readonly partitionFilter: ((values: Record<string, Scalar>) => boolean) | undefined,
    /** The partition filters as text, for EXPLAIN. */
    readonly partitionFilterText: readonly string[] = [],
    /** Comparisons Parquet row-group statistics can rule out. */
    readonly rowGroupBounds: readonly ColumnBound[] = [],
  ) {}

  async *execute(ctx: ExecutionContext): AsyncGenerator<Batch> {
    const batches = scanTable(this.catalog, this.table, {
      columns: this.schema.map((f) => f.name), partitionFilter: this.partitionFilter, signal: ctx.signal,
      ...(this.rowGroupBounds.length > 0 ? { rowGroupBounds: this.rowGroupBounds } : {}),
    });
    for await (const batch of batches) {
      await checkpoint(ctx);
      if (ctx.progress) ctx.progress.rowsRead += batch.numRows;
      yield makeBatch(this.schema, batch.columns, batch.numRows);
    }
  }

  describe() {
    const partitions = this.partitionFilterText.length > 0 ? `, PartitionFilters: [${this.partitionFilterText.join(', ')}]` : '';
    return `Scan ${this.table.format} ${this.table.database}.${this.table.name} [${this.schema.map((f) => f.name).join(', ')}]${partitions}, Location: ${this.table.location}`;
  }

  formatted(): FormattedOperator {
    const symbols = { eq: '=', lt: '<', le: '<=', gt: '>', ge: '>=' };
    return {
      name: `Scan ${this.table.format} ${this.table.database}.${this.table.name}`,
      fields: [
        countedList('Output', columnNames(this.schema)),
        ['Location', this.table.location],
        ...(this.partitionFilterText.length > 0 ? [countedList('PartitionFilters', this.partitionFilterText)] : []),
        ['PushedFilters', `[${this.rowGroupBounds.map((b) => `${b.column} ${symbols[b.op]} ${b.value}`).join(', ')}]`],
        ['ReadSchema', `struct<${this.schema.map((f) => `${f.name}:${typeToString(f.type)}`).join(',')}>`],
      ],
    };
  }
}
