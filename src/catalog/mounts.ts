// Mounts, like Databricks' dbutils.fs.mount: a mount point under /mnt names a source (an Azure Blob
// container folder, or a local folder under a root the administrator allowed) and its options. The
// records persist in the metastore; credentials are either literals (kept only in the metastore
// file, mode 0600) or references to server-side secrets, and are never shown back.

import path from 'node:path';
import fs from 'node:fs/promises';
import { QuarryError, SqlState } from '../common/errors.js';
import { FileStorage } from './storage/file_storage.js';
import { LocalStorage } from './storage/local_storage.js';
import { SecretStore } from './secrets.js';

/** A literal, or a reference to a secret resolved when the mount is opened. */
export type MountOption = string | { readonly secret: readonly [scope: string, key: string] };

export interface MountRecord {
  /** `/mnt/name`, without a trailing slash. */
  readonly mountPoint: string;
  /** As given: `wasbs://container@account.blob.core.windows.net/dir`, `abfss://…`, `file:/dir`. */
  readonly source: string;
  readonly options: Readonly<Record<string, MountOption>>;
  readonly createdAt: string;
}

/** Options whose values are credentials: never shown, never logged. */
const SECRET_OPTIONS = new Set(['account_key', 'sas_token']);
const KNOWN_OPTIONS = new Set([...SECRET_OPTIONS, 'endpoint']);

export type MountSource =
  | { readonly kind: 'blob'; readonly account: string; readonly container: string; readonly prefix: string }
  | { readonly kind: 'local'; readonly directory: string };

export function parseMountSource(source: string): MountSource {
  const blob = /^(wasbs?|abfss?):\/\/([^@/]+)@([^./]+)\.(?:blob|dfs)\.core\.windows\.net(?::\d+)?(\/.*)?$/i.exec(source.trim());
  if (blob) {
    const prefix = (blob[4] ?? '').split('/').filter((s) => s.length > 0);
    if (prefix.includes('..')) throw invalidSource(source, 'it must not contain ..');
    return { kind: 'blob', container: blob[2], account: blob[3], prefix: prefix.join('/') };
  }
  const local = /^file:(\/.*)$/i.exec(source.trim());
  if (local) return { kind: 'local', directory: path.resolve(local[1].replace(/^\/+/, '/')) };
  throw invalidSource(source, 'use wasbs://container@account.blob.core.windows.net/dir, abfss://container@account.dfs.core.windows.net/dir or file:/dir');
}

function invalidSource(source: string, why: string): QuarryError {
  return new QuarryError(SqlState.invalidParameterValue, `[INVALID_MOUNT_SOURCE] Cannot mount '${source}': ${why}.`);
}

/** `/mnt/raw`, `dbfs:/mnt/raw/` → `/mnt/raw`; anything not directly under /mnt is refused. */
export function normalizeMountPoint(text: string): string {
  const trimmed = text.trim().replace(/^dbfs:/i, '').replace(/^\/dbfs(?=\/)/, '');
  const segments = trimmed.split('/').filter((s) => s.length > 0);
  if (!trimmed.startsWith('/') || segments.length < 2 || segments[0] !== 'mnt' || segments.some((s) => s === '.' || s === '..')) {
    throw new QuarryError(SqlState.invalidParameterValue, `[INVALID_MOUNT_POINT] The mount point '${text}' must be a path under /mnt, such as /mnt/raw.`);
  }
  return `/${segments.join('/')}`;
}

/** Checks the option names; credentials may be literals or secret('scope', 'key'). */
export function checkMountOptions(source: MountSource, options: Readonly<Record<string, MountOption>>): void {
  for (const [name, value] of Object.entries(options)) {
    if (!KNOWN_OPTIONS.has(name)) {
      throw new QuarryError(SqlState.invalidParameterValue, `[INVALID_MOUNT_OPTION] Unknown mount option '${name}'; the options are ${[...KNOWN_OPTIONS].join(', ')}.`);
    }
    if (typeof value !== 'string' && !SECRET_OPTIONS.has(name)) {
      throw new QuarryError(SqlState.invalidParameterValue, `[INVALID_MOUNT_OPTION] The mount option '${name}' takes a literal, not a secret.`);
    }
    if (source.kind === 'local') throw new QuarryError(SqlState.invalidParameterValue, `[INVALID_MOUNT_OPTION] A local folder mount takes no options ('${name}').`);
  }
}

/** How SHOW MOUNTS shows options: credentials as `<redacted>` or their secret reference. */
export function describeMountOptions(options: Readonly<Record<string, MountOption>>): string {
  return Object.entries(options).map(([name, value]) => {
    if (typeof value !== 'string') return `${name}=secret('${value.secret[0]}', '${value.secret[1]}')`;
    return `${name}=${SECRET_OPTIONS.has(name) ? '<redacted>' : value}`;
  }).join(', ');
}

export interface MountEnvironment {
  readonly secrets: SecretStore;
  /** Local folders that `file:/` paths and local mounts may use (the administrator's choice). */
  readonly localRoots: readonly string[];
}

/** Opens the storage a mount names; throws (without saying any credential) when it is not allowed. */
export async function openMountStorage(record: MountRecord, environment: MountEnvironment): Promise<FileStorage> {
  const source = parseMountSource(record.source);
  if (source.kind === 'local') {
    const allowed = await allowedLocalRoot(source.directory, environment.localRoots);
    if (!allowed) throw localNotAllowed(record.source);
    const real = await fs.realpath(source.directory).catch(() => null);
    if (real === null || !(await fs.stat(real)).isDirectory()) throw invalidSource(record.source, 'the folder does not exist');
    if (real !== allowed && !real.startsWith(allowed + path.sep)) throw localNotAllowed(record.source);
    return new LocalStorage(real, (key) => `${record.mountPoint}/${key}`);
  }
  const value = (name: string): string | undefined => {
    const option = record.options[name];
    if (option === undefined || typeof option === 'string') return option;
    return environment.secrets.get(option.secret[0], option.secret[1]);
  };
  // The Azure SDK loads only when a blob mount is opened: it is most of a CLI command's start-up.
  const { BlobStorage } = await import('./storage/blob_storage.js');
  return new BlobStorage(
    { account: source.account, container: source.container, prefix: source.prefix, endpoint: value('endpoint') },
    { accountKey: value('account_key'), sasToken: value('sas_token') },
  );
}

/** The allowed root (a real path) that holds a directory, if any. */
export async function allowedLocalRoot(directory: string, roots: readonly string[]): Promise<string | undefined> {
  for (const root of roots) {
    const real = await fs.realpath(root).catch(() => null);
    if (real && (directory === real || directory.startsWith(real + path.sep) || directory === root || directory.startsWith(root + path.sep))) return real;
  }
  return undefined;
}

export function localNotAllowed(uri: string): QuarryError {
  return new QuarryError(SqlState.insufficientPrivilege,
    `[INVALID_PATH] The local path '${uri}' is not under a folder the administrator allowed (quarry serve --local-root DIR, or QUARRY_LOCAL_ROOTS).`);
}
