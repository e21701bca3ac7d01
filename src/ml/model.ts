// Loading a saved Spark ML model directory (MLWriter layout) and scoring whole batches with it.
// Pipelines nest stages under `stages/<i>_<uid>/`; tuning models keep the winner under `bestModel/`.

import fs from 'node:fs';
import path from 'node:path';
import { QuarryError, SqlState } from '../common/errors.js';
import { Vector } from '../common/vector.js';
import { fromVector, toVector } from './columns.js';
import { ColumnSpec, Frame, MlColumn } from './frame.js';
import { Metadata, readMetadata } from './metadata.js';
import { LoadOptions } from './sql.js';
import { Stage, StageLoader } from './stage.js';
import { loaders as clusteringLoaders } from './stages/clustering.js';
import { loaders as featureLoaders } from './stages/feature.js';
import { loaders as gaussianMixtureLoaders } from './stages/gaussian_mixture.js';
import { loaders as hashingLoaders } from './stages/hashing.js';
import { loaders as iforestLoaders } from './stages/iforest.js';
import { loaders as indexerLoaders } from './stages/indexer.js';
import { loaders as linearLoaders } from './stages/linear.js';
import { loaders as lshLoaders } from './stages/lsh.js';
import { loaders as neuralLoaders } from './stages/neural.js';
import { loaders as regressionLoaders } from './stages/regression.js';
import { loaders as scalerLoaders } from './stages/scaler.js';
import { loaders as sqlTransformerLoaders } from './stages/sql_transformer.js';
import { loaders as textLoaders } from './stages/text.js';
import { loaders as treeLoaders } from './stages/tree.js';

export interface StageInfo {
  readonly className: string;
  readonly uid: string;
  readonly inputs: readonly ColumnSpec[];
  readonly outputs: readonly ColumnSpec[];
}

export interface TransformOptions {
  /** ML attribute (feature) names of input vector columns, for stages that select by name. */
  readonly attributeNames?: Readonly<Record<string, readonly string[]>>;
  /** The output columns wanted (default: all). Wide vectors cost time to turn into arrays. */
  readonly columns?: readonly string[];
}

export interface TransformResult {
  readonly numRows: number;
  /** The columns the model writes (`outputs`, or those asked for), by name; a skipped stage's are absent. */
  readonly columns: ReadonlyMap<string, Vector>;
  /** Input row of each output row when a stage with handleInvalid = "skip" dropped rows; else null. */
  readonly sourceRows: Int32Array | null;
}

export interface LoadedModel {
  /** The saved class (of the tuning model itself for CrossValidatorModel / TrainValidationSplitModel). */
  readonly className: string;
  readonly uid: string;
  readonly sparkVersion: string;
  /** The scoring stages, pipelines flattened, in order. */
  readonly stages: readonly StageInfo[];
  /** Columns the model reads that no stage writes; vectors are array<double>; `optional` ones may be left out. */
  readonly inputs: readonly ColumnSpec[];
  /** Columns the stages write, in order (a name written twice appears once, at its last write). */
  readonly outputs: readonly ColumnSpec[];
  /** The last stage's prediction column, when it is a predictor or clusterer. */
  readonly predictionColumn: string | null;
  /** Scores a batch: `input` maps column names (case-insensitive) to equally long vectors. */
  /** Inputs are engine vectors, or model columns already built (vectorColumnOf). */
  transform(input: ReadonlyMap<string, Vector | MlColumn> | Readonly<Record<string, Vector | MlColumn>>, options?: TransformOptions): TransformResult;
}

const PIPELINE_CLASSES = new Set(['org.apache.spark.ml.PipelineModel', 'pyspark.ml.pipeline.PipelineModel']);
const TUNING_CLASSES = new Set(['org.apache.spark.ml.tuning.CrossValidatorModel', 'org.apache.spark.ml.tuning.TrainValidationSplitModel']);

const registry = new Map<string, StageLoader>(Object.entries({
  ...indexerLoaders, ...featureLoaders, ...scalerLoaders, ...linearLoaders, ...treeLoaders, ...clusteringLoaders, ...gaussianMixtureLoaders, ...iforestLoaders, ...textLoaders, ...lshLoaders, ...neuralLoaders, ...hashingLoaders, ...regressionLoaders, ...sqlTransformerLoaders,
}));

/** Class names loadModel accepts. */
export function supportedClasses(): string[] {
  return [...PIPELINE_CLASSES, ...TUNING_CLASSES, ...registry.keys()].sort();
}

export async function loadModel(dir: string, options: LoadOptions = {}): Promise<LoadedModel> {
  const top = readMetadata(dir);
  const root = await loadStage(dir, options);
  const flat = flatten(root);
  const { inputs, outputs } = signature(flat);
  const last = flat[flat.length - 1];
  return {
    className: top.className,
    uid: top.uid,
    sparkVersion: top.sparkVersion,
    stages: flat.map(({ className, uid, inputs: i, outputs: o }) => ({ className, uid, inputs: i, outputs: o })),
    inputs,
    outputs,
    predictionColumn: last?.predictionColumn || null,
    transform: (input, options) => transform(root, outputs, input, options),
  };
}

async function loadStage(dir: string, options: LoadOptions): Promise<Stage> {
  const meta = readMetadata(dir);
  if (PIPELINE_CLASSES.has(meta.className)) return loadPipeline(meta, options);
  if (TUNING_CLASSES.has(meta.className)) return loadStage(path.join(dir, 'bestModel'), options);
  const loader = registry.get(meta.className);
  if (loader === undefined) {
    // Python-defined stages (`__main__.Cleanser`) and third-party classes have no saved logic to run.
    const origin = meta.className.startsWith('org.apache.spark.') ? '' : ' (a Python-defined or third-party class)';
    throw new QuarryError(SqlState.featureNotSupported,
      `Spark ML stage class ${meta.className}${origin} (uid ${meta.uid}, in ${dir}) is not supported`, undefined, 'UNSUPPORTED_FEATURE');
  }
  return loader(meta, (child) => loadStage(child, options), options);
}

async function loadPipeline(meta: Metadata, options: LoadOptions): Promise<Stage> {
  const uids = (meta.paramMap.stageUids ?? []) as string[];
  const stagesDir = path.join(meta.dir, 'stages');
  const entries = uids.length === 0 ? [] : fs.readdirSync(stagesDir, { withFileTypes: true }).filter((e) => e.isDirectory());
  const stages: Stage[] = [];
  for (let i = 0; i < uids.length; i++) {
    // `<i>_<uid>`, with <i> zero-padded to the digit count of the stage count.
    const entry = entries.find((e) => e.name.endsWith(`_${uids[i]}`) && Number(e.name.slice(0, e.name.indexOf('_'))) === i);
    if (entry === undefined) throw new QuarryError(SqlState.ioError, `Spark ML pipeline ${meta.dir}: stage ${i} (${uids[i]}) not found under stages/`);
    stages.push(await loadStage(path.join(stagesDir, entry.name), options));
  }
  const flat = stages.flatMap(flatten);
  const { inputs, outputs } = signature(flat);
  return {
    className: meta.className,
    uid: meta.uid,
    inputs,
    outputs,
    stages,
    transform: (frame) => { for (const s of stages) s.transform(frame); },
  };
}

function flatten(s: Stage): Stage[] {
  return s.stages ? s.stages.flatMap(flatten) : [s];
}

/**
 * Inputs: read before any stage writes them. A written column keeps the type its writer declares.
 * An optional input (a skippable indexer's) stays optional only while no later stage needs what
 * was derived from it: nids one-hot-encodes its indexed label, so there the label is required.
 */
function signature(stages: readonly Stage[]): { inputs: ColumnSpec[]; outputs: ColumnSpec[] } {
  const written = new Map<string, ColumnSpec>();
  const inputs = new Map<string, ColumnSpec>();
  const derivedFrom = new Map<string, string>(); // output of a skippable stage → its optional input
  const require = (name: string) => {
    const seen = inputs.get(name);
    if (seen?.optional) inputs.set(name, { name, type: seen.type });
  };
  let selected: Set<string> | null = null; // the columns left by the last stage that selects by name
  for (const s of stages) {
    for (const i of s.inputs) {
      // An optional input (a label indexer's) may be gone: its stage is skipped, as when it is not given.
      if (selected !== null && !selected.has(i.name) && !i.optional) {
        throw new QuarryError(SqlState.undefinedColumn,
          `[UNRESOLVED_COLUMN.WITHOUT_SUGGESTION] Spark ML stage ${s.className} (uid ${s.uid}) reads the column \`${i.name}\`, which an earlier SQLTransformer does not select.`, undefined, 'UNRESOLVED_COLUMN');
      }
      if (written.has(i.name)) {
        if (!i.optional && derivedFrom.has(i.name)) require(derivedFrom.get(i.name)!);
        continue;
      }
      const seen = inputs.get(i.name);
      if (seen === undefined) inputs.set(i.name, i);
      else if (!i.optional) require(i.name);
    }
    s.outputs.forEach((o, k) => {
      written.delete(o.name);
      written.set(o.name, o);
      const source = s.inputs[k];
      if (source?.optional && s.inputs.every((i) => i.optional)) derivedFrom.set(o.name, derivedFrom.get(source.name) ?? source.name);
      else derivedFrom.delete(o.name);
    });
    if (s.keepsOnly) {
      selected = new Set(s.keepsOnly);
      for (const name of [...written.keys()]) if (!selected.has(name)) written.delete(name);
    } else if (selected !== null) {
      for (const o of s.outputs) selected.add(o.name);
    }
  }
  return { inputs: [...inputs.values()], outputs: [...written.values()] };
}

function transform(root: Stage, outputs: readonly ColumnSpec[], input: ReadonlyMap<string, Vector | MlColumn> | Readonly<Record<string, Vector | MlColumn>>,
  options: TransformOptions | undefined): TransformResult {
  const entries = input instanceof Map ? [...input.entries()] : Object.entries(input as Record<string, Vector | MlColumn>);
  const lengthOf = (v: Vector | MlColumn) => ('kind' in v ? v.values.length : v.length);
  const numRows = entries.length > 0 ? lengthOf(entries[0][1]) : 0;
  const frame = new Frame(numRows);
  const byLower = new Map<string, Vector | MlColumn>();
  for (const [name, v] of entries) {
    if (lengthOf(v) !== numRows) throw new QuarryError(SqlState.invalidParameterValue, `Spark ML input columns differ in length (${name})`);
    byLower.set(name.toLowerCase(), v);
  }
  // Columns are resolved case-insensitively, as Spark does by default.
  for (const spec of root.inputs) {
    const v = byLower.get(spec.name.toLowerCase());
    if (v === undefined) continue;
    frame.set(spec.name, 'kind' in v ? v : fromVector(spec.name, v));
  }
  for (const [name, attrs] of Object.entries(options?.attributeNames ?? {})) frame.attributeNames.set(name, attrs);
  root.transform(frame);
  const columns = new Map<string, Vector>();
  const wanted = options?.columns ? new Set(options.columns) : null;
  for (const o of outputs) {
    // Outputs of skipped stages (an absent optional input) are absent too.
    const c = frame.columns.get(o.name);
    if (c !== undefined && (wanted === null || wanted.has(o.name))) columns.set(o.name, toVector(c, o.type, frame.numRows));
  }
  return { numRows: frame.numRows, columns, sourceRows: frame.sourceRows };
}
