// The PostgreSQL v3 protocol as typed values: what the frontend reader produces and the backend
// writer consumes. Session logic speaks only these; byte layouts live in the codec modules.

// ---------------------------------------------------------------------------------------------
// Frontend (client → server)

/** The first packet's request codes (they sit where a protocol version would). */
export const SSL_REQUEST_CODE = 80877103;
export const GSSENC_REQUEST_CODE = 80877104;
export const CANCEL_REQUEST_CODE = 80877102;
export const PROTOCOL_3_0 = 3 << 16;

/** Packets of the untyped startup phase. */
export type StartupPacket =
  | { readonly type: 'sslRequest' }
  | { readonly type: 'gssEncRequest' }
  | { readonly type: 'cancelRequest'; readonly processId: number; readonly secretKey: number }
  | {
      readonly type: 'startup';
      /** (major << 16) | minor, e.g. 196608 for 3.0. */
      readonly protocolVersion: number;
      readonly parameters: ReadonlyMap<string, string>;
    };

/** Parameter or result column format codes. */
export type FormatCode = 0 | 1;

export type TypedFrontendMessage =
  | { readonly type: 'query'; readonly sql: string }
  | { readonly type: 'terminate' }
  /**
   * 'p' carries a password, a SASL initial response or a SASL response depending on the
   * authentication exchange in progress, so it stays undecoded until that exchange reads it.
   */
  | { readonly type: 'authResponse'; readonly payload: Buffer }
  | {
      readonly type: 'parse';
      readonly statement: string;
      readonly sql: string;
      readonly parameterTypes: readonly number[];
    }
  | {
      readonly type: 'bind';
      readonly portal: string;
      readonly statement: string;
      readonly parameterFormats: readonly FormatCode[];
      /** null for SQL NULL. */
      readonly parameters: readonly (Buffer | null)[];
      readonly resultFormats: readonly FormatCode[];
    }
  | { readonly type: 'describe'; readonly target: 'statement' | 'portal'; readonly name: string }
  | { readonly type: 'execute'; readonly portal: string; readonly maxRows: number }
  | { readonly type: 'close'; readonly target: 'statement' | 'portal'; readonly name: string }
  | { readonly type: 'sync' }
  | { readonly type: 'flush' }
  | { readonly type: 'copyData'; readonly data: Buffer }
  | { readonly type: 'copyDone' }
  | { readonly type: 'copyFail'; readonly message: string }
  /** A type byte this server does not know: the session decides (Postgres closes the connection). */
  | { readonly type: 'unknown'; readonly code: number };

export type FrontendMessage = StartupPacket | TypedFrontendMessage;

// ---------------------------------------------------------------------------------------------
// Backend (server → client)

/** Transaction status in ReadyForQuery: idle, in a transaction block, in a failed block. */
export type TransactionStatus = 'I' | 'T' | 'E';

export interface FieldDescription {
  readonly name: string;
  /** The table's OID and the column's attribute number, or 0 when not a plain table column. */
  readonly tableOid: number;
  readonly columnAttribute: number;
  readonly typeOid: number;
  /** pg_type.typlen: bytes of a fixed-width type, -1 for varlena. */
  readonly typeSize: number;
  /** pg_attribute.atttypmod, -1 when the type has none. */
  readonly typeModifier: number;
  readonly format: FormatCode;
}

/** Fields of ErrorResponse and NoticeResponse (Postgres's protocol field letters in comments). */
export interface ErrorFields {
  /** S (possibly localized) and V (never localized): ERROR, FATAL, PANIC, WARNING, NOTICE, … */
  readonly severity: 'ERROR' | 'FATAL' | 'PANIC' | 'WARNING' | 'NOTICE' | 'DEBUG' | 'INFO' | 'LOG';
  /** C: SQLSTATE. */
  readonly code: string;
  /** M */
  readonly message: string;
  /** D */
  readonly detail?: string;
  /** H */
  readonly hint?: string;
  /** P: 1-based character position in the query string. */
  readonly position?: number;
  /** W: the context (`COPY orders, line 3, column amount: "abc"`). */
  readonly where?: string;
}

/**
 * One column's text-format cells across many rows: strings (UTF-8 on the wire), bytes already
 * encoded (shared dictionary entries), or null for SQL NULL.
 */
export interface TextCells {
  readonly cells: readonly (string | Buffer | null)[];
  /** Every string cell is ASCII, so its byte length is its string length (numbers, dates, …). */
  readonly ascii: boolean;
}

export type BackendMessage =
  | { readonly type: 'authenticationOk' }
  | { readonly type: 'authenticationCleartextPassword' }
  | { readonly type: 'authenticationMD5Password'; readonly salt: Buffer }
  | { readonly type: 'authenticationSASL'; readonly mechanisms: readonly string[] }
  | { readonly type: 'authenticationSASLContinue' | 'authenticationSASLFinal'; readonly data: string }
  | { readonly type: 'parameterStatus'; readonly name: string; readonly value: string }
  | { readonly type: 'backendKeyData'; readonly processId: number; readonly secretKey: number }
  | {
      readonly type: 'negotiateProtocolVersion';
      readonly newestMinorVersion: number;
      readonly unrecognizedOptions: readonly string[];
    }
  | { readonly type: 'readyForQuery'; readonly status: TransactionStatus }
  | { readonly type: 'rowDescription'; readonly fields: readonly FieldDescription[] }
  | { readonly type: 'dataRow'; readonly values: readonly (string | Buffer | null)[] }
  /** rowCount DataRow messages built column-wise: a whole batch in one buffer. */
  | { readonly type: 'dataRows'; readonly columns: readonly TextCells[]; readonly rowCount: number }
  | { readonly type: 'commandComplete'; readonly tag: string }
  | { readonly type: 'emptyQueryResponse' }
  | { readonly type: 'parseComplete' }
  | { readonly type: 'bindComplete' }
  | { readonly type: 'closeComplete' }
  | { readonly type: 'noData' }
  | { readonly type: 'portalSuspended' }
  /** G / H: the COPY's overall format and each column's (0 text, 1 binary). */
  | { readonly type: 'copyInResponse' | 'copyOutResponse'; readonly format: FormatCode; readonly columnFormats: readonly FormatCode[] }
  | { readonly type: 'copyData'; readonly data: Buffer }
  | { readonly type: 'copyDone' }
  | { readonly type: 'parameterDescription'; readonly typeOids: readonly number[] }
  | { readonly type: 'errorResponse'; readonly fields: ErrorFields }
  | { readonly type: 'noticeResponse'; readonly fields: ErrorFields };
