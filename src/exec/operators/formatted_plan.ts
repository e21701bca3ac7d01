// EXPLAIN FORMATTED, as Spark prints it: the tree with each operator's name and id only, then one
// section per operator (ids children first, as Spark numbers them) with its fields: what it reads
// and outputs, keys, conditions, functions. Operators that do not list their fields show their
// EXPLAIN line's arguments.

import { Schema } from '../../common/types.js';
import { ExecutionPlan, FormattedOperator, formatTree } from './execution_plan.js';

export function formatPlanFormatted(root: ExecutionPlan): string {
  const ids = new Map<ExecutionPlan, number>();
  const number = (node: ExecutionPlan): void => {
    node.children.forEach(number);
    if (!ids.has(node)) ids.set(node, ids.size + 1);
  };
  number(root);
  const formatted = new Map([...ids.keys()].map((node) => [node, formattedOperator(node)]));
  const tree = formatTree(root, (node) => `${formatted.get(node)!.name} (${ids.get(node)})`);
  const sections = [...ids].map(([node, id]) => {
    const { name, fields } = formatted.get(node)!;
    return [`(${id}) ${name}`, ...fields.map(([label, value]) => `${label}: ${value}`)].join('\n');
  });
  return `== Physical Plan ==\n${tree}\n\n\n${sections.join('\n\n')}\n`;
}

/** `Input [2]: [a, b]` and the like: a counted list. */
export function countedList(label: string, items: readonly unknown[]): [string, string] {
  return [`${label} [${items.length}]`, `[${items.join(', ')}]`];
}

export const columnNames = (schema: Schema) => schema.map((f) => f.name);

function formattedOperator(node: ExecutionPlan): FormattedOperator {
  if (node.formatted) return node.formatted();
  const line = node.describe();
  const name = line.split(/[[(]/)[0].trim();
  const args = line.slice(name.length).trim();
  const fields: [string, string][] = [];
  if (node.children.length === 0) fields.push(countedList('Output', columnNames(node.schema)));
  if (node.children.length === 1) fields.push(countedList('Input', columnNames(node.children[0].schema)));
  if (args) fields.push(['Arguments', args.startsWith('(') && args.endsWith(')') ? args.slice(1, -1) : args]);
  return { name, fields };
}
