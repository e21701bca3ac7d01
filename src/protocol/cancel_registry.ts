// BackendKeyData → running session, so a CancelRequest arriving on another connection can find
// and abort the statement of the session it names.

import { randomBytes, randomInt } from 'node:crypto';

export interface BackendKey {
  readonly processId: number;
  readonly secretKey: number;
}

export class CancelRegistry {
  private readonly entries = new Map<number, { readonly secretKey: number; readonly cancel: () => void }>();

  /** A fresh key for a session; `cancel` aborts whatever that session is running. */
  register(cancel: () => void): BackendKey {
    let processId: number;
    // Random rather than sequential ids, so keys are not guessable from one's own.
    do processId = randomInt(1, 2 ** 31 - 1); while (this.entries.has(processId));
    const secretKey = randomBytes(4).readInt32BE(0);
    this.entries.set(processId, { secretKey, cancel });
    return { processId, secretKey };
  }

  unregister(key: BackendKey): void {
    if (this.entries.get(key.processId)?.secretKey === key.secretKey) this.entries.delete(key.processId);
  }

  /** Cancels the named session's statement when the secret matches; silent either way, as in Postgres. */
  cancel(processId: number, secretKey: number): boolean {
    const entry = this.entries.get(processId);
    if (!entry || entry.secretKey !== secretKey) return false;
    entry.cancel();
    return true;
  }

  get size(): number {
    return this.entries.size;
  }
}
