// The listening side: accepts sockets and gives each its own Connection. Connections share
// only the cancel registry; one failing never touches another.

import net from 'node:net';
import tls from 'node:tls';
import { Engine } from '../engine/types.js';
import { PasswordCheck, cleartextPasswordAuth, trustAuth } from './authentication.js';
import { CancelRegistry } from './cancel_registry.js';
import { Connection } from './connection.js';
import { PasswordLookup, PasswordMethod, passwordAuth } from './password_auth.js';

export interface ServerOptions {
  readonly host: string;
  /** 0 picks a free port: read the real one from QuarryServer.address. */
  readonly port: number;
  readonly engine: Engine;
  /** When given, clients must send a cleartext password this accepts (tests use it to script checks). */
  readonly authenticate?: PasswordCheck;
  /** Password authentication against stored verifiers; without it (and `authenticate`) every user is trusted. */
  readonly passwords?: { readonly method: PasswordMethod; readonly lookup: PasswordLookup };
  /** Largest accepted client message in bytes (default 256 MiB). */
  readonly maxMessageLength?: number;
  /** Sessions at once (default 100); more are refused with 53300, as Postgres's max_connections. */
  readonly maxConnections?: number;
  /** A certificate and key (PEM) to accept SSLRequest with; without them clients are told 'N'. */
  readonly tls?: { readonly cert: string | Buffer; readonly key: string | Buffer };
  /** Refuse clients that do not use TLS. */
  readonly tlsRequired?: boolean;
}

export interface QuarryServer {
  readonly address: { readonly host: string; readonly port: number };
  /**
   * Stops listening and ends open connections, letting running statements finish for up to
   * `graceMs` (0: cancel them at once); resolves once all are closed.
   */
  close(graceMs?: number): Promise<void>;
}

export type { PasswordCheck, PasswordLookup, PasswordMethod };

const DEFAULT_MAX_CONNECTIONS = 100;

export function startServer(options: ServerOptions): Promise<QuarryServer> {
  const cancelRegistry = new CancelRegistry();
  const auth = options.authenticate ? cleartextPasswordAuth(options.authenticate)
    : options.passwords ? passwordAuth(options.passwords.method, options.passwords.lookup)
      : trustAuth;
  const connections = new Set<Connection>();
  const secureContext = options.tls ? tls.createSecureContext({ cert: options.tls.cert, key: options.tls.key }) : undefined;
  if (options.tlsRequired && !secureContext) throw new Error('requiring TLS needs a certificate and key');
  const server = net.createServer((socket) => {
    const connection = new Connection(socket, {
      engine: options.engine, auth, cancelRegistry, maxMessageLength: options.maxMessageLength,
      tooManyClients: connections.size >= (options.maxConnections ?? DEFAULT_MAX_CONNECTIONS),
      tls: secureContext, tlsRequired: options.tlsRequired,
    });
    connections.add(connection);
    void connection.closed.then(() => connections.delete(connection));
  });
  // Accept errors (e.g. EMFILE) concern one socket; they must not crash the process.
  server.on('error', () => undefined);

  return new Promise((resolve, reject) => {
    const onListenError = (e: Error) => reject(e);
    server.once('error', onListenError);
    server.listen(options.port, options.host, () => {
      server.off('error', onListenError);
      const address = server.address() as net.AddressInfo;
      let closing: Promise<void> | null = null;
      resolve({
        address: { host: address.address, port: address.port },
        close(graceMs = 0) {
          closing ??= new Promise<void>((done) => {
            server.close(() => done());
            for (const connection of connections) connection.shutdown(graceMs);
          }).then(async () => {
            await Promise.all([...connections].map((c) => c.closed));
          });
          return closing;
        },
      });
    });
  });
}
