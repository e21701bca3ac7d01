// MAP column types survive the metastore: stored as Spark's type strings and read back whole.

import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Catalog } from '../../src/catalog/index.js';
import { DecimalType, IntegerType, StringType, arrayType, decimalType, mapType, structType } from '../../src/common/types.js';

describe('MAP columns in the metastore', () => {
  let dir: string;
  beforeEach(async () => { dir = await fs.mkdtemp(path.join(os.tmpdir(), 'quarry-maps-')); });
  afterEach(async () => fs.rm(dir, { recursive: true, force: true }));

  it('keeps nested map types across reopen', async () => {
    const amount: DecimalType = decimalType(10, 2);
    const columns = [
      { name: 'm', type: mapType(StringType, IntegerType), nullable: true },
      { name: 'n', type: mapType(IntegerType, arrayType(mapType(StringType, amount))), nullable: true },
      { name: 's', type: structType([{ name: 'tags', type: mapType(StringType, StringType) }, { name: 'x', type: IntegerType }]), nullable: true },
    ];
    const catalog = await Catalog.open(dir);
    await catalog.createTable({ database: 'default', name: 'maps', format: 'parquet', partitionColumns: [], columns });
    const reopened = await Catalog.open(dir);
    expect(reopened.getTable('default', 'maps')!.columns).toEqual(columns);
  });
});
