// Saved Spark ML models, loaded and scored without a JVM: the surface the SQL layer (CREATE MODEL,
// predict(), ml_transform()) builds on.
//
//   const model = await loadModel('/dbfs/models/churn');   // the directory Spark's model.save() wrote
//   model.inputs        // [{name, type, optional?}]: columns to bind; vectors are array<double>
//   model.outputs       // [{name, type}]: every column the stages write, in order
//   model.predictionColumn  // e.g. 'prediction' (null when the last stage is not a predictor)
//   const r = model.transform({ age: vectorOfAges, job: vectorOfJobs, ... }, { columns: ['prediction'] });
//   r.columns.get('prediction')  // a Vector (double; int for KMeans) of r.numRows rows
//   r.sourceRows        // null, or the input row of each output row when handleInvalid = "skip" dropped rows
//
// Loading fails with a QuarryError naming the class for a stage it cannot score. Scoring errors
// (unseen labels under handleInvalid = "error", wrong vector sizes) are QuarryErrors with Spark's
// messages. Inputs are matched by name case-insensitively; a VectorAssembler input may be numeric,
// boolean or array<double> (it is declared double). StringIndexer inputs accept numbers too (cast to
// strings as Spark casts them). The isolation forest scores relative to the batch, as its Spark
// package does (see stages/iforest.ts): score it in one call over the whole input.

export { loadModel, supportedClasses } from './model.js';
export type { LoadedModel, StageInfo, TransformOptions, TransformResult } from './model.js';
export type { ColumnSpec, MlColumn } from './frame.js';
export { vectorColumnOf } from './columns.js';
export type { LoadOptions, SqlTransform, SqlTransformCompiler } from './sql.js';
