import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalStorage } from '../../src/catalog/index.js';
import { cleanUpAfterCommit, commitWrite, readCommitState, taggedFileName } from '../../src/catalog/commit_markers.js';

// The protocol is the same on any storage; a local folder stands in for a container here.
describe('commit markers', () => {
  let dir: string;
  let storage: LocalStorage;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'quarry-markers-'));
    storage = await LocalStorage.open(dir);
  });
  afterAll(async () => fs.rm(dir, { recursive: true, force: true }));

  const state = async () => readCommitState(storage, 't', (await storage.list('t'))!);
  const first = '11111111-1111-4111-8111-111111111111', second = '22222222-2222-4222-8222-222222222222';

  it('hides tagged files until their write commits, and replaced files once an overwrite does', async () => {
    const old = `p=1/${taggedFileName(0, first, 'csv')}`;
    await storage.write(`t/${old}`, Buffer.from('a\n'));
    await storage.write('t/p=1/external.csv', Buffer.from('b\n'));
    expect((await state()).isVisible(old)).toBe(false);
    expect((await state()).isVisible('p=1/external.csv')).toBe(true); // not written by a tagged write
    await commitWrite(storage, 't', first, []);
    expect((await state()).isVisible(old)).toBe(true);

    const replacement = `p=1/${taggedFileName(0, second, 'csv')}`;
    await storage.write(`t/${replacement}`, Buffer.from('c\n'));
    expect((await state()).isVisible(replacement)).toBe(false);
    await commitWrite(storage, 't', second, [old]);
    // Committed, not yet cleaned up: the new file is in, the replaced one out.
    expect((await state()).isVisible(replacement)).toBe(true);
    expect((await state()).isVisible(old)).toBe(false);
    await cleanUpAfterCommit(storage, 't', second, [old]);
    expect(await storage.stat(`t/${old}`)).toBeNull();
    expect((await storage.stat(`t/_committed_${second}`))?.size).toBe(0);
    expect((await state()).isVisible(replacement)).toBe(true);
  });
});
