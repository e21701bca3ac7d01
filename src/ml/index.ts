// Saved Spark ML models, loaded and scored without a JVM. The public surface for the SQL layer.

export { loadModel, supportedClasses } from './model.js';
export type { LoadedModel, StageInfo, TransformOptions, TransformResult } from './model.js';
export type { ColumnSpec } from './frame.js';
