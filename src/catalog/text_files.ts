// Text tables (USING text): one string column `value`, a row per line (or per file with
// wholetext), gzip by file extension; written back one value a line.

import fs from 'node:fs/promises';
import readline from 'node:readline';
import zlib from 'node:zlib';
import { BATCH_SIZE, Batch, makeBatch } from '../common/batch.js';
import { QuarryError, SqlState } from '../common/errors.js';
import { Field, StringType, typeToSql } from '../common/types.js';
import { getScalar, vectorFromScalars } from '../common/vector.js';
import { FileInput, displayNameOf, openFileStream } from './storage/file_storage.js';

export interface TextOptions {
  /** One row per file holding all of its text. */
  readonly wholeText: boolean;
  /** A line separator other than \n, \r\n and \r (all three are the default). */
  readonly lineSep?: string;
}

export function textOptions(options: Readonly<Record<string, string>>): TextOptions {
  const get = (name: string) => Object.entries(options).find(([k]) => k.toLowerCase() === name)?.[1];
  const lineSep = get('linesep');
  if (lineSep === '') throw new QuarryError(SqlState.invalidParameterValue, "[INVALID_OPTION] The option 'lineSep' cannot be an empty string.");
  return { wholeText: get('wholetext')?.toLowerCase() === 'true', ...(lineSep !== undefined ? { lineSep } : {}) };
}

/** The schema of a text file: always `value STRING`. */
export const TEXT_COLUMNS: readonly Field[] = [{ name: 'value', type: StringType, nullable: true }];

/**
 * Spark's rule for the columns of a text table or write: exactly one, of type string
 * (partition columns aside). Each offending type is named before the count.
 */
export function checkTextColumns(columns: readonly Field[]): void {
  for (const column of columns) {
    if (column.type.kind !== 'string') {
      throw new QuarryError(SqlState.featureNotSupported,
        `[UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE] The Text datasource doesn't support the column \`${column.name}\` of the type "${typeToSql(column.type)}".`,
        undefined, 'UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE');
    }
  }
  if (columns.length !== 1) {
    throw new QuarryError(SqlState.featureNotSupported,
      `[_LEGACY_ERROR_TEMP_1290] Text data source supports only a single column, and you have ${columns.length} columns.`, undefined, '_LEGACY_ERROR_TEMP_1290');
  }
}

/** The lines (or the whole text) of a file, as batches of the requested columns (`value` or none). */
export async function* readTextFile(file: FileInput, columns: readonly Field[], options: TextOptions): AsyncGenerator<Batch> {
  let stream: NodeJS.ReadableStream = openFileStream(file);
  if (displayNameOf(file).endsWith('.gz')) stream = stream.pipe(zlib.createGunzip());
  let values: string[] = [];
  const flush = (): Batch => {
    const batch = makeBatch(columns, columns.map(() => vectorFromScalars(StringType, values)), values.length);
    values = [];
    return batch;
  };
  for await (const value of options.wholeText ? wholeText(stream) : options.lineSep ? splitOn(stream, options.lineSep) : lines(stream)) {
    values.push(value);
    if (values.length >= BATCH_SIZE) yield flush();
  }
  if (values.length > 0) yield flush();
}

async function* wholeText(stream: NodeJS.ReadableStream): AsyncGenerator<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  yield Buffer.concat(chunks).toString('utf8');
}

/** \n, \r\n or \r ends a line; a last line without an ending still counts, an empty tail does not. */
async function* lines(stream: NodeJS.ReadableStream): AsyncGenerator<string> {
  yield* readline.createInterface({ input: stream, crlfDelay: Infinity });
}

async function* splitOn(stream: NodeJS.ReadableStream, separator: string): AsyncGenerator<string> {
  let pending = '';
  const decoder = new TextDecoder();
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    pending += decoder.decode(chunk, { stream: true });
    const parts = pending.split(separator);
    pending = parts.pop()!;
    yield* parts;
  }
  pending += decoder.decode();
  if (pending !== '') yield pending;
}

/** One value a line; a NULL value is an empty line, as Spark writes it. */
export async function writeTextFile(path: string, batches: readonly Batch[], options: TextOptions): Promise<void> {
  const separator = options.lineSep ?? '\n';
  const parts: string[] = [];
  for (const batch of batches) {
    for (let i = 0; i < batch.numRows; i++) parts.push(`${(getScalar(batch.columns[0], i) as string | null) ?? ''}${separator}`);
  }
  await fs.writeFile(path, parts.join(''));
}
