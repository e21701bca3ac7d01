// Files an overwrite replaces are hidden at its commit but deleted only when no scan of the table
// that might have listed them (one that began before the commit) is still reading: a scan holds a
// lease from before its listing to its end, and the deletion waits for the table's leases to drop
// to none. Within one server this gives readers whole versions; a restart deletes what waited.
// A scan left open and never closed (a suspended portal) must not keep files forever, so the
// deletion waits at most MAX_WAIT_MS, like Delta's retention: a reader slower than that may fail.

import type { DbfsLocation } from './dbfs.js';

interface TableLeases {
  readers: number;
  pending: (() => Promise<void>)[];
}

const tables = new Map<string, TableLeases>();

/** The name a table's leases go by: its root directory in its storage. */
export const leaseName = (root: DbfsLocation) => `${root.storage.id}|${root.key}`;
export const MAX_WAIT_MS = 15 * 60_000;

/** Takes a read lease on a table (named by storage id and root key); call the result when done. */
export function beginRead(table: string): () => void {
  const leases = tables.get(table) ?? { readers: 0, pending: [] };
  tables.set(table, leases);
  leases.readers++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    leases.readers--;
    if (leases.readers === 0) runPending(table, leases);
  };
}

/** Runs `work` now when nobody reads the table, else when its last current reader is done. */
export async function whenNoReaders(table: string, work: () => Promise<void>): Promise<void> {
  const leases = tables.get(table);
  if (!leases || leases.readers === 0) return work();
  let done = false;
  const once = async () => {
    if (done) return;
    done = true;
    await work();
  };
  leases.pending.push(once);
  setTimeout(() => { void once().catch(() => undefined); }, MAX_WAIT_MS).unref();
}

function runPending(table: string, leases: TableLeases): void {
  const work = leases.pending.splice(0);
  if (leases.pending.length === 0) tables.delete(table);
  // Failures leave hidden files behind, which start-up recovery removes.
  void (async () => { for (const w of work) await w().catch(() => undefined); })();
}
