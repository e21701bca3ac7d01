// Writing CSV files the way Spark does: the table's separator and quote, an optional header,
// NULL as an empty field (or nullValue), strings quoted when they must be, ISO dates and
// timestamps with an offset.

import fs from 'node:fs/promises';
import { Batch } from '../common/batch.js';
import { DataType, Field } from '../common/types.js';
import { getScalar } from '../common/vector.js';
import { formatDate, formatDecimal, formatTimestamp } from '../common/values.js';
import { CsvOptions } from './csv_reader.js';
import { timeValueFileText } from '../common/time_values.js';

export async function writeCsvFile(path: string, schema: readonly Field[], batches: readonly Batch[], options: CsvOptions): Promise<void> {
  const lines: string[] = [];
  if (options.header) lines.push(schema.map((f) => quote(f.name, options)).join(options.separator));
  for (const batch of batches) {
    for (let i = 0; i < batch.numRows; i++) {
      lines.push(batch.columns.map((c, k) => {
        const value = getScalar(c, i);
        return value === null ? options.nullValue : quote(formatValue(value, schema[k].type), options, schema[k].type.kind === 'string');
      }).join(options.separator));
    }
  }
  await fs.writeFile(path, lines.length > 0 ? `${lines.join('\n')}\n` : '');
}

function formatValue(value: unknown, type: DataType): string {
  switch (type.kind) {
    case 'decimal': return formatDecimal(value as number | bigint, type.scale);
    case 'date': return formatDate(value as number);
    // Spark's default timestampFormat: yyyy-MM-dd'T'HH:mm:ss.SSSXXX, here in UTC.
    case 'timestamp': return `${formatTimestamp(value as number).replace(' ', 'T')}Z`;
    case 'timestamp_ntz': return formatTimestamp(value as number).replace(' ', 'T');
    case 'binary': return Buffer.from(value as Uint8Array).toString('base64');
    default: return timeValueFileText(value, type) ?? String(value);
  }
}

/** Quotes a field that holds the separator, the quote, a line break, or (for strings) nothing. */
function quote(text: string, options: CsvOptions, isString = false): string {
  const { separator, quote: q, escape } = options;
  const needs = text.includes(separator) || text.includes(q) || /[\r\n]/.test(text) || (isString && text === '') || text === options.nullValue && isString;
  if (!needs) return text;
  const escaped = text.split(q).join(escape === q ? q + q : escape + q);
  return `${q}${escaped}${q}`;
}
