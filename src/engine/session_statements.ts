// SET, RESET, SHOW name and the transaction statements. Quarry commits every statement on its
// own; BEGIN/COMMIT/ROLLBACK keep the transaction status drivers expect (I, T, E), and a ROLLBACK
// that would have to undo writes says it cannot rather than pretend.

import { QuarryError, SqlState } from '../common/errors.js';
import * as ast from '../parser/ast.js';
import { commandResult, rowsResult, stringField, warning } from './results.js';
import { SessionSettings } from './settings.js';
import { StatementResult } from './types.js';

export type TransactionStatus = 'I' | 'T' | 'E';

export interface SessionState {
  readonly settings: SessionSettings;
  transactionStatus: TransactionStatus;
  /** Whether the open transaction block has written data (which ROLLBACK cannot undo). */
  wroteInTransaction: boolean;
}

export function runSessionStatement(node: ast.SetVariable | ast.ResetVariable | ast.ShowVariable | ast.Transaction, state: SessionState): StatementResult {
  const at = <T>(f: () => T): T => {
    try {
      return f();
    } catch (e) {
      throw e instanceof QuarryError ? e.at(node.pos) : e;
    }
  };
  switch (node.kind) {
    case 'set':
      if (node.name === undefined) {
        return rowsResult([stringField('key', false), stringField('value')], state.settings.all().map(([name, value]) => [name, value]));
      }
      at(() => (node.value === undefined ? state.settings.reset(node.name) : state.settings.set(node.name!, node.value)));
      // Spark answers `SET spark.sql.x=v` with the pair; Postgres clients' `SET name = v` with a command tag.
      if (isSparkConfig(node.name) && node.value !== undefined) return rowsResult(SET_RESULT_COLUMNS, [[node.name, state.settings.get(node.name) ?? node.value]]);
      return commandResult('SET');
    case 'reset':
      state.settings.reset(node.name);
      return commandResult('RESET');
    case 'showVariable': {
      if (node.name === undefined) {
        return rowsResult([stringField('name', false), stringField('setting'), stringField('description')], state.settings.all());
      }
      const value = state.settings.get(node.name);
      if (value === undefined) {
        throw new QuarryError('42704', `unrecognized configuration parameter "${node.name}"`, node.pos);
      }
      return rowsResult([stringField(node.name.toLowerCase() === 'timezone' ? 'TimeZone' : node.name, false)], [[value]]);
    }
    case 'transaction': return transaction(node, state);
  }
}

const SET_RESULT_COLUMNS = [stringField('key', false), stringField('value')];

/** Spark's configuration keys are dotted (`spark.sql.ansi.enabled`); Postgres parameters never are. */
export const isSparkConfig = (name: string): boolean => name.includes('.');

function transaction(node: ast.Transaction, state: SessionState): StatementResult {
  const wrote = state.wroteInTransaction;
  const failed = state.transactionStatus === 'E';
  switch (node.action) {
    case 'begin':
      // As in Postgres, BEGIN inside a transaction is only a warning; the block goes on.
      if (state.transactionStatus !== 'I') return commandResult('BEGIN', warning('there is already a transaction in progress', '25001'));
      state.transactionStatus = 'T';
      state.wroteInTransaction = false;
      return commandResult('BEGIN');
    case 'commit': {
      const idle = state.transactionStatus === 'I';
      state.transactionStatus = 'I';
      state.wroteInTransaction = false;
      return idle ? commandResult('COMMIT', warning('there is no transaction in progress', '25P01')) : commandResult(failed ? 'ROLLBACK' : 'COMMIT');
    }
    case 'rollback':
      if (state.transactionStatus === 'I') return commandResult('ROLLBACK', warning('there is no transaction in progress', '25P01'));
      state.transactionStatus = 'I';
      state.wroteInTransaction = false;
      if (wrote) {
        throw new QuarryError(SqlState.featureNotSupported,
          '[UNSUPPORTED_FEATURE] ROLLBACK cannot undo the writes of this transaction: Quarry commits each statement when it completes.', node.pos);
      }
      return commandResult('ROLLBACK');
  }
}

/** In a failed transaction block only its end is accepted (Postgres's 25P02). */
export function checkTransactionNotFailed(node: ast.Statement, state: SessionState): void {
  if (state.transactionStatus === 'E' && !(node.kind === 'transaction' && node.action !== 'begin')) {
    throw new QuarryError('25P02', 'current transaction is aborted, commands ignored until end of transaction block', node.pos);
  }
}
