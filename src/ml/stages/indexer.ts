// Stages that map categories to indices and back: StringIndexerModel, IndexToString,
// OneHotEncoderModel (and the 2.x OneHotEncoder), VectorIndexerModel.

import { readDataRow, num } from '../data.js';
import { Frame, MlColumn, doubleColumn, scoringError, vectorColumn } from '../frame.js';
import { MlVector, toDense, vectorSize } from '../linalg.js';
import { Metadata, columnPairs, param } from '../metadata.js';
import { StageLoader, doubleSpec, spec, StringType, vectorSpec } from '../stage.js';

const base = (m: Metadata) => ({ className: m.className, uid: m.uid });

/** Spark's cast of a double to string (Java's Double.toString for the common range). */
export function doubleToString(x: number, integral: boolean): string {
  if (integral) return String(x);
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  const a = Math.abs(x);
  if (a === 0 || (a >= 1e-3 && a < 1e7)) return Number.isInteger(x) ? x.toFixed(1) : String(x);
  const [mant, exp] = x.toExponential().split('e');
  return `${mant.includes('.') ? mant : `${mant}.0`}E${Number(exp)}`;
}

/** A column's values as strings, as StringIndexer sees them (numbers are cast). */
function labelsOf(c: MlColumn, n: number): readonly (string | null)[] {
  if (c.kind === 'string') return c.values;
  if (c.kind === 'double') {
    return Array.from({ length: n }, (_, i) => (c.valid && !c.valid[i] ? null : doubleToString(c.values[i], c.integral ?? false)));
  }
  throw scoringError(`StringIndexer input must be a string or numeric column, not ${c.kind}`);
}

const stringIndexer: StageLoader = async (m) => {
  const row = await readDataRow(m.dir);
  // 2.x saves one `labels` array; 3.x `labelsArray`, one per input column.
  const labelsArray = (row.labelsArray ?? [row.labels]) as string[][];
  const { inputs, outputs } = columnPairs(m);
  const handleInvalid = param(m, 'handleInvalid', 'error');
  const maps = labelsArray.map((labels) => new Map(labels.map((l, i) => [l, i])));
  return {
    ...base(m),
    inputs: inputs.map((n) => ({ ...spec(n, StringType), optional: true })),
    outputs: outputs.map(doubleSpec),
    transform(frame: Frame) {
      const n = frame.numRows;
      const keep = new Uint8Array(n).fill(1);
      // Spark skips an input column that is absent (and writes no output for it).
      const present = inputs.map((input) => frame.columns.has(input));
      const results = inputs.map((input, c) => {
        if (!present[c]) return null;
        const labels = labelsOf(frame.get(input), n);
        const map = maps[c];
        const out = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          const l = labels[i];
          const idx = l === null ? undefined : map.get(l);
          if (idx !== undefined) { out[i] = idx; continue; }
          if (handleInvalid === 'keep') out[i] = map.size;
          else if (handleInvalid === 'skip') keep[i] = 0;
          else if (l === null) throw scoringError('StringIndexer encountered NULL value. To handle or skip NULLS, try setting StringIndexer.handleInvalid.');
          else throw scoringError(`Unseen label: ${l}. To handle unseen labels, set Param handleInvalid to keep.`);
        }
        return out;
      });
      outputs.forEach((o, c) => {
        if (!results[c]) return;
        frame.set(o, doubleColumn(results[c]!));
        // "keep" adds an __unknown label to the output's nominal attribute.
        frame.nominalSizes.set(o, maps[c].size + (handleInvalid === 'keep' ? 1 : 0));
      });
      if (handleInvalid === 'skip') frame.filter(keep);
    },
  };
};

/** IndexToString maps indices back to labels; the labels are a param (saved in metadata). */
const indexToString: StageLoader = async (m) => {
  const labels = param<string[]>(m, 'labels', []);
  const input = param(m, 'inputCol', ''), output = param(m, 'outputCol', `${m.uid}__output`);
  if (labels.length === 0) throw scoringError(`IndexToString ${m.uid} has no saved labels (Spark would read them from the input column's attributes)`);
  return {
    ...base(m),
    inputs: [doubleSpec(input)],
    outputs: [spec(output, StringType)],
    transform(frame: Frame) {
      const { values, valid } = frame.doubles(input);
      const out = Array.from(values, (x, i) => {
        if (valid && !valid[i]) return null;
        if (!(Number.isInteger(x) && x >= 0 && x < labels.length)) throw scoringError(`Unseen index: ${doubleToString(x, false)}`);
        return labels[x];
      });
      frame.set(output, { kind: 'string', values: out });
    },
  };
};

const oneHotEncoder: StageLoader = async (m) => {
  const row = await readDataRow(m.dir);
  const sizes = Array.from((row.categorySizes ?? []) as ArrayLike<number | bigint>, num);
  const { inputs, outputs } = columnPairs(m);
  const dropLast = param(m, 'dropLast', true);
  const keepInvalid = param(m, 'handleInvalid', 'error') === 'keep';
  // "keep" adds a slot for invalid values; dropLast removes the last slot.
  const configured = sizes.map((s) => s + (keepInvalid ? 1 : 0) - (dropLast ? 1 : 0));
  return {
    ...base(m),
    inputs: inputs.map(doubleSpec),
    outputs: outputs.map(vectorSpec),
    transform(frame: Frame) {
      inputs.forEach((input, c) => {
        const { values, valid } = frame.doubles(input);
        const size = configured[c], original = sizes[c];
        const out = new Array<MlVector | null>(frame.numRows);
        for (let i = 0; i < frame.numRows; i++) {
          if (valid && !valid[i]) { out[i] = null; continue; }
          const label = values[i];
          let idx = label;
          if (!(label >= 0 && label < original && Number.isInteger(label))) {
            if (!keepInvalid) throw scoringError(`Unseen value: ${doubleToString(label, false)}. To handle unseen values, set Param handleInvalid to keep.`);
            idx = original;
          }
          out[i] = idx < size ? { size, indices: Int32Array.of(idx), values: Float64Array.of(1) } : { size, indices: new Int32Array(0), values: new Float64Array(0) };
        }
        frame.set(outputs[c], vectorColumn(out));
      });
    },
  };
};

const vectorIndexer: StageLoader = async (m) => {
  const row = await readDataRow(m.dir);
  const numFeatures = num(row.numFeatures);
  // map<int, map<double, int>>; hyparquet gives objects keyed by the numbers' strings.
  const maps = new Map<number, Map<number, number>>();
  for (const [feature, cats] of Object.entries((row.categoryMaps ?? {}) as Record<string, Record<string, number | bigint>>)) {
    maps.set(Number(feature), new Map(Object.entries(cats).map(([v, i]) => [Number(v), num(i)])));
  }
  const input = param(m, 'inputCol', ''), output = param(m, 'outputCol', `${m.uid}__output`);
  const handleInvalid = param(m, 'handleInvalid', 'error');
  return {
    ...base(m),
    inputs: [vectorSpec(input)],
    outputs: [vectorSpec(output)],
    transform(frame: Frame) {
      const vs = frame.vectors(input);
      const keep = new Uint8Array(frame.numRows).fill(1);
      const out = vs.map((v, i) => {
        if (v === null) return null;
        if (vectorSize(v) !== numFeatures) throw scoringError(`VectorIndexerModel expected vector of length ${numFeatures} but found length ${vectorSize(v)}`);
        const d = Float64Array.from(toDense(v));
        for (const [f, cats] of maps) {
          const idx = cats.get(d[f]);
          if (idx !== undefined) d[f] = idx;
          else if (handleInvalid === 'keep') d[f] = cats.size;
          else if (handleInvalid === 'skip') keep[i] = 0;
          else throw scoringError(`VectorIndexer encountered invalid value ${d[f]} on feature index ${f}. To handle or skip invalid value, try setting VectorIndexer.handleInvalid.`);
        }
        return d;
      });
      frame.set(output, vectorColumn(out));
      if (handleInvalid === 'skip') frame.filter(keep);
    },
  };
};

/**
 * The Spark 2.x OneHotEncoder Transformer (deprecated in 2.3, gone in 3.0) saves no sizes: it reads the
 * category count from the input's nominal attribute, or, lacking one, takes max + 1 over the batch.
 */
const legacyOneHotEncoder: StageLoader = async (m) => {
  const input = param(m, 'inputCol', ''), output = param(m, 'outputCol', `${m.uid}__output`);
  const dropLast = param(m, 'dropLast', true);
  return {
    ...base(m),
    inputs: [doubleSpec(input)],
    outputs: [vectorSpec(output)],
    transform(frame: Frame) {
      const { values, valid } = frame.doubles(input);
      let numValues = frame.nominalSizes.get(input);
      if (numValues === undefined) {
        numValues = 0;
        for (let i = 0; i < values.length; i++) if (!valid || valid[i]) numValues = Math.max(numValues, values[i] + 1);
      }
      const size = numValues - (dropLast ? 1 : 0);
      const out = Array.from(values, (label, i): MlVector | null => {
        if (valid && !valid[i]) return null;
        return label < size ? { size, indices: Int32Array.of(label), values: Float64Array.of(1) } : { size, indices: new Int32Array(0), values: new Float64Array(0) };
      });
      frame.set(output, vectorColumn(out));
    },
  };
};

export const loaders: Record<string, StageLoader> = {
  'org.apache.spark.ml.feature.OneHotEncoder': legacyOneHotEncoder,
  'org.apache.spark.ml.feature.StringIndexerModel': stringIndexer,
  'org.apache.spark.ml.feature.IndexToString': indexToString,
  'org.apache.spark.ml.feature.OneHotEncoderModel': oneHotEncoder,
  'org.apache.spark.ml.feature.VectorIndexerModel': vectorIndexer,
};
