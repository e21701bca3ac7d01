// A session's settings: Spark's (spark.sql.*) and the Postgres ones drivers read and write.
// Names are case-insensitive; the time zone answers to both `timezone` and its Spark name.

import { DEFAULT_PARALLEL_SCAN_THRESHOLD } from '../exec/parallel/worker_pool.js';
import { QuarryError, SqlState } from '../common/errors.js';
import { parseByteSize } from '../common/byte_size.js';
import { TimeZone } from '../common/time_zone.js';

interface SettingDefinition {
  readonly name: string;
  readonly default: string;
  readonly description: string;
  readonly readOnly?: boolean;
  /** Normalises a value or throws a 22023 error. */
  readonly check?: (value: string) => string;
}

const TIME_ZONE = 'spark.sql.session.timeZone';

const DEFINITIONS: readonly SettingDefinition[] = [
  { name: 'spark.sql.ansi.enabled', default: 'true', description: 'ANSI SQL semantics: overflow, invalid casts and division by zero raise errors', check: checkBoolean },
  { name: 'spark.sql.decimalOperations.allowPrecisionLoss', default: 'true', description: 'Decimal results wider than 38 digits give up fractional digits (false: they overflow)', check: checkBoolean },
  { name: 'spark.sql.cteRecursionLevelLimit', default: '100', description: 'How many levels a recursive CTE may run (-1: no limit)', check: checkLimit },
  { name: 'spark.sql.cteRecursionRowLimit', default: '1000000', description: 'How many rows a recursive CTE may produce (-1: no limit)', check: checkLimit },
  { name: 'spark.sql.mapKeyDedupPolicy', default: 'EXCEPTION', description: 'A map key given twice: EXCEPTION raises DUPLICATED_MAP_KEY, LAST_WIN keeps the last value', check: checkMapKeyDedupPolicy },
  { name: TIME_ZONE, default: 'UTC', description: 'The session time zone for TIMESTAMP values', check: checkTimeZone },
  { name: 'application_name', default: '', description: 'The name the client gave itself' },
  { name: 'client_encoding', default: 'UTF8', description: 'Client character set encoding', check: checkEncoding },
  { name: 'DateStyle', default: 'ISO, MDY', description: 'Display format for date and time values' },
  { name: 'IntervalStyle', default: 'postgres', description: 'Display format for interval values' },
  { name: 'extra_float_digits', default: '1', description: 'Digits displayed for floating-point values' },
  // The default is the session's current database (see SessionSettings.currentDatabase).
  { name: 'search_path', default: 'default', description: 'Schema search order' },
  { name: 'quarry.query_memory', default: '0', description: "Memory a query's sorts, joins and aggregates may hold (0: the server's --query-memory)", check: checkByteSize },
  { name: 'quarry.parallel_scan_threshold', default: DEFAULT_PARALLEL_SCAN_THRESHOLD, description: "Tables whose files hold at least this many bytes are read by worker threads (the server's --threads)", check: checkByteSize },
  { name: 'quarry.progress', default: 'false', description: 'Send NOTICE progress lines (rows read so far) while a statement runs', check: checkBoolean },
  { name: 'quarry.progress_interval', default: '3s', description: 'How often progress NOTICEs come, the first after as long', check: (v) => `${durationMs(v)}ms` },
  { name: 'statement_timeout', default: '0', description: 'Maximum statement duration (0 is no limit)', check: (v) => `${durationMs(v)}` },
  { name: 'transaction_isolation', default: 'read committed', description: 'The current transaction isolation level' },
  { name: 'default_transaction_isolation', default: 'read committed', description: 'Isolation level of new transactions' },
  { name: 'transaction_read_only', default: 'off', description: 'Whether the current transaction is read-only' },
  { name: 'default_transaction_characteristics', default: '', description: 'Characteristics of new transactions' },
  { name: 'server_version', default: '15.6', description: 'The PostgreSQL version Quarry speaks', readOnly: true },
  { name: 'server_version_num', default: '150006', description: 'The PostgreSQL version Quarry speaks, as a number', readOnly: true },
  { name: 'server_encoding', default: 'UTF8', description: 'Server character set encoding', readOnly: true },
  { name: 'standard_conforming_strings', default: 'on', description: 'Backslashes in ordinary strings are literal', readOnly: true },
  { name: 'integer_datetimes', default: 'on', description: 'Datetimes are integer based', readOnly: true },
  { name: 'max_identifier_length', default: '63', description: 'Maximum identifier length', readOnly: true },
  { name: 'max_index_keys', default: '32', description: 'Maximum number of index keys', readOnly: true },
  { name: 'lc_collate', default: 'C', description: 'Collation order of strings (by code point)', readOnly: true },
  { name: 'lc_ctype', default: 'C', description: 'Character classification', readOnly: true },
  { name: 'block_size', default: '8192', description: 'The size of a disk block', readOnly: true },
  { name: 'is_superuser', default: 'off', description: 'Whether the current user is a superuser', readOnly: true },
];

const ALIASES: Record<string, string> = { timezone: TIME_ZONE, 'time zone': TIME_ZONE };

const byKey = new Map(DEFINITIONS.map((d) => [d.name.toLowerCase(), d]));

function definitionOf(name: string): SettingDefinition | undefined {
  const key = name.toLowerCase();
  return byKey.get(ALIASES[key]?.toLowerCase() ?? key);
}

export class SessionSettings {
  /** Values set in this session, by lower-cased name; Spark lets any key be set. */
  private readonly values = new Map<string, { name: string; value: string }>();

  /** `currentDatabase` answers for search_path until a SET changes it: Quarry resolves names in the current database. */
  constructor(private readonly currentDatabase: () => string = () => 'default') {}

  get(name: string): string | undefined {
    const definition = definitionOf(name);
    const key = (definition?.name ?? name).toLowerCase();
    const fallback = key === 'search_path' ? this.currentDatabase() : definition?.default;
    return this.values.get(key)?.value ?? fallback;
  }

  /** Whether the session set it (pg_settings' source column). */
  isSet(name: string): boolean {
    return this.values.has((definitionOf(name)?.name ?? name).toLowerCase());
  }

  /** The name as the setting spells it (`TimeZone` → `spark.sql.session.timeZone`). */
  canonicalName(name: string): string {
    return definitionOf(name)?.name ?? this.values.get(name.toLowerCase())?.name ?? name;
  }

  set(name: string, value: string): void {
    const definition = definitionOf(name);
    if (definition?.readOnly) {
      throw new QuarryError('55P02', `parameter "${definition.name}" cannot be changed`);
    }
    const canonical = definition?.name ?? name;
    this.values.set(canonical.toLowerCase(), { name: canonical, value: definition?.check ? definition.check(value) : value });
  }

  reset(name?: string): void {
    if (name === undefined) this.values.clear();
    else this.values.delete((definitionOf(name)?.name ?? name).toLowerCase());
  }

  /** Every known or set setting: [name, value, description]. */
  all(): [string, string, string][] {
    const rows = new Map<string, [string, string, string]>();
    for (const d of DEFINITIONS) rows.set(d.name.toLowerCase(), [d.name, this.get(d.name)!, d.description]);
    for (const [key, { name, value }] of this.values) if (!rows.has(key)) rows.set(key, [name, value, '']);
    return [...rows.values()].sort((a, b) => a[0].localeCompare(b[0]));
  }

  get ansi(): boolean {
    return this.get('spark.sql.ansi.enabled') === 'true';
  }

  get statementTimeoutMs(): number {
    return durationMs(this.get('statement_timeout')!);
  }

  get timeZone(): TimeZone {
    return TimeZone.of(this.get(TIME_ZONE)!);
  }

  /** The session's query memory limit in bytes; undefined for the server's. */
  get queryMemoryBytes(): number | undefined {
    const bytes = parseByteSize(this.get('quarry.query_memory')!);
    return bytes ? bytes : undefined;
  }

  /** Milliseconds between progress notices, when they are on (SET quarry.progress = on); else undefined. */
  get progressIntervalMs(): number | undefined {
    return this.get('quarry.progress') === 'true' ? Math.max(100, durationMs(this.get('quarry.progress_interval')!)) : undefined;
  }
}

/** Postgres durations: milliseconds by default, or with a unit (`5s`, `2min`, `100ms`). */
function durationMs(value: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|min|h|d)?\s*$/i.exec(value);
  if (!m) throw new QuarryError(SqlState.invalidParameterValue, `invalid value for a duration setting: "${value}"`);
  const factor: Record<string, number> = { ms: 1, s: 1000, min: 60_000, h: 3_600_000, d: 86_400_000 };
  return Math.round(Number(m[1]) * factor[(m[2] ?? 'ms').toLowerCase()]);
}

function checkMapKeyDedupPolicy(value: string): string {
  const upper = value.toUpperCase();
  if (upper === 'EXCEPTION' || upper === 'LAST_WIN') return upper;
  throw new QuarryError(SqlState.invalidParameterValue, `[INVALID_CONF_VALUE] The value '${value}' in the config "spark.sql.mapKeyDedupPolicy" is invalid: it must be EXCEPTION or LAST_WIN.`, undefined, 'INVALID_CONF_VALUE');
}

function checkByteSize(value: string): string {
  if (parseByteSize(value) === undefined) throw new QuarryError(SqlState.invalidParameterValue, `invalid value for a memory size: "${value}" (bytes, or a number with k, m or g)`);
  return value.trim();
}

function checkBoolean(value: string): string {
  const lower = value.toLowerCase();
  if (['true', 'on', '1', 'yes'].includes(lower)) return 'true';
  if (['false', 'off', '0', 'no'].includes(lower)) return 'false';
  throw new QuarryError(SqlState.invalidParameterValue, `invalid value for a boolean setting: "${value}"`);
}

/** A limit: a whole number, -1 for none. */
function checkLimit(value: string): string {
  const n = Number(value.trim());
  if (value.trim() === '' || !Number.isInteger(n) || n < -1) throw new QuarryError(SqlState.invalidParameterValue, `invalid value for a limit setting: "${value}"`);
  return String(n);
}

function checkEncoding(value: string): string {
  const normalized = value.toUpperCase().replace(/[-_]/g, '');
  if (normalized === 'UTF8' || normalized === 'UNICODE') return 'UTF8';
  throw new QuarryError(SqlState.invalidParameterValue, `client_encoding "${value}" is not supported: Quarry speaks UTF8`);
}

function checkTimeZone(value: string): string {
  if (TimeZone.tryOf(value)) return value;
  throw new QuarryError('22022',
    `[INVALID_CONF_VALUE.TIME_ZONE] The value '${value}' in the config "spark.sql.session.timeZone" is invalid. Cannot resolve the given timezone.`,
    undefined, 'INVALID_CONF_VALUE.TIME_ZONE');
}
