// SQLTransformer: `statement` (`SELECT *, (a + b) AS c FROM __THIS__`) run over the stage's input by
// the SQL engine the loader was given. The stage writes the columns the statement computes; a WHERE
// drops rows from the whole frame, as a skipping stage does.

import { QuarryError, SqlState } from '../../common/errors.js';
import { DataType, DoubleType, StringType, arrayType, typeToString } from '../../common/types.js';
import { Vector } from '../../common/vector.js';
import { fromVector, isModelColumnType, toVector } from '../columns.js';
import { MlColumn } from '../frame.js';
import { param } from '../metadata.js';
import { StageLoader, VectorType } from '../stage.js';

const SQL_TRANSFORMER = 'org.apache.spark.ml.feature.SQLTransformer';

/** The engine type a frame column travels to SQL as. */
function sqlType(c: MlColumn): DataType {
  switch (c.kind) {
    case 'double': return DoubleType;
    case 'string': return StringType;
    case 'vector': return VectorType;
    case 'strings': return arrayType(StringType);
    case 'vectors': return arrayType(VectorType);
  }
}

const loadSqlTransformer: StageLoader = async (meta, _loadChild, options) => {
  const statement = param(meta, 'statement', '');
  if (options?.sql === undefined) {
    throw new QuarryError(SqlState.featureNotSupported,
      `Spark ML stage class ${meta.className} (uid ${meta.uid}) needs a SQL engine to run its statement`, undefined, 'UNSUPPORTED_FEATURE');
  }
  const sql = options.sql(statement);
  // What later stages read must be a column type they take; a timestamp or struct output cannot be.
  for (const o of sql.outputs) {
    if (!isModelColumnType(o.type)) {
      throw new QuarryError(SqlState.datatypeMismatch,
        `[DATATYPE_MISMATCH] The SQLTransformer statement \`${statement}\` (uid ${meta.uid}) writes \`${o.name}\` of type ${typeToString(o.type)}; model stages take numbers, strings and arrays of them`);
    }
  }
  return {
    className: meta.className,
    uid: meta.uid,
    inputs: sql.inputs,
    outputs: sql.outputs,
    keepsOnly: sql.selected ?? undefined,
    transform(frame) {
      const columns = new Map<string, Vector>();
      for (const spec of sql.inputs) {
        const c = frame.get(spec.name);
        columns.set(spec.name, toVector(c, sqlType(c), frame.numRows));
      }
      const result = sql.run(columns, frame.numRows);
      if (result.keep) frame.filter(result.keep);
      for (const [name, v] of result.columns) frame.set(name, fromVector(name, v));
      if (sql.selected) {
        const kept = new Set(sql.selected);
        for (const name of [...frame.columns.keys()]) if (!kept.has(name)) frame.columns.delete(name);
      }
    },
  };
};

export const loaders: Record<string, StageLoader> = { [SQL_TRANSFORMER]: loadSqlTransformer };
