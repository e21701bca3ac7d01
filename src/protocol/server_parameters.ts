// The ParameterStatus values reported at startup: what libpq, JDBC and friends read to decide how
// to talk to us (version checks, escaping rules, date parsing).

/** Clients parse this as a Postgres version: it must be exactly a version number. */
export const SERVER_VERSION = '15.6';

/** The settings Postgres reports with ParameterStatus, at startup and whenever they change, with their defaults. */
export const REPORTED_SETTINGS: Readonly<Record<string, string>> = {
  client_encoding: 'UTF8', DateStyle: 'ISO, MDY', TimeZone: 'UTC', IntervalStyle: 'postgres', application_name: '',
};

/** The reported values that are not session settings. */
export function fixedParameters(user: string): [name: string, value: string][] {
  return [
    ['server_version', SERVER_VERSION],
    ['server_encoding', 'UTF8'],
    ['integer_datetimes', 'on'],
    ['standard_conforming_strings', 'on'],
    ['is_superuser', 'off'],
    ['session_authorization', user],
    // libpq reads these for target_session_attrs instead of asking with SHOW.
    ['default_transaction_read_only', 'off'],
    ['in_hot_standby', 'off'],
  ];
}

/** Startup packet entries that are settings: everything but the connection's identity, plus `options`' `-c name=value`. */
export function startupSettings(parameters: ReadonlyMap<string, string>): [name: string, value: string][] {
  const settings: [string, string][] = [];
  for (const [name, value] of parameters) {
    if (name === 'user' || name === 'database' || name === 'replication' || name.startsWith('_pq_.')) continue;
    if (name === 'options') settings.push(...commandLineOptions(value));
    else settings.push([name, value]);
  }
  return settings;
}

/** `-c name=value --name=value`, with backslash-escaped spaces, as libpq's PGOPTIONS passes them. */
function commandLineOptions(options: string): [string, string][] {
  const words = options.trim().split(/(?<!\\)\s+/).map((w) => w.replace(/\\(.)/g, '$1'));
  const settings: [string, string][] = [];
  for (let i = 0; i < words.length; i++) {
    let assignment: string | undefined;
    if (words[i] === '-c') assignment = words[++i];
    else if (words[i].startsWith('-c')) assignment = words[i].slice(2);
    else if (words[i].startsWith('--')) assignment = words[i].slice(2);
    const eq = assignment?.indexOf('=') ?? -1;
    if (assignment && eq > 0) settings.push([assignment.slice(0, eq).replace(/-/g, '_'), assignment.slice(eq + 1)]);
  }
  return settings;
}
