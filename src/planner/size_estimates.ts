// Rough sizes of plans' outputs, from the tables' file sizes: what join ordering and the choice of a
// join's build side go by. No row counts or distinct counts yet: ANALYZE TABLE's size is used when
// there is one, else the files are listed once per estimator.

import fs from 'node:fs';
import path from 'node:path';
import { Catalog, TableMetadata } from '../catalog/index.js';
import { splitConjunction } from './expressions.js';
import { LogicalPlan, planChildren } from './logical_plan.js';

export class SizeEstimator {
  private readonly tableSizes = new Map<string, number>();
  /** Plans are immutable: each node is estimated once, however often join ordering asks. */
  private readonly estimates = new WeakMap<LogicalPlan, { bytes: number; kept: number }>();

  constructor(private readonly catalog: Catalog) {}

  /** A plan's output size in bytes, roughly. */
  bytes(plan: LogicalPlan): number {
    return this.estimate(plan).bytes;
  }

  /** The share of its base tables' rows a plan's filters keep, roughly (1: unfiltered). */
  keptShare(plan: LogicalPlan): number {
    return this.estimate(plan).kept;
  }

  /** A table's bytes on storage (MAX_SAFE_INTEGER when they cannot be listed). */
  tableBytes(table: TableMetadata): number {
    // ANALYZE TABLE's measured size spares listing the files.
    if (table.statistics?.sizeInBytes !== undefined) return table.statistics.sizeInBytes;
    let bytes = this.tableSizes.get(table.location);
    if (bytes === undefined) {
      bytes = 0;
      try {
        const stack = [this.catalog.dbfs.resolve(table.location)];
        while (stack.length > 0) {
          const current = stack.pop()!;
          const stat = fs.statSync(current);
          if (stat.isDirectory()) for (const entry of fs.readdirSync(current)) stack.push(path.join(current, entry));
          else bytes += stat.size;
        }
      } catch {
        bytes = Number.MAX_SAFE_INTEGER; // unknown: never preferred as the build side
      }
      this.tableSizes.set(table.location, bytes);
    }
    return bytes;
  }

  /**
   * A plan's output size, and the share of its base tables' rows its filters keep: a scan is its
   * files' bytes times the share of columns it reads; a filter keeps half per conjunct (up to four),
   * an aggregate a tenth. An inner join is as large as its larger side, times the share the other
   * side's filters keep (a key join to filtered rows keeps as many of the large side's).
   */
  private estimate(plan: LogicalPlan): { bytes: number; kept: number } {
    let estimate = this.estimates.get(plan);
    if (estimate === undefined) this.estimates.set(plan, estimate = this.estimateOnce(plan));
    return estimate;
  }

  private estimateOnce(plan: LogicalPlan): { bytes: number; kept: number } {
    switch (plan.kind) {
      case 'scan': {
        const share = plan.output.length / Math.max(1, plan.table.columns.length);
        const kept = plan.partitionFilters.length > 0 ? 0.5 : 1;
        return { bytes: this.tableBytes(plan.table) * share * kept, kept };
      }
      case 'filter': {
        const input = this.estimate(plan.input);
        const kept = 0.5 ** Math.min(4, splitConjunction(plan.condition).length);
        return { bytes: input.bytes * kept, kept: input.kept * kept };
      }
      case 'aggregate': return { bytes: this.estimate(plan.input).bytes * 0.1, kept: 1 };
      case 'limit': case 'enforceSingleRow': return { bytes: Math.min(this.estimate(plan.input).bytes, 1024), kept: 1 };
      case 'values': return { bytes: plan.rows.length * 16, kept: 1 };
      case 'join': {
        const left = this.estimate(plan.left), right = this.estimate(plan.right);
        if (plan.type === 'semi' || plan.type === 'anti') return { bytes: left.bytes * 0.5, kept: left.kept * 0.5 };
        const larger = left.bytes >= right.bytes ? left : right, smaller = larger === left ? right : left;
        const kept = plan.type === 'inner' && plan.condition ? smaller.kept : 1;
        return { bytes: larger.bytes * kept, kept: larger.kept * kept };
      }
      default: {
        const children = planChildren(plan);
        if (children.length === 1) return this.estimate(children[0]);
        return { bytes: children.length === 0 ? Number.MAX_SAFE_INTEGER : children.reduce((sum, c) => sum + this.estimate(c).bytes, 0), kept: 1 };
      }
    }
  }
}
