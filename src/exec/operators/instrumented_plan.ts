// EXPLAIN ANALYZE: a plan's operators instrumented from the outside (each node's execute wrapped,
// no operator changed), run to the end, then printed with what each did: rows and batches out,
// time with and without its children, the size of what it produced, and for operators that hold
// rows the most they held and what they spilled.

import { Batch } from '../../common/batch.js';
import { batchBytes } from '../../catalog/table_cache.js';
import { ExecutionContext } from '../context.js';
import { ExecutionPlan, formatTree } from './execution_plan.js';

interface OperatorStats {
  rows: number;
  batches: number;
  /** Milliseconds spent producing its batches, its children's work included. */
  inclusiveMs: number;
  bytes: number;
  /** Dictionaries already in `bytes`: batches that share one count it once. */
  dictionaries: WeakSet<readonly string[]>;
}

export class InstrumentedPlan {
  private readonly stats = new Map<ExecutionPlan, OperatorStats>();

  constructor(readonly root: ExecutionPlan) {
    this.instrument(root);
  }

  /** Runs the plan to its end; the number of rows it returned. */
  async run(ctx: ExecutionContext): Promise<number> {
    let rows = 0;
    for await (const batch of this.root.execute(ctx)) rows += batch.numRows;
    return rows;
  }

  /** The plan tree as EXPLAIN prints it, each line followed by the operator's figures. */
  format(): string {
    return formatTree(this.root, (node) => `${node.describe()} ${this.figures(node)}`);
  }

  private figures(node: ExecutionPlan): string {
    const s = this.stats.get(node)!;
    const childrenMs = node.children.reduce((sum, c) => sum + this.stats.get(c)!.inclusiveMs, 0);
    const m = node.metrics;
    const held = m && m.peakBytes > 0 ? ` memory=${formatBytes(m.peakBytes)}` : '';
    const spilled = m && m.spillFiles > 0 ? ` spilled=${m.spilledRows} rows in ${m.spillFiles} files (${formatBytes(m.spilledBytes)})` : '';
    return `(rows=${s.rows} batches=${s.batches} time=${s.inclusiveMs.toFixed(1)}ms self=${Math.max(0, s.inclusiveMs - childrenMs).toFixed(1)}ms output=${formatBytes(s.bytes)}${held}${spilled})`;
  }

  private instrument(node: ExecutionPlan): void {
    const stats: OperatorStats = { rows: 0, batches: 0, inclusiveMs: 0, bytes: 0, dictionaries: new WeakSet() };
    this.stats.set(node, stats);
    const execute = node.execute.bind(node);
    // Parents call their children's execute(): replacing it on the instance sees every batch.
    (node as { execute: ExecutionPlan['execute'] }).execute = (ctx) => measured(execute(ctx), stats);
    for (const child of node.children) this.instrument(child);
  }
}

async function* measured(batches: AsyncGenerator<Batch>, stats: OperatorStats): AsyncGenerator<Batch> {
  for (;;) {
    const start = performance.now();
    const next = await batches.next();
    stats.inclusiveMs += performance.now() - start;
    if (next.done) return;
    stats.rows += next.value.numRows;
    stats.batches++;
    stats.bytes += batchBytes(next.value, stats.dictionaries);
    yield next.value;
  }
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes}B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)}KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)}MB`;
}
