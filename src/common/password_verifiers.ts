// Password verifiers as Postgres stores them, so a password is never kept: SCRAM-SHA-256
// (RFC 5802/7677: `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>`) and the legacy
// md5 hash (`md5` + md5(password + user)). The SCRAM arithmetic the server side of the exchange
// needs lives here too.

import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto';

export const SCRAM_ITERATIONS = 4096;

export interface ScramVerifier {
  readonly iterations: number;
  readonly salt: Buffer;
  readonly storedKey: Buffer;
  readonly serverKey: Buffer;
}

const hmac = (key: Buffer, text: string | Buffer) => createHmac('sha256', key).update(text).digest();
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest();

/** Postgres's SASLprep is approximated by NFKC normalization: same results for ordinary passwords. */
function saltedPassword(password: string, salt: Buffer, iterations: number): Buffer {
  return pbkdf2Sync(password.normalize('NFKC'), salt, iterations, 32, 'sha256');
}

export function scramVerifier(password: string, salt: Buffer = randomBytes(16), iterations = SCRAM_ITERATIONS): string {
  const salted = saltedPassword(password, salt, iterations);
  const storedKey = sha256(hmac(salted, 'Client Key'));
  const serverKey = hmac(salted, 'Server Key');
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

export function parseScramVerifier(text: string): ScramVerifier | undefined {
  const m = /^SCRAM-SHA-256\$(\d+):([^$]+)\$([^:]+):(.+)$/.exec(text);
  if (!m) return undefined;
  return { iterations: Number(m[1]), salt: Buffer.from(m[2], 'base64'), storedKey: Buffer.from(m[3], 'base64'), serverKey: Buffer.from(m[4], 'base64') };
}

/** Whether `proof` (the client's ClientProof) proves knowledge of the password behind `verifier`. */
export function checkScramProof(verifier: ScramVerifier, authMessage: string, proof: Buffer): boolean {
  const signature = hmac(verifier.storedKey, authMessage);
  if (proof.length !== signature.length) return false;
  const clientKey = Buffer.from(proof.map((b, i) => b ^ signature[i]));
  return timingSafeEqual(sha256(clientKey), verifier.storedKey);
}

export function scramServerSignature(verifier: ScramVerifier, authMessage: string): Buffer {
  return hmac(verifier.serverKey, authMessage);
}

/** Whether a cleartext password matches a SCRAM verifier (for password authentication). */
export function passwordMatchesScram(verifier: ScramVerifier, password: string): boolean {
  const salted = saltedPassword(password, verifier.salt, verifier.iterations);
  return timingSafeEqual(sha256(hmac(salted, 'Client Key')), verifier.storedKey);
}

const md5 = (text: string | Buffer) => createHash('md5').update(text).digest('hex');

export function md5Verifier(user: string, password: string): string {
  return `md5${md5(password + user)}`;
}

/** What an md5 client sends for `salt`, given the stored `md5…` verifier. */
export function md5Response(verifier: string, salt: Buffer): string {
  return `md5${md5(Buffer.concat([Buffer.from(verifier.slice(3)), salt]))}`;
}
