// Text stages: Tokenizer, RegexTokenizer, StopWordsRemover, NGram, CountVectorizerModel, IDFModel,
// and ChiSqSelectorModel (it keeps selected features, which here are usually n-gram counts).

import { decodeDenseVector, num, readDataRow } from '../data.js';
import { Frame, vectorColumn } from '../frame.js';
import { MlVector, isSparse } from '../linalg.js';
import { Metadata, columnPairs, param } from '../metadata.js';
import { StageLoader, StringType, TokensType, Stage, spec, vectorSpec } from '../stage.js';

const base = (m: Metadata) => ({ className: m.className, uid: m.uid });

function tokensStage(m: Metadata, inputIsText: boolean, f: (x: string | readonly string[]) => string[]): Stage {
  const { inputs, outputs } = columnPairs(m);
  return {
    ...base(m),
    inputs: inputs.map((n) => spec(n, inputIsText ? StringType : TokensType)),
    outputs: outputs.map((n) => spec(n, TokensType)),
    transform(frame: Frame) {
      inputs.forEach((input, c) => {
        const values = inputIsText ? frame.strings(input) : frame.tokens(input);
        frame.set(outputs[c], { kind: 'strings', values: values.map((x) => (x === null ? null : f(x))) });
      });
    },
  };
}

/** Java's String.split drops trailing empty strings. */
function dropTrailingEmpty(parts: string[]): string[] {
  let end = parts.length;
  while (end > 0 && parts[end - 1] === '') end--;
  return parts.slice(0, end);
}

const tokenizer: StageLoader = async (m) =>
  tokensStage(m, true, (s) => dropTrailingEmpty((s as string).toLowerCase().split(/[ \t\n\x0B\f\r]/)));

const regexTokenizer: StageLoader = async (m) => {
  const pattern = param(m, 'pattern', '\\s+');
  const gaps = param(m, 'gaps', true), lower = param(m, 'toLowercase', true), minLength = param(m, 'minTokenLength', 1);
  // Java and JavaScript agree on the usual tokenizer patterns (\W+, \s+, \w+).
  const re = new RegExp(pattern, 'g');
  return tokensStage(m, true, (text) => {
    const s = lower ? (text as string).toLowerCase() : (text as string);
    const tokens = gaps ? dropTrailingEmpty(s.split(re)) : [...s.matchAll(re)].map((x) => x[0]);
    return tokens.filter((t) => t.length >= minLength);
  });
};

const stopWordsRemover: StageLoader = async (m) => {
  const caseSensitive = param(m, 'caseSensitive', false);
  const words = param<string[]>(m, 'stopWords', []);
  const stop = new Set(caseSensitive ? words : words.map((w) => w.toLowerCase()));
  return tokensStage(m, false, (terms) => (terms as string[]).filter((t) => !stop.has(caseSensitive ? t : t.toLowerCase())));
};

const ngram: StageLoader = async (m) => {
  const n = param(m, 'n', 2);
  return tokensStage(m, false, (terms) => {
    const out: string[] = [];
    for (let i = 0; i + n <= terms.length; i++) out.push((terms as string[]).slice(i, i + n).join(' '));
    return out;
  });
};

function vectorStage(m: Metadata, inKey: string, f: (v: MlVector) => MlVector): Stage {
  const input = param(m, inKey, 'features'), output = param(m, 'outputCol', `${m.uid}__output`);
  return {
    ...base(m),
    inputs: [vectorSpec(input)],
    outputs: [vectorSpec(output)],
    transform(frame: Frame) {
      frame.set(output, vectorColumn(frame.vectors(input).map((v) => (v === null ? null : f(v)))));
    },
  };
}

const countVectorizer: StageLoader = async (m) => {
  const row = await readDataRow(m.dir);
  const vocabulary = row.vocabulary as string[];
  const index = new Map(vocabulary.map((w, i) => [w, i]));
  const minTF = param(m, 'minTF', 1), binary = param(m, 'binary', false);
  const input = param(m, 'inputCol', ''), output = param(m, 'outputCol', `${m.uid}__output`);
  return {
    ...base(m),
    inputs: [spec(input, TokensType)],
    outputs: [vectorSpec(output)],
    transform(frame: Frame) {
      const out = frame.tokens(input).map((terms): MlVector | null => {
        if (terms === null) return null;
        const counts = new Map<number, number>();
        for (const t of terms) {
          const i = index.get(t);
          if (i !== undefined) counts.set(i, (counts.get(i) ?? 0) + 1);
        }
        // minTF below 1 is a fraction of the document's token count.
        const effective = minTF >= 1 ? minTF : minTF * terms.length;
        const kept = [...counts].filter(([, c]) => c >= effective).sort((a, b) => a[0] - b[0]);
        return {
          size: vocabulary.length,
          indices: Int32Array.from(kept, ([i]) => i),
          values: Float64Array.from(kept, ([, c]) => (binary ? 1 : c)),
        };
      });
      frame.set(output, vectorColumn(out));
    },
  };
};

const idf: StageLoader = async (m) => {
  const row = await readDataRow(m.dir);
  const weights = decodeDenseVector(row.idf);
  return vectorStage(m, 'inputCol', (v) => {
    if (isSparse(v)) return { size: v.size, indices: v.indices, values: v.values.map((x, k) => x * weights[v.indices[k]]) };
    return v.map((x, i) => x * weights[i]);
  });
};

const chiSqSelector: StageLoader = async (m) => {
  const row = await readDataRow(m.dir);
  const selected = Array.from(row.selectedFeatures as ArrayLike<number | bigint>, num).sort((a, b) => a - b);
  const position = new Map(selected.map((f, k) => [f, k]));
  return vectorStage(m, 'featuresCol', (v) => {
    if (!isSparse(v)) return Float64Array.from(selected, (f) => v[f]);
    const indices: number[] = [], values: number[] = [];
    for (let k = 0; k < v.indices.length; k++) {
      const p = position.get(v.indices[k]);
      if (p !== undefined) { indices.push(p); values.push(v.values[k]); }
    }
    return { size: selected.length, indices: Int32Array.from(indices), values: Float64Array.from(values) };
  });
};

export const loaders: Record<string, StageLoader> = {
  'org.apache.spark.ml.feature.Tokenizer': tokenizer,
  'org.apache.spark.ml.feature.RegexTokenizer': regexTokenizer,
  'org.apache.spark.ml.feature.StopWordsRemover': stopWordsRemover,
  'org.apache.spark.ml.feature.NGram': ngram,
  'org.apache.spark.ml.feature.CountVectorizerModel': countVectorizer,
  'org.apache.spark.ml.feature.IDFModel': idf,
  'org.apache.spark.ml.feature.ChiSqSelectorModel': chiSqSelector,
  // The 3.1+ selectors save the same `selectedFeatures` and select the same way.
  'org.apache.spark.ml.feature.UnivariateFeatureSelectorModel': chiSqSelector,
  'org.apache.spark.ml.feature.VarianceThresholdSelectorModel': chiSqSelector,
};

