// Visiting every node of a syntax tree, for questions about a whole statement (which tables it
// reads, how many parameters it has).

/** Calls `visit` on every object with a `kind` in the tree, parents before children. */
export function walkAst(node: unknown, visit: (node: { readonly kind: string }) => void): void {
  if (node === null || typeof node !== 'object' || node instanceof Uint8Array) return;
  if (Array.isArray(node)) {
    for (const child of node) walkAst(child, visit);
    return;
  }
  if (typeof (node as { kind?: unknown }).kind === 'string') visit(node as { kind: string });
  for (const value of Object.values(node)) walkAst(value, visit);
}
