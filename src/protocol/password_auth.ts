// Password authentication against stored verifiers: SCRAM-SHA-256 (AuthenticationSASL,
// SASLContinue, SASLFinal; RFC 5802 without channel binding), md5 (AuthenticationMD5Password with
// a random salt) and cleartext. An unknown user goes through the same exchange and fails with the
// same words as a wrong password, as in Postgres, so the answer does not tell which it was.

import { randomBytes } from 'node:crypto';
import { QuarryError, SqlState } from '../common/errors.js';
import {
  ScramVerifier, checkScramProof, md5Response, parseScramVerifier, passwordMatchesScram, scramServerSignature, scramVerifier,
} from '../common/password_verifiers.js';
import { AuthExchange, AuthMethod, AuthStep } from './authentication.js';
import { BodyReader } from './body_reader.js';
import { decodeCleartextPassword } from './frontend_reader.js';

/** A user's stored verifiers; undefined for an unknown user. */
export interface StoredPassword {
  readonly scram?: string;
  readonly md5?: string;
}

export type PasswordLookup = (user: string) => StoredPassword | undefined;

export type PasswordMethod = 'scram-sha-256' | 'md5' | 'password';

const failed = (user: string): AuthStep => ({
  kind: 'fail', error: new QuarryError(SqlState.invalidPassword, `password authentication failed for user "${user}"`),
});

const protocolError = (message: string): AuthStep => ({ kind: 'fail', error: new QuarryError(SqlState.protocolViolation, message) });

export function passwordAuth(method: PasswordMethod, lookup: PasswordLookup): AuthMethod {
  return {
    begin(user) {
      const stored = lookup(user);
      // md5 is only possible with an md5 verifier; Postgres then uses SCRAM, and so does Quarry.
      if (method === 'scram-sha-256' || (method === 'md5' && !stored?.md5 && stored?.scram)) return scramExchange(user, stored);
      if (method === 'md5') return md5Exchange(user, stored);
      return cleartextExchange(user, stored);
    },
  };
}

function cleartextExchange(user: string, stored: StoredPassword | undefined): AuthExchange {
  return {
    start: () => ({ kind: 'challenge', message: { type: 'authenticationCleartextPassword' } }),
    respond(payload) {
      const password = decodeCleartextPassword(payload);
      const verifier = stored?.scram ? parseScramVerifier(stored.scram) : undefined;
      return verifier && passwordMatchesScram(verifier, password) ? { kind: 'ok' } : failed(user);
    },
  };
}

function md5Exchange(user: string, stored: StoredPassword | undefined): AuthExchange {
  const salt = randomBytes(4);
  return {
    start: () => ({ kind: 'challenge', message: { type: 'authenticationMD5Password', salt } }),
    respond(payload) {
      const response = decodeCleartextPassword(payload);
      return stored?.md5 && response === md5Response(stored.md5, salt) ? { kind: 'ok' } : failed(user);
    },
  };
}

const GS2_HEADER = 'n,,';
const CHANNEL_BINDING = Buffer.from(GS2_HEADER).toString('base64'); // "biws"

function scramExchange(user: string, stored: StoredPassword | undefined): AuthExchange {
  // Without a verifier the exchange runs on a made-up one and fails at the proof.
  const verifier: ScramVerifier = (stored?.scram && parseScramVerifier(stored.scram)) || parseScramVerifier(scramVerifier(randomBytes(16).toString('hex')))!;
  const known = stored?.scram !== undefined;
  let state: 'initial' | 'continue' | 'done' = 'initial';
  let clientFirstBare = '';
  let serverFirst = '';
  let nonce = '';
  return {
    start: () => ({ kind: 'challenge', message: { type: 'authenticationSASL', mechanisms: ['SCRAM-SHA-256'] } }),
    respond(payload): AuthStep {
      if (state === 'initial') {
        // SASLInitialResponse: mechanism, then the client-first-message (length-prefixed).
        const body = new BodyReader(payload, 'SASLInitialResponse');
        const mechanism = body.cstring();
        const length = body.int32();
        const message = length < 0 ? '' : body.bytes(length).toString('utf8');
        body.end();
        if (mechanism !== 'SCRAM-SHA-256') return protocolError(`client selected an invalid SASL authentication mechanism`);
        const m = /^([nyp])(?:=[^,]*)?,[^,]*,(.*)$/.exec(message);
        if (!m) return protocolError('malformed SCRAM message');
        if (m[1] === 'p') return protocolError('channel binding is not supported');
        clientFirstBare = m[2];
        const clientNonce = /(?:^|,)r=([^,]+)/.exec(clientFirstBare)?.[1];
        if (!clientNonce) return protocolError('malformed SCRAM message: no nonce');
        nonce = clientNonce + randomBytes(18).toString('base64');
        serverFirst = `r=${nonce},s=${verifier.salt.toString('base64')},i=${verifier.iterations}`;
        state = 'continue';
        return { kind: 'challenge', message: { type: 'authenticationSASLContinue', data: serverFirst } };
      }
      if (state !== 'continue') return protocolError('unexpected SASL response');
      state = 'done';
      const clientFinal = payload.toString('utf8');
      const m = /^c=([^,]*),r=([^,]*)(?:,.*)?,p=([^,]+)$/.exec(clientFinal);
      if (!m) return protocolError('malformed SCRAM message');
      // The gs2 header came back as "n,," or "y,,": no channel binding either way.
      if ((m[1] !== CHANNEL_BINDING && m[1] !== Buffer.from('y,,').toString('base64')) || m[2] !== nonce) return failed(user);
      const withoutProof = clientFinal.slice(0, clientFinal.lastIndexOf(',p='));
      const authMessage = `${clientFirstBare},${serverFirst},${withoutProof}`;
      if (!known || !checkScramProof(verifier, authMessage, Buffer.from(m[3], 'base64'))) return failed(user);
      return { kind: 'ok', final: { type: 'authenticationSASLFinal', data: `v=${scramServerSignature(verifier, authMessage).toString('base64')}` } };
    },
  };
}
