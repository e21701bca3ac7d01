// Building and reading MAP values with Spark's rules: keys are never NULL, and a key given twice
// is an error (spark.sql.mapKeyDedupPolicy=EXCEPTION, the default) or the last value wins in the
// first key's place (LAST_WIN), as Spark's ArrayBasedMapBuilder does.

import { QuarryError } from '../../common/errors.js';
import { DataType } from '../../common/types.js';
import { MapValue, Scalar, isSafeBigInt } from '../../common/vector.js';
import { ExecutionContext } from '../context.js';
import { castToString } from '../expressions/cast.js';

export const nullMapKey = () => new QuarryError('2200E', '[NULL_MAP_KEY] Cannot use null as map key.', undefined, 'NULL_MAP_KEY');

/**
 * A key's identity as text: equal keys (of one type) give equal text. Numbers of either storage
 * (bigint columns hold number or bigint) meet, and -0.0 is 0.0 as Spark normalizes it.
 */
export function keyIdentity(x: Scalar): string {
  if (x === null) return '\u0000';
  if (typeof x === 'number') return `n${Object.is(x, -0) ? 0 : x}`;
  if (typeof x === 'bigint') return `n${isSafeBigInt(x) ? Number(x) : x}`;
  if (typeof x === 'string') return `s${x}`;
  if (typeof x === 'boolean') return x ? 'T' : 'F';
  if (x instanceof Uint8Array) return `x${Buffer.from(x).toString('hex')}`;
  // Maps as grouping keys: equal entries in any order are one map (Spark sorts them first).
  if (x instanceof MapValue) return `{${x.keys.map((k, i) => `${keyIdentity(k)}:${keyIdentity(x.values[i])}`).sort().join(',')}}`;
  return `[${x.map(keyIdentity).join(',')}]`;
}

/** Collects entries into a map under the session's dedup policy. */
export class MapBuilder {
  private readonly keys: Scalar[] = [];
  private readonly values: Scalar[] = [];
  private readonly positions = new Map<string, number>();

  constructor(private readonly keyType: DataType, private readonly ctx: ExecutionContext) {}

  put(key: Scalar, value: Scalar): void {
    if (key === null) throw nullMapKey();
    const id = keyIdentity(key);
    const at = this.positions.get(id);
    if (at === undefined) {
      this.positions.set(id, this.keys.length);
      this.keys.push(key);
      this.values.push(value);
      return;
    }
    if (dedupPolicy(this.ctx) === 'EXCEPTION') {
      throw new QuarryError('23505',
        `[DUPLICATED_MAP_KEY] Duplicate map key ${castToString(key, this.keyType, this.ctx)} was found, please check the input data. If you want to remove the duplicated keys, you can set "spark.sql.mapKeyDedupPolicy" to "LAST_WIN" so that the key inserted at last takes precedence.`,
        undefined, 'DUPLICATED_MAP_KEY');
    }
    this.values[at] = value;
  }

  build(): MapValue {
    return new MapValue(this.keys, this.values);
  }
}

function dedupPolicy(ctx: ExecutionContext): 'EXCEPTION' | 'LAST_WIN' {
  return ctx.setting?.('spark.sql.mapKeyDedupPolicy')?.toUpperCase() === 'LAST_WIN' ? 'LAST_WIN' : 'EXCEPTION';
}

/** The value under `key`, or undefined when the map has no such key. */
export function lookup(m: MapValue, key: Scalar): Scalar | undefined {
  const id = keyIdentity(key);
  for (let i = 0; i < m.keys.length; i++) if (keyIdentity(m.keys[i]) === id) return m.values[i];
  return undefined;
}
