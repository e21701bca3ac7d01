// One client connection's state machine: startup (encryption refusal, cancel requests), then
// authentication, then the session serving queries. Messages are handled one at a time, in
// order; bytes that arrive meanwhile wait in the reader. Nothing here throws out of a socket
// event: a malformed stream or a bug ends this connection only.

import net from 'node:net';
import tls from 'node:tls';
import { QuarryError, SqlState } from '../common/errors.js';
import { TimeZone } from '../common/time_zone.js';
import { Engine, EngineSession } from '../engine/types.js';
import { AuthExchange, AuthMethod, AuthStep } from './authentication.js';
import { BackendKey, CancelRegistry } from './cancel_registry.js';
import { STATEMENT_TIMEOUT, errorFieldsOf, queryCanceled } from './error_fields.js';
import { ExtendedQuery } from './extended_query.js';
import { FrontendReader } from './frontend_reader.js';
import { FrontendMessage, PROTOCOL_3_0, StartupPacket } from './messages.js';
import { Outbound } from './outbound.js';
import { TextFormatOptions } from './pg_types.js';
import { REPORTED_SETTINGS, fixedParameters, startupSettings } from './server_parameters.js';
import { runSimpleQuery } from './simple_query.js';

export interface ConnectionOptions {
  readonly engine: Engine;
  readonly auth: AuthMethod;
  readonly cancelRegistry: CancelRegistry;
  readonly maxMessageLength?: number;
  /** A client that has not finished startup by then is dropped (Postgres's authentication_timeout). */
  readonly startupTimeoutMs?: number;
  /** Over the server's connection limit: the startup packet is answered with 53300 (cancel requests still work). */
  readonly tooManyClients?: boolean;
  /** With it, SSLRequest is accepted and the connection continues over TLS. */
  readonly tls?: tls.SecureContext;
  /** Refuse sessions that did not start TLS (28000), as a `hostssl`-only pg_hba.conf would. */
  readonly tlsRequired?: boolean;
}

type Phase = 'startup' | 'authenticating' | 'ready' | 'closed';

/** Unread input beyond this, while a query runs, pauses the socket: pipelining is bounded too. */
const INPUT_HIGH_WATER = 8 * 1024 * 1024;
const DEFAULT_STARTUP_TIMEOUT_MS = 60_000;

export class Connection {
  private phase: Phase = 'startup';
  private readonly reader: FrontendReader;
  private out: Outbound;
  /** The client's socket: the TCP socket, or the TLS socket over it once SSLRequest was accepted. */
  private socket: net.Socket;
  private encrypted = false;
  private processing = false;
  private user = '';
  private database = '';
  private startupParameters: ReadonlyMap<string, string> = new Map();
  /** ParameterStatus values the client has, to report the ones a statement changes. */
  private readonly reported = new Map<string, string>();
  private auth: AuthExchange | null = null;
  private session: EngineSession | null = null;
  /** Prepared statements and portals, made on the first extended-protocol message. */
  private extended: ExtendedQuery | null = null;
  private key: BackendKey | null = null;
  /** The running statement's abort handle, null when idle. */
  private running: AbortController | null = null;
  private statementTimer: NodeJS.Timeout | null = null;
  /** After an extended-protocol message fails, everything up to Sync is skipped. */
  private skipToSync = false;
  private startupTimer: NodeJS.Timeout | null;
  private inputWaiter: (() => void) | null = null;
  /** Set by a graceful shutdown: runs once the statement in progress has answered. */
  private terminateWhenIdle: (() => void) | null = null;
  /** Resolves when the socket has closed and the session is released. */
  readonly closed: Promise<void>;
  private resolveClosed!: () => void;

  constructor(socket: net.Socket, private readonly options: ConnectionOptions) {
    this.reader = new FrontendReader({ maxMessageLength: options.maxMessageLength });
    this.socket = socket;
    this.out = new Outbound(socket);
    this.closed = new Promise((resolve) => { this.resolveClosed = resolve; });
    socket.setNoDelay(true);
    this.listen(socket);
    this.startupTimer = setTimeout(() => { if (this.phase !== 'ready') this.socket.destroy(); },
      options.startupTimeoutMs ?? DEFAULT_STARTUP_TIMEOUT_MS);
    this.startupTimer.unref();
  }

  private listen(socket: net.Socket): void {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    // Resets and broken pipes surface here; 'close' follows and does the cleanup.
    socket.on('error', () => undefined);
    socket.on('close', () => this.onClose());
  }

  /**
   * SSLRequest accepted: 'S', then the rest of the conversation over TLS on the same socket. Bytes
   * the client sent after SSLRequest and before the handshake would be unencrypted data smuggled
   * past it (CVE-2021-23214): refused.
   */
  private startTls(secureContext: tls.SecureContext): void {
    if (this.reader.bufferedBytes > 0) {
      return this.fatal(new QuarryError(SqlState.protocolViolation, 'received unencrypted data after SSL request'));
    }
    this.out.acceptEncryption();
    void this.out.flush();
    const plain = this.socket;
    plain.removeAllListeners('data');
    plain.removeAllListeners('close');
    const secure = new tls.TLSSocket(plain, { isServer: true, secureContext });
    this.socket = secure;
    this.out = new Outbound(secure);
    this.encrypted = true;
    this.listen(secure);
    // A failed handshake closes the TLS socket, or at least the TCP one under it.
    plain.on('close', () => secure.destroy());
  }

  /**
   * Server shutdown: tell the client why and close. A statement that is running may finish first,
   * for up to `graceMs`; then it is cancelled.
   */
  shutdown(graceMs = 0): void {
    if (this.phase === 'closed') return;
    const terminate = () => {
      this.running?.abort();
      this.fatal(new QuarryError('57P01', 'terminating connection due to administrator command'));
    };
    if (graceMs <= 0 || this.running === null) return terminate();
    this.terminateWhenIdle = terminate;
    setTimeout(terminate, graceMs).unref();
  }

  private onData(chunk: Buffer): void {
    if (this.phase === 'closed') return;
    this.reader.push(chunk);
    if (this.processing && this.reader.bufferedBytes > INPUT_HIGH_WATER) this.socket.pause();
    this.wakeReader();
    void this.pump();
  }

  /** Resolves a statement waiting in nextMessage (COPY FROM STDIN) for more input. */
  private wakeReader(): void {
    const waiting = this.inputWaiter;
    this.inputWaiter = null;
    waiting?.();
  }

  /**
   * The next message while a statement runs (COPY FROM STDIN reads its data this way, the pump
   * being busy with the statement); undefined once the connection is gone. A malformed message
   * is thrown, and ends the connection as anywhere else.
   */
  private async nextMessage(): Promise<FrontendMessage | undefined> {
    for (;;) {
      if (this.phase === 'closed') return undefined;
      const message = this.reader.read();
      if (message !== undefined) return message;
      if (this.socket.isPaused()) this.socket.resume();
      await new Promise<void>((resolve) => { this.inputWaiter = resolve; });
    }
  }

  private async pump(): Promise<void> {
    if (this.processing) return;
    this.processing = true;
    try {
      while (this.phase !== 'closed') {
        if (this.socket.isPaused()) this.socket.resume();
        let message: FrontendMessage | undefined;
        try {
          message = this.reader.read();
        } catch (e) {
          this.fatal(e);
          return;
        }
        if (message === undefined) return;
        await this.dispatch(message);
      }
    } catch (e) {
      // A bug in the session logic: this connection ends, the server goes on.
      this.fatal(e);
    } finally {
      this.processing = false;
      if (this.phase === 'closed' && this.socket.destroyed) this.release();
    }
  }

  private async dispatch(message: FrontendMessage): Promise<void> {
    switch (this.phase) {
      case 'startup': return this.onStartupPacket(message);
      case 'authenticating': return this.onAuthMessage(message);
      case 'ready': return this.onSessionMessage(message);
      case 'closed': return;
    }
  }

  // ---- startup ----------------------------------------------------------------------------

  private async onStartupPacket(message: FrontendMessage): Promise<void> {
    switch (message.type) {
      case 'sslRequest':
        if (this.options.tls && !this.encrypted) return this.startTls(this.options.tls);
        this.out.refuseEncryption();
        return this.out.flush();
      case 'gssEncRequest':
        // No GSS encryption: 'N', and the client goes on (with SSLRequest or a plain startup packet).
        this.out.refuseEncryption();
        return this.out.flush();
      case 'cancelRequest':
        this.options.cancelRegistry.cancel(message.processId, message.secretKey);
        this.close();
        return;
      case 'startup':
        if (this.options.tooManyClients) return this.fatal(new QuarryError('53300', 'sorry, too many clients already'));
        if (this.options.tlsRequired && !this.encrypted) {
          const user = message.parameters.get('user') ?? '';
          return this.fatal(new QuarryError(SqlState.invalidAuthorization,
            `no pg_hba.conf entry for host "${this.socket.remoteAddress ?? ''}", user "${user}", database "${message.parameters.get('database') || user}", no encryption`));
        }
        return this.onStartup(message);
      default:
        this.fatal(new QuarryError(SqlState.protocolViolation, 'expected startup packet'));
    }
  }

  private async onStartup(message: Extract<StartupPacket, { type: 'startup' }>): Promise<void> {
    const major = message.protocolVersion >>> 16;
    const minor = message.protocolVersion & 0xffff;
    if (major !== 3) {
      return this.fatal(new QuarryError(SqlState.featureNotSupported,
        `unsupported frontend protocol ${major}.${minor}: server supports 3.0 to 3.0`));
    }
    const protocolOptions = [...message.parameters.keys()].filter((k) => k.startsWith('_pq_.'));
    if (message.protocolVersion !== PROTOCOL_3_0 || protocolOptions.length > 0) {
      this.out.send({ type: 'negotiateProtocolVersion', newestMinorVersion: 0, unrecognizedOptions: protocolOptions });
    }
    const user = message.parameters.get('user');
    if (!user) {
      return this.fatal(new QuarryError(SqlState.invalidAuthorization, 'no PostgreSQL user name specified in startup packet'));
    }
    this.user = user;
    this.database = message.parameters.get('database') || user;
    this.startupParameters = message.parameters;
    this.phase = 'authenticating';
    this.auth = this.options.auth.begin(user);
    await this.applyAuthStep(await this.auth.start());
  }

  private async onAuthMessage(message: FrontendMessage): Promise<void> {
    if (message.type === 'terminate') return this.close();
    if (message.type !== 'authResponse') {
      return this.fatal(new QuarryError(SqlState.protocolViolation,
        `expected password response, got message type ${message.type}`));
    }
    await this.applyAuthStep(await this.auth!.respond(message.payload));
  }

  private async applyAuthStep(step: AuthStep): Promise<void> {
    // The client may have gone while a password check was pending.
    if (this.phase !== 'authenticating') return;
    switch (step.kind) {
      case 'challenge':
        this.out.send(step.message);
        return this.out.flush();
      case 'fail':
        return this.fatal(step.error);
      case 'ok':
        if (step.final) this.out.send(step.final);
        return this.beginSession();
    }
  }

  private async beginSession(): Promise<void> {
    try {
      this.session = this.options.engine.openSession({ user: this.user, database: this.database });
    } catch (e) {
      // An unknown database (3D000) and the like end the connection, as in Postgres.
      return this.fatal(e);
    }
    this.phase = 'ready';
    this.auth = null;
    if (this.startupTimer) clearTimeout(this.startupTimer);
    this.startupTimer = null;
    this.key = this.options.cancelRegistry.register(() => this.running?.abort());
    this.out.send({ type: 'authenticationOk' });
    for (const [name, value] of startupSettings(this.startupParameters)) {
      try {
        this.session.setSetting?.(name, value);
      } catch (e) {
        // Postgres refuses the connection; a driver's default it cannot change (a JVM's named time zone) should not.
        this.out.send({ type: 'noticeResponse', fields: { ...errorFieldsOf(e, 'WARNING'), message: `startup parameter ${name} ignored: ${(e as Error).message}` } });
      }
    }
    for (const [name, value] of fixedParameters(this.user)) this.out.send({ type: 'parameterStatus', name, value });
    this.reportSettings();
    this.out.send({ type: 'backendKeyData', ...this.key });
    this.out.send({ type: 'readyForQuery', status: 'I' });
    await this.out.flush();
  }

  // ---- session ----------------------------------------------------------------------------

  private async onSessionMessage(message: FrontendMessage): Promise<void> {
    if (this.skipToSync) {
      if (message.type === 'sync') {
        this.skipToSync = false;
        return this.readyForQuery();
      }
      if (message.type === 'terminate') this.close();
      return;
    }
    switch (message.type) {
      case 'query':
        return this.runQuery(message.sql);
      case 'terminate':
        return this.close();
      case 'sync':
        await this.extended?.sync();
        return this.readyForQuery();
      case 'flush':
        return this.out.flush();
      case 'parse': case 'bind': case 'describe': case 'execute': case 'close':
        return this.runExtended(message);
      case 'copyData': case 'copyDone': case 'copyFail':
        // Postgres ignores these outside COPY: they trail a COPY that already failed.
        return;
    }
    this.fatal(new QuarryError(SqlState.protocolViolation, message.type === 'unknown'
      ? `invalid frontend message type ${message.code}`
      : `unexpected ${message.type} message after startup`));
  }

  /** One extended-protocol message; an error is answered and the rest skipped up to Sync. */
  private async runExtended(message: Extract<FrontendMessage, { type: 'parse' | 'bind' | 'describe' | 'execute' | 'close' }>): Promise<void> {
    this.extended ??= new ExtendedQuery({
      session: this.session!, out: this.out, textFormat: () => this.textFormat(),
      startStatement: () => this.startStatement().signal, nextMessage: () => this.nextMessage(),
    });
    try {
      switch (message.type) {
        case 'parse': await this.extended.parse(message); break;
        case 'bind': await this.extended.bind(message); break;
        case 'describe': this.extended.describe(message); break;
        case 'execute': await this.extended.execute(message); break;
        case 'close': await this.extended.close(message); break;
      }
    } catch (e) {
      const signal = this.running?.signal;
      this.out.send({ type: 'errorResponse', fields: errorFieldsOf(signal?.aborted ? queryCanceled(signal.reason) : e, 'ERROR', message.type === 'parse' ? message.sql : undefined) });
      this.skipToSync = true;
    } finally {
      if (message.type === 'execute') this.endStatement();
    }
  }

  private async runQuery(sql: string): Promise<void> {
    const controller = this.startStatement();
    try {
      await runSimpleQuery(sql, {
        session: this.session!, out: this.out, signal: controller.signal, textFormat: this.textFormat(),
        nextMessage: () => this.nextMessage(),
      });
    } finally {
      this.endStatement();
    }
    await this.readyForQuery();
  }

  /** A statement starts: cancel requests and statement_timeout abort it through this controller. */
  private startStatement(): AbortController {
    const controller = new AbortController();
    this.running = controller;
    const timeout = this.session?.statementTimeoutMs ?? 0;
    if (timeout > 0) this.statementTimer = setTimeout(() => controller.abort(STATEMENT_TIMEOUT), timeout);
    return controller;
  }

  private endStatement(): void {
    if (this.statementTimer) clearTimeout(this.statementTimer);
    this.statementTimer = null;
    this.running = null;
  }

  /** timestamptz text follows the session time zone (SET TIME ZONE); fake engines are UTC. */
  private textFormat(): TextFormatOptions {
    return { timeZone: this.session?.timeZone ?? TimeZone.UTC };
  }

  /** ParameterStatus for each reported setting whose value the client does not have yet. */
  private reportSettings(): void {
    for (const [name, fallback] of Object.entries(REPORTED_SETTINGS)) {
      const value = this.session?.setting?.(name) ?? (name === 'application_name' ? this.startupParameters.get(name) : undefined) ?? fallback;
      if (this.reported.get(name) === value) continue;
      this.reported.set(name, value);
      this.out.send({ type: 'parameterStatus', name, value });
    }
  }

  private async readyForQuery(): Promise<void> {
    this.reportSettings();
    // The session tracks BEGIN/COMMIT blocks; fake engines in tests may not, and are idle.
    this.out.send({ type: 'readyForQuery', status: this.session?.transactionStatus ?? 'I' });
    await this.out.flush();
    this.terminateWhenIdle?.();
  }

  // ---- ending -----------------------------------------------------------------------------

  /** Sends a FATAL ErrorResponse and closes: the connection cannot go on. */
  private fatal(e: unknown): void {
    if (this.phase === 'closed') return;
    this.out.send({ type: 'errorResponse', fields: errorFieldsOf(e, 'FATAL') });
    this.close();
  }

  private close(): void {
    if (this.phase === 'closed') return;
    this.phase = 'closed';
    this.out.end();
  }

  private onClose(): void {
    this.phase = 'closed';
    this.wakeReader();
    this.running?.abort();
    void this.extended?.closeAll();
    if (this.startupTimer) clearTimeout(this.startupTimer);
    if (this.key) this.options.cancelRegistry.unregister(this.key);
    this.key = null;
    // A statement still unwinding keeps its session until the pump lets go of it.
    if (!this.processing) this.release();
  }

  private release(): void {
    const session = this.session;
    this.session = null;
    try {
      session?.close();
    } catch {
      // The engine's cleanup failing must not take the server down with it.
    }
    this.resolveClosed();
  }
}
