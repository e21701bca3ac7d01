import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dbfs, LocalStorage } from '../../src/catalog/index.js';
import { QuarryError } from '../../src/common/errors.js';

describe('DBFS paths', () => {
  let dir: string;
  let dbfs: Dbfs;
  beforeAll(async () => {
    dir = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'quarry-dbfs-')));
    dbfs = await Dbfs.open(path.join(dir, 'dbfs'));
  });
  afterAll(async () => fs.rm(dir, { recursive: true, force: true }));

  it('creates the standard folders', async () => {
    for (const d of ['FileStore', 'user/hive/warehouse', 'tmp']) {
      expect((await fs.stat(path.join(dir, 'dbfs', d))).isDirectory()).toBe(true);
    }
  });

  it('resolves dbfs:/, /dbfs/ and bare absolute paths inside the root', () => {
    const expected = path.join(dir, 'dbfs', 'data', 'trips');
    for (const p of ['dbfs:/data/trips', 'dbfs:///data/trips/', '/dbfs/data/trips', '/data/trips', 'dbfs:/data/./trips']) {
      expect(dbfs.resolve(p)).toBe(expected);
    }
    expect(dbfs.toUri(expected)).toBe('dbfs:/data/trips');
  });

  function refusal(p: string): QuarryError {
    try {
      dbfs.resolve(p);
    } catch (e) {
      return e as QuarryError;
    }
    throw new Error(`expected ${p} to be refused`);
  }

  it('refuses paths that escape the root, through .. or a symlink', async () => {
    expect(refusal('dbfs:/../etc/passwd').sqlState).toBe('42501');
    expect(refusal('/data/../../x').sqlState).toBe('42501');
    await fs.symlink('/etc', path.join(dir, 'dbfs', 'tmp', 'out'));
    expect(refusal('dbfs:/tmp/out/passwd').sqlState).toBe('42501');
    expect(refusal('dbfs:/tmp/out/new/deeper').sqlState).toBe('42501');
  });

  it('refuses other schemes and relative paths', () => {
    expect(refusal('s3://bucket/x').sqlState).toBe('0A000');
    expect(refusal('file:/etc').sqlState).toBe('0A000');
    expect(refusal('relative/path').sqlState).toBe('22023');
  });

  it('maps a path to the storage of the longest mount point that prefixes it, segment by segment', async () => {
    const raw = await LocalStorage.open(path.join(dir, 'raw'));
    const rawer = await LocalStorage.open(path.join(dir, 'rawer'));
    const mount = (mountPoint: string, storage: LocalStorage) => ({ record: { mountPoint, source: `file:${storage.root}`, options: {}, createdAt: '' }, storage });
    dbfs.attach(mount('/mnt/raw', raw));
    dbfs.attach(mount('/mnt/raw/deeper', rawer));
    try {
      expect(dbfs.locate('dbfs:/mnt/raw/a/b.csv')).toMatchObject({ storage: raw, key: 'a/b.csv', uri: 'dbfs:/mnt/raw/a/b.csv', mountPoint: '/mnt/raw' });
      expect(dbfs.locate('/dbfs/mnt/raw/deeper/x')).toMatchObject({ storage: rawer, key: 'x', mountPoint: '/mnt/raw/deeper' });
      expect(dbfs.locate('/mnt/raw')).toMatchObject({ storage: raw, key: '' });
      // `/mnt/rawdata` is not under `/mnt/raw`.
      expect(dbfs.locate('/mnt/rawdata/x')).toMatchObject({ storage: dbfs.storage, key: 'mnt/rawdata/x' });
      expect(dbfs.resolve('/mnt/raw/a')).toBe(path.join(raw.root, 'a'));
      expect(() => dbfs.locate('/mnt/raw/../../etc')).toThrow(/leads outside DBFS/);
      await fs.symlink('/etc', path.join(raw.root, 'out'));
      expect(() => dbfs.locate('/mnt/raw/out/passwd')).toThrow(/leads outside DBFS/);
    } finally {
      dbfs.detach('/mnt/raw');
      dbfs.detach('/mnt/raw/deeper');
    }
    expect(dbfs.locate('/mnt/raw/a')).toMatchObject({ storage: dbfs.storage, key: 'mnt/raw/a' });
  });
});
