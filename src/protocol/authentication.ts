// Authentication as a pluggable exchange: the connection relays challenges and the client's 'p'
// responses until the method says ok or fail. Trust and cleartext password fit in one round;
// SCRAM-SHA-256 (AuthenticationSASL, SASLContinue, SASLFinal) fits the same shape in several.

import { QuarryError, SqlState } from '../common/errors.js';
import { decodeCleartextPassword } from './frontend_reader.js';
import { BackendMessage } from './messages.js';

export type AuthStep =
  /** Send this challenge and wait for the client's response. */
  | { readonly kind: 'challenge'; readonly message: BackendMessage }
  /** Authenticated; `final` (SCRAM's SASLFinal) goes out just before AuthenticationOk. */
  | { readonly kind: 'ok'; readonly final?: BackendMessage }
  | { readonly kind: 'fail'; readonly error: QuarryError };

/** One client's exchange with one method. */
export interface AuthExchange {
  start(): AuthStep | Promise<AuthStep>;
  respond(payload: Buffer): AuthStep | Promise<AuthStep>;
}

export interface AuthMethod {
  begin(user: string): AuthExchange;
}

/** Checks a user's cleartext password. */
export type PasswordCheck = (user: string, password: string) => boolean | Promise<boolean>;

export const trustAuth: AuthMethod = {
  begin: () => ({
    start: () => ({ kind: 'ok' }),
    respond: () => ({ kind: 'fail', error: new QuarryError(SqlState.protocolViolation, 'unexpected password message') }),
  }),
};

export function cleartextPasswordAuth(check: PasswordCheck): AuthMethod {
  return {
    begin: (user) => ({
      start: () => ({ kind: 'challenge', message: { type: 'authenticationCleartextPassword' } }),
      async respond(payload) {
        const password = decodeCleartextPassword(payload);
        if (await check(user, password)) return { kind: 'ok' };
        // Like Postgres, the same words whether the user or the password was wrong.
        return {
          kind: 'fail',
          error: new QuarryError(SqlState.invalidPassword, `password authentication failed for user "${user}"`),
        };
      },
    }),
  };
}
