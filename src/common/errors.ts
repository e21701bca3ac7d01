// The one error type of every stage: SQLSTATE, message, and where in the statement it was found.
// Raised where the fault is found, rendered once at the protocol edge.

export class QuarryError extends Error {
  constructor(
    readonly sqlState: string,
    message: string,
    /** 0-based character offset into the statement text, when the fault has a place. */
    readonly position?: number,
    /** Spark's error class (e.g. DIVIDE_BY_ZERO), when there is one. */
    readonly errorClass?: string,
    /** Where it happened beyond the statement text (Postgres's CONTEXT: `COPY t, line 3, column x`). */
    readonly context?: string,
  ) {
    super(message);
    this.name = 'QuarryError';
  }

  /** The same error placed at `position`, unless it already has one. */
  at(position: number | undefined): QuarryError {
    if (this.position !== undefined || position === undefined) return this;
    return new QuarryError(this.sqlState, this.message, position, this.errorClass, this.context);
  }
}

export const SqlState = {
  syntaxError: '42601',
  undefinedTable: '42P01',
  undefinedColumn: '42703',
  undefinedFunction: '42883',
  undefinedSchema: '3F000',
  undefinedDatabase: '3D000',
  ambiguousColumn: '42702',
  duplicateTable: '42P07',
  duplicateSchema: '42P06',
  duplicateColumn: '42701',
  datatypeMismatch: '42804',
  groupingError: '42803',
  invalidParameterValue: '22023',
  featureNotSupported: '0A000',
  divisionByZero: '22012',
  numericValueOutOfRange: '22003',
  invalidTextRepresentation: '22P02',
  invalidDatetimeFormat: '22007',
  /** Spark's CONVERSION_INVALID_INPUT and CAST_INVALID_INPUT. */
  invalidCharacterValueForCast: '22018',
  /** Spark's MALFORMED_CHARACTER_CODING. */
  dataException: '22000',
  /** Spark's INVALID_UTF8_STRING. */
  characterNotInRepertoire: '22029',
  /** Spark's DATATYPE_MISMATCH (analysis-time argument checks). */
  invalidArgumentType: '42K09',
  /** Spark's INVALID_INDEX_OF_ZERO, INVALID_ARRAY_INDEX. */
  arrayIndexOutOfRange: '22003',
  cardinalityViolation: '21000',
  protocolViolation: '08P01',
  queryCanceled: '57014',
  internalError: 'XX000',
  ioError: '58030',
  insufficientPrivilege: '42501',
  invalidAuthorization: '28000',
  invalidPassword: '28P01',
  invalidName: '42602',
} as const;

export const syntaxError = (message: string, position?: number) =>
  new QuarryError(SqlState.syntaxError, message, position, 'PARSE_SYNTAX_ERROR');

export const notSupported = (what: string, position?: number) =>
  new QuarryError(SqlState.featureNotSupported, `${what} is not supported`, position, 'UNSUPPORTED_FEATURE');
