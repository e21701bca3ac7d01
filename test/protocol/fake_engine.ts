// A stand-in Engine for protocol tests: the wire behaviour is tested apart from SQL. Statements
// are split at `;` and recognised by keyword:
//   select …   one batch of typed columns (3 rows, the last one all NULL)
//   create …   a command (`CREATE TABLE`)
//   … bad …    a QuarryError 42601 positioned at `bad`
//   boom       a plain Error (an engine bug)
//   endless    8192-row batches forever, counting pulls and noting abort and return()
//   sleep      a rows result whose first batch waits for the abort signal
//   halfway    one batch, then a QuarryError 22012 from the batch stream
//   count N    N rows of one bigint column, in batches of 1000
// openSession throws 3D000 for the database `missing`.

import { Batch, makeBatch } from '../../src/common/batch.js';
import { QuarryError } from '../../src/common/errors.js';
import {
  BinaryType, BooleanType, DateType, DoubleType, FloatType, IntegerType, LongType, Schema, StringType, TimestampNTZType,
  TimestampType, decimalType,
} from '../../src/common/types.js';
import { Vector, makeVector, vectorFromScalars } from '../../src/common/vector.js';
import type { Engine, EngineSession, ExecuteOptions, SessionOptions, StatementResult } from '../../src/engine/types.js';

export const SELECT_SCHEMA: Schema = [
  { name: 'i', type: IntegerType, nullable: true },
  { name: 'l', type: LongType, nullable: true },
  { name: 'big', type: LongType, nullable: true },
  { name: 'd', type: DoubleType, nullable: true },
  { name: 'f', type: FloatType, nullable: true },
  { name: 'amount', type: decimalType(10, 2), nullable: true },
  { name: 'wide', type: decimalType(30, 5), nullable: true },
  { name: 's', type: StringType, nullable: true },
  { name: 'b', type: BooleanType, nullable: true },
  { name: 'day', type: DateType, nullable: true },
  { name: 'ts', type: TimestampType, nullable: true },
  { name: 'ts_ntz', type: TimestampNTZType, nullable: true },
  { name: 'bin', type: BinaryType, nullable: true },
];

const ts = (text: string) => Date.parse(text) * 1000;

function selectBatch(): Batch {
  const dictionary: Vector = makeVector(StringType, 3, { dictionary: ['Oslo', 'Zürich'], codes: new Int32Array([1, 0, 0]) },
    new Uint8Array([1, 1, 0]));
  const columns: Vector[] = [
    vectorFromScalars(IntegerType, [1, -2, null]),
    vectorFromScalars(LongType, [42, -7, null]),
    // A bigint column past 2^53 is stored as BigInt64Array.
    vectorFromScalars(LongType, [9223372036854775807n, -9223372036854775808n, null]),
    vectorFromScalars(DoubleType, [1.5, 1e20, null]),
    vectorFromScalars(FloatType, [Math.fround(0.1), Infinity, null]),
    vectorFromScalars(decimalType(10, 2), [1250, -5, null]),
    vectorFromScalars(decimalType(30, 5), [123456789012345678901234500000n, 1n, null]),
    dictionary,
    vectorFromScalars(BooleanType, [true, false, null]),
    vectorFromScalars(DateType, [19723, 0, null]),
    vectorFromScalars(TimestampType, [ts('2024-01-01T10:00:00Z'), ts('1970-01-01T00:00:00.5Z'), null]),
    vectorFromScalars(TimestampNTZType, [ts('2024-01-01T10:00:00Z') + 123, 0, null]),
    vectorFromScalars(BinaryType, [new Uint8Array([0xde, 0xad]), new Uint8Array(0), null]),
  ];
  return makeBatch(SELECT_SCHEMA, columns, 3);
}

const ENDLESS_SCHEMA: Schema = [
  { name: 'n', type: LongType, nullable: false },
  { name: 's', type: StringType, nullable: false },
];
const ENDLESS_ROWS = 8192;

export interface EndlessStats {
  pulled: number;
  returned: boolean;
  aborted: boolean;
}

export class FakeEngine implements Engine {
  /** One entry per `endless` statement started, in order. */
  readonly endless: EndlessStats[] = [];
  readonly sessions: FakeSession[] = [];

  openSession(options: SessionOptions): EngineSession {
    if (options.database === 'missing') throw new QuarryError('3D000', `database "${options.database}" does not exist`);
    const session = new FakeSession(this, options);
    this.sessions.push(session);
    return session;
  }
}

class FakeSession implements EngineSession {
  readonly database: string;
  closed = false;

  constructor(private readonly engine: FakeEngine, readonly options: SessionOptions) {
    this.database = options.database;
  }

  async *execute(sql: string, options: ExecuteOptions = {}): AsyncGenerator<StatementResult> {
    const statements: { text: string; offset: number }[] = [];
    let offset = 0;
    for (const part of sql.split(';')) {
      if (part.trim() !== '') statements.push({ text: part.trim(), offset: offset + part.indexOf(part.trim()) });
      offset += part.length + 1;
    }
    if (statements.length === 0) {
      yield { kind: 'empty' };
      return;
    }
    for (const { text, offset: start } of statements) {
      const bad = text.indexOf('bad');
      if (bad >= 0) throw new QuarryError('42601', 'syntax error at or near "bad"', start + bad, 'PARSE_SYNTAX_ERROR');
      yield this.run(text.toLowerCase(), options);
    }
  }

  private run(text: string, options: ExecuteOptions): StatementResult {
    if (text === 'boom') throw new Error('kaput');
    if (text.startsWith('select')) return { kind: 'rows', schema: SELECT_SCHEMA, batches: batches([selectBatch()]) };
    if (text.startsWith('create')) return { kind: 'command', tag: 'CREATE TABLE' };
    if (text === 'endless') return { kind: 'rows', schema: ENDLESS_SCHEMA, batches: this.endlessBatches(options.signal) };
    if (text === 'sleep') return { kind: 'rows', schema: ENDLESS_SCHEMA, batches: untilAborted(options.signal) };
    if (text === 'halfway') return { kind: 'rows', schema: SELECT_SCHEMA, batches: halfway() };
    const count = /^count (\d+)$/.exec(text);
    if (count) return { kind: 'rows', schema: [ENDLESS_SCHEMA[0]], batches: counted(Number(count[1])) };
    throw new QuarryError('42601', `unknown fake statement: ${text}`, 0);
  }

  private async *endlessBatches(signal: AbortSignal | undefined): AsyncGenerator<Batch> {
    const stats: EndlessStats = { pulled: 0, returned: false, aborted: false };
    this.engine.endless.push(stats);
    signal?.addEventListener('abort', () => { stats.aborted = true; });
    const strings = Array.from({ length: ENDLESS_ROWS }, (_, i) => `row ${i}`);
    try {
      // Deliberately ignores the signal: the protocol layer must stop pulling on its own.
      for (;;) {
        const base = stats.pulled * ENDLESS_ROWS;
        const n = new Float64Array(ENDLESS_ROWS);
        for (let i = 0; i < ENDLESS_ROWS; i++) n[i] = base + i;
        stats.pulled++;
        yield makeBatch(ENDLESS_SCHEMA, [makeVector(LongType, ENDLESS_ROWS, n), makeVector(StringType, ENDLESS_ROWS, strings)]);
      }
    } finally {
      stats.returned = true;
    }
  }

  close(): void {
    this.closed = true;
  }
}

async function* batches(list: Batch[]): AsyncGenerator<Batch> {
  for (const b of list) yield b;
}

async function* untilAborted(signal: AbortSignal | undefined): AsyncGenerator<Batch> {
  await new Promise<void>((resolve) => {
    if (signal?.aborted) resolve();
    signal?.addEventListener('abort', () => resolve());
  });
  throw new QuarryError('57014', 'canceling statement due to user request');
}

async function* halfway(): AsyncGenerator<Batch> {
  yield selectBatch();
  throw new QuarryError('22012', 'Division by zero', 7, 'DIVIDE_BY_ZERO');
}

async function* counted(total: number): AsyncGenerator<Batch> {
  for (let start = 0; start < total; start += 1000) {
    const n = Math.min(1000, total - start);
    const data = new Float64Array(n);
    for (let i = 0; i < n; i++) data[i] = start + i;
    yield makeBatch([ENDLESS_SCHEMA[0]], [makeVector(LongType, n, data)]);
  }
}
