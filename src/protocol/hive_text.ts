// MAP values on the wire. Postgres has no map type, so a MAP column goes to clients as text
// (OID 25) in the form Spark's own result rendering (HiveResult.toHiveString) prints it:
// `{1:"a",2:null}`: entries `key:value` sorted by their text, strings quoted inside, NULL as
// null, nested arrays as `[…]` and structs as `{"field":…}`.

import { TimeZone } from '../common/time_zone.js';
import { DataType } from '../common/types.js';
import { ArrayValue, MapValue, Scalar } from '../common/vector.js';
import { formatDate, formatDecimal, formatTimestamp } from '../common/values.js';
import { formatIntervalAnsi } from '../common/interval_text.js';
import { formatJavaDouble } from '../exec/expressions/cast.js';

/** One value nested in a map (or the map itself) in HiveResult's text. */
export function hiveText(x: Scalar, t: DataType, timeZone: TimeZone): string {
  if (x === null) return 'null';
  const nested = (v: Scalar, type: DataType) => hiveText(v, type, timeZone);
  switch (t.kind) {
    case 'string': return `"${x as string}"`;
    case 'boolean': return x ? 'true' : 'false';
    case 'float': case 'double': return formatJavaDouble(x as number);
    case 'decimal': return formatDecimal(x as number | bigint, t.scale);
    case 'date': return formatDate(x as number);
    case 'timestamp': return formatTimestamp(x as number, timeZone);
    case 'timestamp_ntz': return formatTimestamp(x as number);
    case 'binary': return new TextDecoder().decode(x as Uint8Array);
    case 'interval_ym': case 'interval_dt': return formatIntervalAnsi(x as number, t);
    case 'array': return `[${(x as ArrayValue).map((e) => nested(e, t.element)).join(',')}]`;
    case 'struct': return `{${t.fields.map((f, k) => `"${f.name}":${nested((x as ArrayValue)[k], f.type)}`).join(',')}}`;
    case 'map': {
      const m = x as MapValue;
      const entries = m.keys.map((k, i) => `${nested(k, t.key)}:${nested(m.values[i], t.value)}`);
      // HiveResult sorts the entries' texts (plain string order, as Scala's .sorted does).
      return `{${entries.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)).join(',')}}`;
    }
    default: return String(x);
  }
}
