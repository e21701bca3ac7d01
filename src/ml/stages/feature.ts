// Stages that assemble, select and discretize features: VectorAssembler, VectorSlicer, Bucketizer,
// Binarizer, ImputerModel.

import { readDataRow, num } from '../data.js';
import { Frame, MlColumn, doubleColumn, scoringError, vectorColumn } from '../frame.js';
import { MlVector, compressed, isSparse, toDense, vectorSize } from '../linalg.js';
import { Metadata, columnPairs, doubles, param } from '../metadata.js';
import { StageLoader, doubleSpec, vectorSpec } from '../stage.js';

const base = (m: Metadata) => ({ className: m.className, uid: m.uid });

const vectorAssembler: StageLoader = async (m) => {
  const inputs = param<string[]>(m, 'inputCols', []);
  const output = param(m, 'outputCol', `${m.uid}__output`);
  const handleInvalid = param(m, 'handleInvalid', 'error');
  // Before 2.4 there was no handleInvalid: NaN passed through and only NULL failed.
  const nanAllowed = !('handleInvalid' in m.paramMap || 'handleInvalid' in m.defaultParamMap);
  return {
    ...base(m),
    inputs: inputs.map(doubleSpec),
    outputs: [vectorSpec(output)],
    transform(frame: Frame) {
      const n = frame.numRows;
      const cols = inputs.map((name) => frame.get(name));
      // Sizes of vector inputs, for NaN-filling NULL vectors under "keep".
      const sizes = cols.map((c) => (c.kind === 'vector' ? c.values.find((v) => v !== null) : undefined)).map((v) => (v ? vectorSize(v) : -1));
      const out = new Array<MlVector | null>(n);
      const keep = new Uint8Array(n).fill(1);
      for (let i = 0; i < n; i++) {
        const indices: number[] = [], values: number[] = [];
        let offset = 0;
        for (let c = 0; c < cols.length; c++) {
          const col = cols[c];
          if (col.kind === 'double') {
            const isNull = col.valid !== null && col.valid[i] === 0;
            const x = isNull ? NaN : col.values[i];
            if (Number.isNaN(x) && !(nanAllowed && !isNull)) {
              if (handleInvalid === 'skip') { keep[i] = 0; break; }
              if (handleInvalid !== 'keep') {
                throw scoringError(`Encountered ${isNull ? 'null' : 'NaN'} while assembling a row with handleInvalid = "error". Consider removing ${isNull ? 'nulls' : 'NaNs'} from dataset or using handleInvalid = "keep" or "skip".`);
              }
            }
            indices.push(offset); values.push(x);
            offset++;
          } else if (col.kind === 'vector') {
            const v = col.values[i];
            if (v === null) {
              if (handleInvalid === 'skip') { keep[i] = 0; break; }
              if (handleInvalid !== 'keep' || sizes[c] < 0) {
                throw scoringError(`Encountered null while assembling a row with handleInvalid = "${handleInvalid}". Consider removing nulls from dataset or using handleInvalid = "keep" or "skip".`);
              }
              for (let k = 0; k < sizes[c]; k++) { indices.push(offset + k); values.push(NaN); }
              offset += sizes[c];
              continue;
            }
            if (isSparse(v)) {
              for (let k = 0; k < v.indices.length; k++) { indices.push(offset + v.indices[k]); values.push(v.values[k]); }
            } else {
              for (let k = 0; k < v.length; k++) { indices.push(offset + k); values.push(v[k]); }
            }
            offset += vectorSize(v);
          } else {
            throw scoringError(`VectorAssembler: data type ${col.kind} of column ${inputs[c]} is not supported.`);
          }
        }
        out[i] = keep[i] ? compressed(offset, indices, values) : null;
      }
      frame.set(output, vectorColumn(out));
      assembleAttributeNames(frame, inputs, cols, sizes, output);
      if (handleInvalid === 'skip') frame.filter(keep);
    },
  };
};

/** Spark names assembled features `<col>` (numbers) and `<col>_<attribute>` (vector elements). */
function assembleAttributeNames(frame: Frame, inputs: string[], cols: MlColumn[], sizes: number[], output: string): void {
  if (!inputs.some((name) => frame.attributeNames.has(name))) return;
  const names: string[] = [];
  for (let c = 0; c < inputs.length; c++) {
    if (cols[c].kind === 'double') { names.push(inputs[c]); continue; }
    const attrs = frame.attributeNames.get(inputs[c]);
    const size = attrs ? attrs.length : sizes[c];
    for (let k = 0; k < size; k++) names.push(`${inputs[c]}_${attrs ? attrs[k] : k}`);
  }
  frame.attributeNames.set(output, names);
}

const vectorSlicer: StageLoader = async (m) => {
  const input = param(m, 'inputCol', ''), output = param(m, 'outputCol', `${m.uid}__output`);
  const indices = param<number[]>(m, 'indices', []), names = param<string[]>(m, 'names', []);
  return {
    ...base(m),
    inputs: [vectorSpec(input)],
    outputs: [vectorSpec(output)],
    transform(frame: Frame) {
      let selected = indices;
      if (names.length > 0) {
        // Names need the input vector's ML attributes, which only a caller can supply for raw input.
        const attrs = frame.attributeNames.get(input);
        if (!attrs) throw scoringError(`VectorSlicer ${m.uid} selects features by name, but column \`${input}\` has no attribute names`);
        const position = new Map(attrs.map((a, i) => [a, i]));
        selected = [...indices, ...names.map((nm) => {
          const i = position.get(nm);
          if (i === undefined) throw scoringError(`VectorSlicer: feature name "${nm}" not found in column \`${input}\``);
          return i;
        })];
      }
      const out = frame.vectors(input).map((v) => {
        if (v === null) return null;
        if (!isSparse(v)) return Float64Array.from(selected, (i) => v[i]);
        const dense = toDense(v);
        return compressed(selected.length, selected.map((_, k) => k), selected.map((i) => dense[i]));
      });
      frame.set(output, vectorColumn(out));
      const attrs = frame.attributeNames.get(input);
      if (attrs) frame.attributeNames.set(output, selected.map((i) => attrs[i]));
    },
  };
};

const bucketizer: StageLoader = async (m) => {
  const { inputs, outputs } = columnPairs(m);
  const splitsArray = 'splitsArray' in m.paramMap ? (m.paramMap.splitsArray as unknown[]).map(doubles) : [doubles(param(m, 'splits', []))];
  const handleInvalid = param(m, 'handleInvalid', 'error');
  return {
    ...base(m),
    inputs: inputs.map(doubleSpec),
    outputs: outputs.map(doubleSpec),
    transform(frame: Frame) {
      const n = frame.numRows;
      const keep = new Uint8Array(n).fill(1);
      inputs.forEach((input, c) => {
        const splits = splitsArray[c];
        const { values, valid } = frame.doubles(input);
        const out = new Float64Array(n);
        const outValid = valid ? Uint8Array.from(valid) : null;
        for (let i = 0; i < n; i++) {
          if (valid && !valid[i]) { if (handleInvalid === 'skip') keep[i] = 0; continue; }
          const x = values[i];
          if (Number.isNaN(x)) {
            if (handleInvalid === 'keep') out[i] = splits.length - 1;
            else if (handleInvalid === 'skip') keep[i] = 0;
            else throw scoringError('Bucketizer encountered NaN value. To handle or skip NaNs, try setting Bucketizer.handleInvalid.');
            continue;
          }
          out[i] = bucketOf(splits, x);
        }
        frame.set(outputs[c], doubleColumn(out, outValid));
      });
      if (handleInvalid === 'skip') frame.filter(keep);
    },
  };
};

/** Bucket i holds [splits[i], splits[i+1]); the last one also holds its upper bound. */
function bucketOf(splits: number[], x: number): number {
  if (x === splits[splits.length - 1]) return splits.length - 2;
  let lo = 0, hi = splits.length - 1;
  if (x < splits[0] || x > splits[hi]) {
    throw scoringError(`Feature value ${x} out of Bucketizer bounds [${splits[0]}, ${splits[hi]}].  Check your features, or loosen the lower/upper bound constraints.`);
  }
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (splits[mid] <= x) lo = mid; else hi = mid;
  }
  return lo;
}

/** Binarizer: 1 above the threshold, else 0; on numbers or on vectors (keeping them sparse). */
const binarizer: StageLoader = async (m) => {
  const { inputs, outputs } = columnPairs(m);
  const thresholds = 'thresholds' in m.paramMap ? doubles(m.paramMap.thresholds) : inputs.map(() => param(m, 'threshold', 0));
  return {
    ...base(m),
    inputs: inputs.map(doubleSpec),
    outputs: outputs.map(doubleSpec),
    transform(frame: Frame) {
      inputs.forEach((input, c) => {
        const t = thresholds[c];
        const col = frame.get(input);
        if (col.kind === 'vector') {
          frame.set(outputs[c], vectorColumn(col.values.map((v) => {
            if (v === null) return null;
            const d = toDense(v);
            const idx: number[] = [];
            d.forEach((x, i) => { if (x > t) idx.push(i); });
            return compressed(d.length, idx, idx.map(() => 1));
          })));
        } else {
          const { values, valid } = frame.doubles(input);
          frame.set(outputs[c], doubleColumn(values.map((x) => (x > t ? 1 : 0)), valid));
        }
      });
    },
  };
};

const imputer: StageLoader = async (m) => {
  const row = await readDataRow(m.dir);
  const { inputs, outputs } = columnPairs(m);
  const missing = doubles([param<unknown>(m, 'missingValue', 'NaN')])[0];
  return {
    ...base(m),
    inputs: inputs.map(doubleSpec),
    outputs: outputs.map(doubleSpec),
    transform(frame: Frame) {
      inputs.forEach((input, c) => {
        const surrogate = num(row[input]);
        const { values, valid } = frame.doubles(input);
        const out = Float64Array.from(values);
        for (let i = 0; i < frame.numRows; i++) {
          const isMissing = (valid && !valid[i]) || (Number.isNaN(missing) ? Number.isNaN(out[i]) : out[i] === missing);
          if (isMissing) out[i] = surrogate;
        }
        frame.set(outputs[c], doubleColumn(out));
      });
    },
  };
};

export const loaders: Record<string, StageLoader> = {
  'org.apache.spark.ml.feature.VectorAssembler': vectorAssembler,
  'org.apache.spark.ml.feature.VectorSlicer': vectorSlicer,
  'org.apache.spark.ml.feature.Bucketizer': bucketizer,
  'org.apache.spark.ml.feature.Binarizer': binarizer,
  'org.apache.spark.ml.feature.ImputerModel': imputer,
};
