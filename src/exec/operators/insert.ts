import { Catalog, TableMetadata, writeTableData } from '../../catalog/index.js';
import { Batch, makeBatch } from '../../common/batch.js';
import { LongType, Schema } from '../../common/types.js';
import { Scalar } from '../../common/vector.js';
import { ExecutionContext } from '../context.js';
import { ExecutionPlan } from './execution_plan.js';

/**
 * Writes its input into a table, atomically (the catalog's writer stages files and commits them
 * at the end), then yields one row with the number of rows written, as Databricks does.
 */
export class InsertExec implements ExecutionPlan {
  readonly children: readonly ExecutionPlan[];
  readonly schema: Schema = [{ name: 'num_affected_rows', type: LongType, nullable: false }];

  constructor(
    readonly input: ExecutionPlan, readonly catalog: Catalog, readonly table: TableMetadata, readonly overwrite: boolean,
    readonly overwritePartition?: Readonly<Record<string, Scalar>>,
    readonly dynamicPartitionOverwrite = false,
  ) {
    this.children = [input];
  }

  async *execute(ctx: ExecutionContext): AsyncGenerator<Batch> {
    const rows = await writeTableData(this.catalog, this.table, this.input.execute(ctx),
      { overwrite: this.overwrite, overwritePartition: this.overwritePartition, dynamicPartitionOverwrite: this.dynamicPartitionOverwrite, signal: ctx.signal });
    this.catalog.tableCache.invalidate(this.table.location);
    await this.catalog.dropStatistics(this.table.database, this.table.name);
    yield makeBatch(this.schema, [{ type: LongType, length: 1, data: Float64Array.of(rows), validity: null }], 1);
  }

  describe() {
    return `InsertIntoTable ${this.table.database}.${this.table.name}${this.overwrite ? ' (overwrite)' : ''}`;
  }
}
