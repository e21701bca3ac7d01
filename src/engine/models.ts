// Saved Spark ML models as catalog objects: CREATE/DROP/SHOW/DESCRIBE MODEL, and the models a
// statement scores (predict(m, …), ml_transform(m, …)) loaded before analysis, which is synchronous.

import { LRUCache } from 'lru-cache';
import { Catalog, ModelMetadata } from '../catalog/index.js';
import { QuarryError, SqlState } from '../common/errors.js';
import { typeToString } from '../common/types.js';
import { LoadedModel, loadModel } from '../ml/index.js';
import * as ast from '../parser/ast.js';
import { walkAst } from '../parser/index.js';
import { MODEL_FUNCTIONS, MODEL_TABLE_FUNCTIONS, qualifyTableName } from '../planner/index.js';
import { ModelFiles, localModelFiles } from './model_files.js';
import { sqlTransformCompiler } from './sql_transformer.js';
import { commandResult, rowsResult, stringField } from './results.js';
import { StatementResult } from './types.js';

/**
 * Loaded models, shared by all sessions, keyed by registration (a replaced model loads anew);
 * bounded, as a forest can hold hundreds of thousands of nodes.
 */
const loaded = new LRUCache<string, Promise<LoadedModel>>({ max: 32 });

const cacheKey = (model: ModelMetadata) => `${model.database}.${model.name}@${model.createdAt}`;

function load(catalog: Catalog, model: ModelMetadata): Promise<LoadedModel> {
  const key = cacheKey(model);
  let promise = loaded.get(key);
  if (!promise) {
    promise = localModelFiles(catalog.dbfs, model.location).then((files) => loadModel(files.dir, { sql: sqlTransformCompiler(catalog) }));
    promise.catch(() => loaded.delete(key));
    loaded.set(key, promise);
  }
  return promise;
}

function modelNotFound(name: ast.QualifiedName): QuarryError {
  return new QuarryError(SqlState.undefinedFunction,
    `[UNRESOLVED_ROUTINE] The model \`${name.parts.join('`.`')}\` cannot be found. Verify the spelling, or register it with CREATE MODEL.`, name.pos, 'UNRESOLVED_ROUTINE');
}

/** The models a statement scores, loaded, keyed `db.name`. */
export async function resolveModels(catalog: Catalog, statement: ast.Statement, database: string): Promise<Map<string, LoadedModel>> {
  const names: ast.QualifiedName[] = [];
  walkAst(statement, (node) => {
    const call = node as ast.FunctionCall | ast.TableFunctionRef;
    if ((node.kind !== 'function' && node.kind !== 'tableFunction') || call.args[0]?.kind !== 'column') return;
    const functions = node.kind === 'function' ? MODEL_FUNCTIONS : MODEL_TABLE_FUNCTIONS;
    if (functions.has(call.name.parts.join('.').toLowerCase())) names.push(call.args[0].name);
  });
  const models = new Map<string, LoadedModel>();
  for (const name of names) {
    const [db, model] = qualifyTableName(name, database);
    const metadata = catalog.getModel(db, model);
    if (!metadata) throw modelNotFound(name);
    models.set(`${db}.${model}`, await load(catalog, metadata));
  }
  return models;
}

export async function runModelStatement(
  catalog: Catalog, node: ast.CreateModel | ast.DropModel | ast.ShowModels | ast.DescribeModel, database: string,
): Promise<StatementResult> {
  switch (node.kind) {
    case 'createModel': {
      const [db, name] = qualifyTableName(node.name, database);
      // Loading now checks every stage: an unsupported one fails here, not when a query scores.
      let model: LoadedModel;
      let files: ModelFiles;
      try {
        files = await localModelFiles(catalog.dbfs, node.path);
        model = await loadModel(files.dir, { sql: sqlTransformCompiler(catalog) });
      } catch (e) {
        throw e instanceof QuarryError ? e.at(node.pos) : e;
      }
      const created = await catalog.createModel({ database: db, name, location: files.uri, className: model.className },
        { orReplace: node.orReplace, ifNotExists: node.ifNotExists });
      // The model just checked is the one queries will score: no second load.
      if (created) loaded.set(cacheKey(catalog.getModel(db, name)!), Promise.resolve(model));
      return commandResult('CREATE MODEL');
    }
    case 'dropModel': {
      const [db, name] = qualifyTableName(node.name, database);
      if (!(await catalog.dropModel(db, name)) && !node.ifExists) throw modelNotFound(node.name);
      return commandResult('DROP MODEL');
    }
    case 'showModels': {
      const db = (node.database ?? database).toLowerCase();
      return rowsResult([stringField('namespace', false), stringField('modelName', false), stringField('className', false), stringField('location', false)],
        catalog.listModels(db).map((m) => [m.database, m.name, m.className, m.location]));
    }
    case 'describeModel': {
      const [db, name] = qualifyTableName(node.name, database);
      const metadata = catalog.getModel(db, name);
      if (!metadata) throw modelNotFound(node.name);
      const model = await load(catalog, metadata);
      // One row per input, output and stage: what to pass, what comes back, what runs.
      const rows: string[][] = [
        ['model', `${metadata.database}.${metadata.name}`, model.className],
        ['location', metadata.location, `Spark ${model.sparkVersion ?? 'unknown'}`],
        ...model.inputs.map((c) => ['input', c.name, `${typeToString(c.type)}${c.optional ? ' (optional)' : ''}`]),
        ...model.outputs.map((c) => ['output', c.name, `${typeToString(c.type)}${c.name === model.predictionColumn ? ' (prediction)' : ''}`]),
        ...model.stages.map((s, i) => [`stage ${i}`, s.uid, s.className]),
      ];
      return rowsResult([stringField('info', false), stringField('name', false), stringField('detail', false)], rows);
    }
  }
}
