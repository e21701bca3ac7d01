// Server-side secrets for mount credentials, as secret('scope', 'key') names them: the environment
// variable QUARRY_SECRET_<SCOPE>_<KEY> first, then the warehouse's secrets.json
// ({"scope": {"key": "value"}}), which only the server's user should be able to read.

import fs from 'node:fs';
import path from 'node:path';
import { QuarryError } from '../common/errors.js';

export class SecretStore {
  constructor(private readonly file: string | undefined) {}

  static forWarehouse(warehouseDir: string): SecretStore {
    return new SecretStore(path.join(warehouseDir, 'secrets.json'));
  }

  /** The secret's value; an error (which names the scope and key only) when there is none. */
  get(scope: string, key: string): string {
    const variable = `QUARRY_SECRET_${scope}_${key}`.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
    const fromEnvironment = process.env[variable];
    if (fromEnvironment !== undefined) return fromEnvironment;
    const value = this.readFile()?.[scope]?.[key];
    if (typeof value !== 'string') {
      throw new QuarryError('42704', `[SECRET_NOT_FOUND] There is no secret '${key}' in scope '${scope}' (set ${variable} or add it to the warehouse's secrets.json).`);
    }
    return value;
  }

  private readFile(): Record<string, Record<string, unknown>> | undefined {
    if (!this.file) return undefined;
    try {
      return JSON.parse(fs.readFileSync(this.file, 'utf8')) as Record<string, Record<string, unknown>>;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new QuarryError('58030', `The secrets file ${this.file} is not readable JSON.`);
    }
  }
}
