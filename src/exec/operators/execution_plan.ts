// The one interface of physical operators: each pulls batches from its children and yields its own.

import { Batch } from '../../common/batch.js';
import { Schema } from '../../common/types.js';
import { ExecutionContext } from '../context.js';

export interface ExecutionPlan {
  readonly schema: Schema;
  readonly children: readonly ExecutionPlan[];
  execute(ctx: ExecutionContext): AsyncGenerator<Batch>;
  /** One line for EXPLAIN: the operator and its arguments. */
  describe(): string;
}

/** The plan as indented text, one operator a line, children below their parent. */
export function formatPhysicalPlan(plan: ExecutionPlan, indent = 0): string {
  const lines = [`${'   '.repeat(indent)}${indent > 0 ? '+- ' : ''}${plan.describe()}`];
  for (const child of plan.children) lines.push(formatPhysicalPlan(child, indent + 1));
  return lines.join('\n');
}
