// Azurite (the official Azure Storage emulator, npm `azurite`) as a child process on a free
// loopback port with in-memory persistence, for tests of blob mounts.

import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';

/** Azurite's well-known development account and key (public, documented by Microsoft). */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

const MAIN = path.resolve(import.meta.dirname, '../../node_modules/azurite/dist/src/blob/main.js');

export interface Azurite {
  /** `http://127.0.0.1:PORT/devstoreaccount1`: what a mount's `endpoint` option names. */
  readonly endpoint: string;
  readonly service: BlobServiceClient;
  close(): Promise<void>;
}

export async function startAzurite(): Promise<Azurite> {
  // Azurite writes a debug log and config beside its working directory: a scratch one.
  const cwd = await fs.mkdtemp(path.join(os.tmpdir(), 'quarry-azurite-'));
  const child: ChildProcess = spawn(process.execPath, [
    MAIN, '--blobHost', '127.0.0.1', '--blobPort', '0', '--inMemoryPersistence', '--silent', '--skipApiVersionCheck', '--loose', '--disableTelemetry',
  ], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const port = await new Promise<number>((resolve, reject) => {
    let output = '';
    const onData = (d: Buffer) => {
      output += d.toString();
      const m = /listens on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (m) resolve(Number(m[1]));
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`azurite exited (${code}): ${output}`)));
  });
  const endpoint = `http://127.0.0.1:${port}/${AZURITE_ACCOUNT}`;
  return {
    endpoint,
    service: new BlobServiceClient(endpoint, new StorageSharedKeyCredential(AZURITE_ACCOUNT, AZURITE_KEY)),
    async close() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      await fs.rm(cwd, { recursive: true, force: true });
    },
  };
}
