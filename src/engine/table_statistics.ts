// ANALYZE TABLE … COMPUTE STATISTICS [NOSCAN | FOR COLUMNS …]: the table's size, row count and
// column statistics measured and kept in the catalog, for DESCRIBE EXTENDED and join planning.

import { Catalog, ColumnStatistics, TableMetadata, TableStatistics, listDataFiles } from '../catalog/index.js';
import { QuarryError, SqlState } from '../common/errors.js';
import { DataType, Field, typeToSql } from '../common/types.js';
import { Scalar } from '../common/vector.js';
import * as ast from '../parser/ast.js';

/** Runs one query and returns its single row. */
export type RowQuery = (sql: string) => Promise<readonly Scalar[]>;

export async function analyzeTable(catalog: Catalog, table: TableMetadata, node: ast.AnalyzeTable, queryRow: RowQuery): Promise<void> {
  const columns = columnsToAnalyze(table, node);
  const sizeInBytes = (await listDataFiles(catalog, table)).reduce((sum, f) => sum + f.sizeBytes, 0);
  let statistics: TableStatistics = { sizeInBytes };
  if (!node.noscan) {
    const row = await queryRow(statisticsQuery(table, columns));
    statistics = { sizeInBytes, rowCount: Number(row[0]) };
    if (columns.length > 0) {
      // Columns measured before and not now keep their statistics, as in Spark.
      const measured: Record<string, ColumnStatistics> = { ...table.statistics?.columns };
      columns.forEach((column, i) => { measured[column.name] = columnStatistics(column.type, row.slice(1 + i * 6, 7 + i * 6)); });
      statistics = { ...statistics, columns: measured };
    }
  }
  await catalog.alterTable(table.database, table.name, (t) => ({ ...t, statistics }));
}

/** `Statistics` of DESCRIBE EXTENDED: `1024 bytes, 3 rows`. */
export function statisticsText(statistics: TableStatistics): string {
  return `${statistics.sizeInBytes} bytes${statistics.rowCount !== undefined ? `, ${statistics.rowCount} rows` : ''}`;
}

/** DESCRIBE EXTENDED t col: Spark's rows after col_name, data_type and comment. */
export function columnStatisticsRows(statistics: ColumnStatistics | undefined): [string, string][] {
  const text = (v: string | number | null | undefined) => (v === null || v === undefined ? 'NULL' : String(v));
  return [
    ['min', text(statistics?.min)], ['max', text(statistics?.max)], ['num_nulls', text(statistics?.nullCount)],
    ['distinct_count', text(statistics?.distinctCount)], ['avg_col_len', text(statistics?.avgLength)],
    ['max_col_len', text(statistics?.maxLength)], ['histogram', 'NULL'],
  ];
}

function columnsToAnalyze(table: TableMetadata, node: ast.AnalyzeTable): Field[] {
  if (node.columns === undefined) return [];
  const columns = node.columns === 'all' ? [...table.columns] : node.columns.map((name) => {
    const column = table.columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
    if (!column) {
      throw new QuarryError(SqlState.undefinedColumn,
        `[COLUMN_NOT_FOUND] The column \`${name}\` cannot be found. Verify the spelling and correctness of the column name according to the SQL config spark.sql.caseSensitive.`, node.pos, 'COLUMN_NOT_FOUND');
    }
    return column;
  });
  for (const column of columns) {
    if (!isAnalyzable(column.type)) {
      throw new QuarryError(SqlState.featureNotSupported,
        `[UNSUPPORTED_FEATURE.ANALYZE_UNSUPPORTED_COLUMN_TYPE] The ANALYZE TABLE FOR COLUMNS command does not support the type "${typeToSql(column.type)}" of the column \`${column.name}\` in the table \`spark_catalog\`.\`${table.database}\`.\`${table.name}\`.`,
        node.pos, 'UNSUPPORTED_FEATURE.ANALYZE_UNSUPPORTED_COLUMN_TYPE');
    }
  }
  return columns;
}

/** The types Spark keeps column statistics for. */
function isAnalyzable(type: DataType): boolean {
  return ['tinyint', 'smallint', 'int', 'bigint', 'float', 'double', 'decimal', 'boolean', 'date', 'timestamp', 'timestamp_ntz', 'string', 'binary']
    .includes(type.kind);
}

/** Variable-length types have no min/max and a measured length; the others their fixed size. */
function isVariableLength(type: DataType): boolean {
  return type.kind === 'string' || type.kind === 'binary';
}

/** Spark's defaultSize of a fixed-width type, the length its statistics report. */
function fixedSize(type: DataType): number {
  switch (type.kind) {
    case 'tinyint': case 'boolean': return 1;
    case 'smallint': return 2;
    case 'int': case 'float': case 'date': return 4;
    case 'decimal': return type.precision <= 18 ? 8 : 16;
    default: return 8;
  }
}

/** One row: count(*), then per column min, max, nulls, distinct values, average and longest length. */
function statisticsQuery(table: TableMetadata, columns: readonly Field[]): string {
  const parts = ['count(*)'];
  for (const column of columns) {
    const c = `\`${column.name.replaceAll('`', '``')}\``;
    if (isVariableLength(column.type)) {
      parts.push('NULL', 'NULL', `count(*) - count(${c})`, `count(DISTINCT ${c})`, `ceil(avg(length(${c})))`, `max(length(${c}))`);
    } else {
      parts.push(`CAST(min(${c}) AS STRING)`, `CAST(max(${c}) AS STRING)`, `count(*) - count(${c})`, `count(DISTINCT ${c})`, 'NULL', 'NULL');
    }
  }
  return `SELECT ${parts.join(', ')} FROM \`spark_catalog\`.\`${table.database}\`.\`${table.name.replaceAll('`', '``')}\``;
}

function columnStatistics(type: DataType, values: readonly Scalar[]): ColumnStatistics {
  const [min, max, nulls, distinct, avgLength, maxLength] = values;
  const length = (v: Scalar) => (isVariableLength(type) ? (v === null ? 20 : Number(v)) : fixedSize(type));
  return {
    min: min === null ? null : String(min), max: max === null ? null : String(max),
    nullCount: Number(nulls), distinctCount: Number(distinct), avgLength: length(avgLength), maxLength: length(maxLength),
  };
}
