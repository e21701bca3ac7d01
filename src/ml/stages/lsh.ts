// BucketedRandomProjectionLSHModel: each hash is floor(x · r / bucketLength) for one random unit
// vector r; the output is an array of 1-element vectors, one per hash table.

import { decodeMatrix, readDataRow } from '../data.js';
import { Frame } from '../frame.js';
import { dot } from '../linalg.js';
import { param } from '../metadata.js';
import { StageLoader, VectorType, spec, vectorSpec } from '../stage.js';
import { arrayType } from '../../common/types.js';

const bucketedRandomProjection: StageLoader = async (m) => {
  const row = await readDataRow(m.dir);
  const r = decodeMatrix(row.randUnitVectors); // numHashTables × dim
  const bucketLength = param(m, 'bucketLength', 1);
  const input = param(m, 'inputCol', ''), output = param(m, 'outputCol', `${m.uid}__output`);
  return {
    className: m.className,
    uid: m.uid,
    inputs: [vectorSpec(input)],
    outputs: [spec(output, arrayType(VectorType))],
    transform(frame: Frame) {
      const values = frame.vectors(input).map((x) => {
        if (x === null) return null;
        return Array.from({ length: r.numRows }, (_, k) => Float64Array.of(Math.floor(dot(x, r.values, k * r.numCols) / bucketLength)));
      });
      frame.set(output, { kind: 'vectors', values });
    },
  };
};

export const loaders: Record<string, StageLoader> = {
  'org.apache.spark.ml.feature.BucketedRandomProjectionLSHModel': bucketedRandomProjection,
};
