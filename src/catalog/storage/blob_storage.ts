// Files in an Azure Blob Storage container (wasbs:// and abfss:// sources) through
// @azure/storage-blob. Directories are `/`-separated name prefixes. Failures become QuarryErrors
// that name the container and key but never the credential (SDK messages can carry SAS URLs).

import { Readable } from 'node:stream';
import { AnonymousCredential, ContainerClient, RestError, StorageSharedKeyCredential, newPipeline } from '@azure/storage-blob';
import { QuarryError, SqlState } from '../../common/errors.js';
import { FileEntry, FileStorage, baseName } from './file_storage.js';

export interface BlobLocation {
  readonly account: string;
  readonly container: string;
  /** The folder inside the container, without slashes at either end ('' for the container). */
  readonly prefix: string;
  /** `https://account.blob.core.windows.net` unless given (Azurite: `http://127.0.0.1:port/devstoreaccount1`). */
  readonly endpoint?: string;
}

export interface BlobCredentials {
  readonly accountKey?: string;
  readonly sasToken?: string;
}

/** Counts of what was fetched, for tests and measurements of ranged reads. */
export interface BlobReadStats {
  requests: number;
  bytes: number;
}

export class BlobStorage implements FileStorage {
  readonly renames = false;
  readonly id: string;
  readonly stats: BlobReadStats = { requests: 0, bytes: 0 };
  private readonly container: ContainerClient;

  constructor(private readonly location: BlobLocation, credentials: BlobCredentials) {
    const endpoint = (location.endpoint ?? `https://${location.account}.blob.core.windows.net`).replace(/\/+$/, '');
    this.id = `blob:${endpoint}/${location.container}/${location.prefix}`;
    const url = `${endpoint}/${encodeURIComponent(location.container)}`;
    // A few quick retries: a statement waiting on an unreachable endpoint should fail in seconds, not a minute.
    const retryOptions = { maxTries: 3, retryDelayInMs: 200, maxRetryDelayInMs: 2000, tryTimeoutInMs: 60_000 };
    if (credentials.accountKey) {
      this.container = new ContainerClient(url, newPipeline(new StorageSharedKeyCredential(location.account, credentials.accountKey), { retryOptions }));
    } else {
      const sas = credentials.sasToken?.replace(/^\?/, '');
      this.container = new ContainerClient(sas ? `${url}?${sas}` : url, newPipeline(new AnonymousCredential(), { retryOptions }));
    }
  }

  localPath(): undefined {
    return undefined;
  }

  /** Checks that the container can be reached with these credentials (CALL mount does, before it saves anything). */
  async check(): Promise<void> {
    await this.call('', async () => {
      const page = await this.container.listBlobsFlat({ prefix: this.name('') }).byPage({ maxPageSize: 1 }).next();
      return page.value;
    });
  }

  private name(key: string): string {
    return [this.location.prefix, key].filter((s) => s.length > 0).join('/');
  }

  private directoryPrefix(key: string): string {
    const name = this.name(key);
    return name === '' ? '' : `${name}/`;
  }

  async list(key: string): Promise<FileEntry[] | null> {
    const prefix = this.directoryPrefix(key);
    const entries: FileEntry[] = [];
    await this.call(key, async () => {
      for await (const item of this.container.listBlobsByHierarchy('/', { prefix })) {
        const name = item.name.slice(prefix.length);
        if (item.kind === 'prefix') {
          entries.push({ name: name.replace(/\/$/, ''), isDirectory: true, size: 0, modifiedMs: 0, version: '' });
        } else if (name.length > 0) {
          entries.push({
            name, isDirectory: false, size: item.properties.contentLength ?? 0,
            modifiedMs: item.properties.lastModified?.getTime() ?? 0, version: item.properties.etag ?? '',
          });
        }
      }
    });
    if (entries.length === 0 && key !== '') return null;
    return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  async stat(key: string): Promise<FileEntry | null> {
    if (key !== '') {
      const properties = await this.call(key, async () => {
        try {
          return await this.container.getBlobClient(this.name(key)).getProperties();
        } catch (e) {
          if (e instanceof RestError && e.statusCode === 404) return null;
          throw e;
        }
      });
      if (properties) {
        return {
          name: baseName(key), isDirectory: false, size: properties.contentLength ?? 0,
          modifiedMs: properties.lastModified?.getTime() ?? 0, version: properties.etag ?? '',
        };
      }
    }
    // A directory exists while some blob is under it; the container root always does.
    const page = await this.call(key, async () => (await this.container.listBlobsFlat({ prefix: this.directoryPrefix(key) }).byPage({ maxPageSize: 1 }).next()).value);
    const found = key === '' || (page?.segment.blobItems.length ?? 0) > 0;
    return found ? { name: baseName(key), isDirectory: true, size: 0, modifiedMs: 0, version: '' } : null;
  }

  async read(key: string, start: number, end: number): Promise<Uint8Array> {
    if (end <= start) return new Uint8Array(0);
    const bytes = await this.call(key, () => this.container.getBlobClient(this.name(key)).downloadToBuffer(start, end - start));
    this.stats.requests++;
    this.stats.bytes += bytes.length;
    return bytes;
  }

  openRead(key: string): Readable {
    const stats = this.stats;
    const download = this.call(key, () => this.container.getBlobClient(this.name(key)).download(0));
    const where = this.describe(key);
    return Readable.from((async function* () {
      const response = await download;
      stats.requests++;
      try {
        for await (const chunk of response.readableStreamBody as AsyncIterable<Buffer>) {
          stats.bytes += chunk.length;
          yield chunk;
        }
      } catch {
        // The SDK's own message may carry the request URL (and a SAS token in it).
        throw new QuarryError(SqlState.ioError, `[STORAGE_REQUEST_FAILED] Reading ${where} from Azure Blob Storage failed midway.`);
      }
    })());
  }

  async write(key: string, content: Uint8Array | Readable): Promise<void> {
    const blob = this.container.getBlockBlobClient(this.name(key));
    // A block blob appears whole when its block list is committed: readers never see a part.
    await this.call(key, () => (content instanceof Uint8Array ? blob.uploadData(content) : blob.uploadStream(content, 4 << 20, 4)));
  }

  async delete(key: string): Promise<void> {
    await this.call(key, async () => {
      if (key !== '') await this.container.getBlobClient(this.name(key)).deleteIfExists();
      const prefix = this.directoryPrefix(key);
      if (prefix === '' && key === '' && this.location.prefix === '') {
        throw new QuarryError(SqlState.insufficientPrivilege, '[INVALID_PATH] The root of a file system cannot be deleted.');
      }
      for await (const item of this.container.listBlobsFlat({ prefix })) await this.container.getBlobClient(item.name).deleteIfExists();
    });
  }

  async rename(): Promise<void> {
    throw new QuarryError(SqlState.featureNotSupported, `[UNSUPPORTED_FEATURE.RENAME_ON_BLOB] Blob storage (${this.describe('')}) cannot rename files.`);
  }

  async mkdirs(): Promise<void> {
    // Blob storage has no directories: one exists as soon as a file is written under it.
  }

  private describe(key: string): string {
    return `${this.location.container}@${this.location.account}/${this.name(key)}`;
  }

  /** Runs an SDK call; its failure becomes an error that names the blob and status only. */
  private async call<T>(key: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (e) {
      if (e instanceof QuarryError) throw e;
      const status = e instanceof RestError ? e.statusCode : undefined;
      const code = e instanceof RestError ? e.code : (e as NodeJS.ErrnoException)?.code;
      const where = this.describe(key);
      if (status === 404) throw new QuarryError('42K03', `[PATH_NOT_FOUND] Path does not exist: ${where}.`, undefined, 'PATH_NOT_FOUND');
      if (status === 403 || status === 401) {
        throw new QuarryError(SqlState.insufficientPrivilege, `[STORAGE_ACCESS_DENIED] Azure Blob Storage refused access to ${where} (HTTP ${status}${code ? `, ${code}` : ''}); check the mount's credentials.`);
      }
      throw new QuarryError(SqlState.ioError, `[STORAGE_REQUEST_FAILED] A request to Azure Blob Storage for ${where} failed${status ? ` (HTTP ${status}${code ? `, ${code}` : ''})` : code ? ` (${code})` : ''}.`);
    }
  }
}
