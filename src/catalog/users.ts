// The users who may log in, with their password verifiers (never the passwords), kept in
// users.json under the warehouse and replaced atomically. Managed with CREATE/ALTER/DROP USER
// and `quarry user`; read by the protocol's password authentication.

import { readFileSync, statSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { QuarryError, SqlState } from '../common/errors.js';
import { md5Verifier, scramVerifier } from '../common/password_verifiers.js';
import { writeFileAtomic } from './metastore_file.js';

export interface UserRecord {
  readonly name: string;
  /** `SCRAM-SHA-256$…`; absent for a user without a password (who cannot log in with one). */
  readonly scram?: string;
  /** `md5…`, for clients that only speak md5. */
  readonly md5?: string;
}

export class UserStore {
  private modified = 0;

  private constructor(private readonly file: string, private users: Record<string, UserRecord>) {
    this.modified = modifiedAt(file);
  }

  static async open(warehouseDir: string): Promise<UserStore> {
    const file = path.join(warehouseDir, 'users.json');
    try {
      const stored = JSON.parse(await fs.readFile(file, 'utf8')) as { users: Record<string, UserRecord> };
      return new UserStore(file, stored.users ?? {});
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return new UserStore(file, {});
      throw new QuarryError(SqlState.internalError, `The users file ${file} is not readable: ${(e as Error).message}`);
    }
  }

  list(): UserRecord[] {
    this.reloadIfChanged();
    return Object.values(this.users).sort((a, b) => a.name.localeCompare(b.name));
  }

  get(name: string): UserRecord | undefined {
    this.reloadIfChanged();
    return this.users[name];
  }

  /** `quarry user add` writes the file from another process: a login sees it without a restart. */
  private reloadIfChanged(): void {
    const modified = modifiedAt(this.file);
    if (modified === this.modified) return;
    try {
      this.users = (JSON.parse(readFileSync(this.file, 'utf8')) as { users: Record<string, UserRecord> }).users ?? {};
      this.modified = modified;
    } catch {
      // Half-visible or gone: keep what was read last.
    }
  }

  async create(name: string, password: string | undefined): Promise<void> {
    if (this.users[name]) throw new QuarryError('42710', `role "${name}" already exists`);
    await this.save({ ...this.users, [name]: record(name, password) });
  }

  async setPassword(name: string, password: string | undefined): Promise<void> {
    if (!this.users[name]) throw new QuarryError('42704', `role "${name}" does not exist`);
    await this.save({ ...this.users, [name]: record(name, password) });
  }

  async drop(name: string, ifExists: boolean): Promise<void> {
    if (!this.users[name]) {
      if (ifExists) return;
      throw new QuarryError('42704', `role "${name}" does not exist`);
    }
    const next = { ...this.users };
    delete next[name];
    await this.save(next);
  }

  /** Written first, then taken: a failed write leaves the users as they were. */
  private async save(users: Record<string, UserRecord>): Promise<void> {
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    await writeFileAtomic(this.file, JSON.stringify({ version: 1, users }, null, 2));
    this.users = users;
    this.modified = modifiedAt(this.file);
  }
}

function record(name: string, password: string | undefined): UserRecord {
  if (password === undefined) return { name };
  if (password === '') throw new QuarryError('22023', 'empty password not allowed');
  return { name, scram: scramVerifier(password), md5: md5Verifier(name, password) };
}

function modifiedAt(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}
