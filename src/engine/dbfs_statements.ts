// DBFS statements: CALL mount(…) / CALL unmount(…), SHOW MOUNTS, LIST 'path'. CALL's arguments are
// literals read from the syntax tree here: options are `map('k', 'v', …)` of literals, a credential
// may be `secret('scope', 'key')`, so mounting depends neither on the MAP type nor on evaluation.

import {
  Catalog, MountOption, checkMountOptions, describeMountOptions, listPath, normalizeMountPoint, parseMountSource,
} from '../catalog/index.js';
import { QuarryError, SqlState } from '../common/errors.js';
import { LongType } from '../common/types.js';
import * as ast from '../parser/ast.js';
import { commandResult, rowsResult, stringField } from './results.js';
import { StatementResult } from './types.js';

export const LIST_COLUMNS = [
  stringField('path', false), stringField('name', false),
  { name: 'size', type: LongType, nullable: false }, { name: 'modification_time', type: LongType, nullable: false },
];

const MOUNT_COLUMNS = [stringField('mount_point', false), stringField('source', false), stringField('options', false)];

/** Each procedure's parameters, in positional order; `?` marks an optional one. */
const PROCEDURES: Record<string, readonly string[]> = {
  mount: ['source', 'mount_point', 'extra_configs?'],
  unmount: ['mount_point'],
};

export async function runDbfsStatement(catalog: Catalog, node: ast.CallProcedure | ast.ShowMounts | ast.ListFiles): Promise<StatementResult> {
  try {
    switch (node.kind) {
      case 'showMounts':
        return rowsResult(MOUNT_COLUMNS, catalog.dbfs.listMounts().map((m) => [m.record.mountPoint, m.record.source, describeMountOptions(m.record.options)]));
      case 'listFiles': {
        const entries = await listPath(catalog.dbfs, node.path);
        const shown = node.limit === undefined ? entries : entries.slice(0, node.limit);
        return rowsResult(LIST_COLUMNS, shown.map((e) => [e.path, e.name, e.size, e.modificationTime]));
      }
      case 'call': return await call(catalog, node);
    }
  } catch (e) {
    throw e instanceof QuarryError && e.position === undefined ? e.at(node.pos) : e;
  }
}

async function call(catalog: Catalog, node: ast.CallProcedure): Promise<StatementResult> {
  const name = node.name.parts.join('.').toLowerCase();
  const parameters = PROCEDURES[name];
  if (!parameters) {
    throw new QuarryError(SqlState.undefinedFunction,
      `[UNRESOLVED_ROUTINE] Cannot resolve routine \`${node.name.parts.join('.')}\` on search path [${Object.keys(PROCEDURES).join(', ')}].`, node.name.pos, 'UNRESOLVED_ROUTINE');
  }
  const args = bindArguments(name, parameters, node);
  if (name === 'unmount') {
    const point = normalizeMountPoint(literalString(name, 'mount_point', args.get('mount_point')!));
    if (!(await catalog.unmount(point))) throw new QuarryError('42704', `[DIRECTORY_NOT_MOUNTED] Directory not mounted: ${point}.`);
    return commandResult('CALL');
  }
  const sourceText = literalString(name, 'source', args.get('source')!);
  const mountPoint = normalizeMountPoint(literalString(name, 'mount_point', args.get('mount_point')!));
  const options = args.has('extra_configs') ? mountOptions(args.get('extra_configs')!) : {};
  const source = parseMountSource(sourceText);
  checkMountOptions(source, options);
  await catalog.mount({ mountPoint, source: sourceText, options });
  return commandResult('CALL');
}

/** Positional and named arguments by parameter name; missing required ones and unknown names are errors. */
function bindArguments(procedure: string, parameters: readonly string[], node: ast.CallProcedure): Map<string, ast.Expr> {
  const names = parameters.map((p) => p.replace(/\?$/, ''));
  const bound = new Map<string, ast.Expr>();
  node.args.forEach((arg, i) => {
    const given = node.argNames[i];
    const name = given ?? names[i];
    if (name === undefined || !names.includes(name)) {
      throw new QuarryError('4274K', given
        ? `[UNRECOGNIZED_PARAMETER_NAME] Cannot invoke routine \`${procedure}\` because the routine call included a named argument reference for the argument named \`${given}\`, but this routine does not include any signature containing an argument with this name. Did you mean one of the following? [${names.join(', ')}].`
        : `[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The \`${procedure}\` requires at most ${names.length} parameters but the actual number is ${node.args.length}.`, arg.pos);
    }
    if (bound.has(name)) {
      throw new QuarryError('4274K', `[DUPLICATE_ROUTINE_PARAMETER_ASSIGNMENT.BOTH_POSITIONAL_AND_NAMED] Call to routine \`${procedure}\` is invalid because it includes multiple argument assignments to the same parameter name \`${name}\`.`, arg.pos);
    }
    bound.set(name, arg);
  });
  parameters.forEach((p, i) => {
    if (!p.endsWith('?') && !bound.has(names[i])) {
      throw new QuarryError('4274K', `[REQUIRED_PARAMETER_NOT_FOUND] Cannot invoke routine \`${procedure}\` because the parameter named \`${names[i]}\` is required, but the routine call did not supply a value. Please update the routine call to supply an argument value (either positionally at index ${i} or by name) and retry the query again.`, node.pos);
    }
  });
  return bound;
}

function notLiteral(procedure: string, parameter: string, type: string, expr: ast.Expr): QuarryError {
  return new QuarryError('42K08', `[NON_FOLDABLE_ARGUMENT] The function \`${procedure}\` requires the parameter \`${parameter}\` to be a foldable expression of the type ${type}, but the actual argument is a non-foldable.`, expr.pos);
}

function literalString(procedure: string, parameter: string, expr: ast.Expr): string {
  if (expr.kind !== 'string') throw notLiteral(procedure, parameter, '"STRING"', expr);
  return expr.value;
}

const isCall = (expr: ast.Expr, name: string): expr is ast.FunctionCall =>
  expr.kind === 'function' && expr.name.parts.length === 1 && expr.name.parts[0].toLowerCase() === name && !expr.over && !expr.distinct;

/** `map('k1', 'v1', 'k2', secret('scope', 'key'), …)` of literals. */
function mountOptions(expr: ast.Expr): Record<string, MountOption> {
  if (!isCall(expr, 'map')) throw notLiteral('mount', 'extra_configs', '"MAP<STRING, STRING>"', expr);
  if (expr.args.length % 2 !== 0) {
    throw new QuarryError('42605', `[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The \`map\` requires an even number of parameters but the actual number is ${expr.args.length}.`, expr.pos);
  }
  const options: Record<string, MountOption> = {};
  for (let i = 0; i < expr.args.length; i += 2) {
    const key = literalString('mount', 'extra_configs', expr.args[i]).toLowerCase();
    const value = expr.args[i + 1];
    if (isCall(value, 'secret') && value.args.length === 2) {
      options[key] = { secret: [literalString('secret', 'scope', value.args[0]), literalString('secret', 'key', value.args[1])] };
    } else options[key] = literalString('mount', 'extra_configs', value);
  }
  return options;
}
