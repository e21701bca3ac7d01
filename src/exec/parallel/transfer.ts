// What crosses between the main thread and scan workers: expressions as the recipes they were
// bound from (closures cannot cross), batches as their typed arrays (moved, not copied), errors as
// their fields, and the session settings functions read.

import { Batch, makeBatch } from '../../common/batch.js';
import { QuarryError } from '../../common/errors.js';
import { DataType, Schema } from '../../common/types.js';
import { TimeZone } from '../../common/time_zone.js';
import { Scalar, Vector, VectorData, isDictionary } from '../../common/vector.js';
import { ExecutionContext } from '../context.js';
import { CastMode } from '../expressions/cast.js';
import { CastExpr, ColumnExpr, LiteralExpr, PhysicalExpr, ScalarFunctionExpr } from '../expressions/physical_expr.js';
import { BindingRecipe, bindFromRecipe, bindingRecipeOf } from '../functions/registry.js';

export type EncodedExpr =
  | { readonly kind: 'column'; readonly index: number; readonly name: string; readonly type: DataType }
  | { readonly kind: 'literal'; readonly value: Scalar; readonly type: DataType }
  | { readonly kind: 'cast'; readonly child: EncodedExpr; readonly type: DataType; readonly mode: CastMode | 'session'; readonly position?: number }
  | { readonly kind: 'call'; readonly recipe: BindingRecipe; readonly args: readonly EncodedExpr[]; readonly position?: number };

/** Functions that need the session itself (its catalog, its settings to change): main thread only. */
const SESSION_FUNCTIONS = new Set(['set_config', 'to_regclass', 'current_setting']);

/** A value structured cloning keeps as it is (class instances such as MapValue would lose their class). */
const isPlainValue = (v: unknown): boolean =>
  v === null || v === undefined || typeof v !== 'object' || v instanceof Uint8Array || (Array.isArray(v) && v.every(isPlainValue));

/** The expression in a form a worker can rebuild, or undefined when some part of it cannot leave this thread. */
export function encodeExpr(e: PhysicalExpr): EncodedExpr | undefined {
  if (e instanceof ColumnExpr) return { kind: 'column', index: e.index, name: e.name, type: e.type };
  if (e instanceof LiteralExpr) return isPlainValue(e.value) ? { kind: 'literal', value: e.value, type: e.type } : undefined;
  if (e instanceof CastExpr) {
    const child = encodeExpr(e.child);
    return child && !e.type.kind.startsWith('reg') ? { kind: 'cast', child, type: e.type, mode: e.mode, position: e.position } : undefined;
  }
  if (e instanceof ScalarFunctionExpr) {
    const recipe = bindingRecipeOf(e.fn);
    if (!recipe || e.fn.deterministic === false || SESSION_FUNCTIONS.has(recipe.name) || !(recipe.constants ?? []).every(isPlainValue)) return undefined;
    const args = e.args.map(encodeExpr);
    return args.every((a) => a !== undefined) ? { kind: 'call', recipe, args: args as EncodedExpr[], position: e.position } : undefined;
  }
  return undefined;
}

export function decodeExpr(e: EncodedExpr, literal = (value: Scalar, type: DataType): PhysicalExpr => new LiteralExpr(value, type)): PhysicalExpr {
  switch (e.kind) {
    case 'column': return new ColumnExpr(e.index, e.name, e.type);
    case 'literal': return literal(e.value, e.type);
    case 'cast': return new CastExpr(decodeExpr(e.child, literal), e.type, e.mode, e.position);
    case 'call': return new ScalarFunctionExpr(bindFromRecipe(e.recipe), e.args.map((a) => decodeExpr(a, literal)), e.position);
  }
}

/** Session settings that functions read through ExecutionContext.setting (see exec/functions). */
const FUNCTION_SETTINGS = [
  'spark.sql.legacy.negativeIndexInArrayInsert', 'spark.sql.mapKeyDedupPolicy', 'spark.sql.legacy.javaCharsets', 'spark.sql.legacy.codingErrorAction',
];

export interface EncodedContext {
  readonly ansi: boolean;
  readonly timeZone: string;
  readonly settings: Readonly<Record<string, string>>;
}

export function encodeContext(ctx: ExecutionContext): EncodedContext {
  const settings: Record<string, string> = {};
  for (const name of FUNCTION_SETTINGS) {
    const value = ctx.setting?.(name);
    if (value !== undefined) settings[name] = value;
  }
  return { ansi: ctx.ansi, timeZone: ctx.timeZone.name, settings };
}

export function decodeContext(c: EncodedContext): ExecutionContext {
  return { ansi: c.ansi, timeZone: TimeZone.of(c.timeZone), setting: (name) => c.settings[name] };
}

/** A batch's columns without their types (the receiver knows the schema). */
export interface EncodedBatch {
  readonly numRows: number;
  readonly columns: readonly { readonly length: number; readonly data: VectorData; readonly validity: Uint8Array | null }[];
}

/**
 * The batch as a message, and the buffers to move with it: the sender must not use the batch's
 * vectors afterwards (their typed arrays are detached).
 */
export function encodeBatch(batch: Batch): { batch: EncodedBatch; transfer: ArrayBuffer[] } {
  const transfer = new Set<ArrayBuffer>();
  const move = (a: ArrayBufferView | null) => {
    if (a !== null && a.buffer instanceof ArrayBuffer && a.buffer.byteLength > 0) transfer.add(a.buffer);
  };
  for (const v of batch.columns) {
    move(v.validity);
    if (ArrayBuffer.isView(v.data)) move(v.data);
    else if (isDictionary(v.data)) move(v.data.codes);
  }
  return {
    batch: { numRows: batch.numRows, columns: batch.columns.map((v) => ({ length: v.length, data: v.data, validity: v.validity })) },
    transfer: [...transfer],
  };
}

export function decodeBatch(b: EncodedBatch, schema: Schema): Batch {
  return makeBatch(schema, b.columns.map((c, i): Vector => ({ type: schema[i].type, length: c.length, data: c.data, validity: c.validity })), b.numRows);
}

export interface EncodedError {
  readonly message: string;
  readonly sqlState?: string;
  readonly position?: number;
  readonly errorClass?: string;
  readonly context?: string;
  /** A system error's code (ENOENT…). */
  readonly code?: string;
}

export function encodeError(e: unknown): EncodedError {
  if (e instanceof QuarryError) return { message: e.message, sqlState: e.sqlState, position: e.position, errorClass: e.errorClass, context: e.context };
  return { message: e instanceof Error ? e.message : String(e), code: (e as NodeJS.ErrnoException)?.code };
}

export function decodeError(e: EncodedError): Error {
  if (e.sqlState !== undefined) return new QuarryError(e.sqlState, e.message, e.position, e.errorClass, e.context);
  return Object.assign(new Error(e.message), e.code ? { code: e.code } : {});
}
