// The ParameterStatus values reported at startup: what libpq, JDBC and friends read to decide how
// to talk to us (version checks, escaping rules, date parsing).

/** Clients parse this as a Postgres version: it must be exactly a version number. */
export const SERVER_VERSION = '15.6';

export interface SessionIdentity {
  readonly user: string;
  readonly applicationName: string;
}

export function startupParameters(identity: SessionIdentity): [name: string, value: string][] {
  return [
    ['server_version', SERVER_VERSION],
    ['server_encoding', 'UTF8'],
    ['client_encoding', 'UTF8'],
    ['DateStyle', 'ISO, MDY'],
    ['integer_datetimes', 'on'],
    ['standard_conforming_strings', 'on'],
    ['TimeZone', 'UTC'],
    ['IntervalStyle', 'postgres'],
    ['application_name', identity.applicationName],
    ['is_superuser', 'off'],
    ['session_authorization', identity.user],
    // libpq reads these for target_session_attrs instead of asking with SHOW.
    ['default_transaction_read_only', 'off'],
    ['in_hot_standby', 'off'],
  ];
}
