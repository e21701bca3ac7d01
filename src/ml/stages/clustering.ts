// KMeansModel: the nearest cluster center, by Euclidean or cosine distance; ties go to the lower index.

import path from 'node:path';
import { decodeDenseVector, num, readParquetDir } from '../data.js';
import { toDense } from '../linalg.js';
import { param } from '../metadata.js';
import { IntegerType, StageLoader } from '../stage.js';
import { regressorStage } from './predictor.js';

const kmeans: StageLoader = async (m) => {
  const rows = await readParquetDir(path.join(m.dir, 'data'));
  // Spark 2.0+: one row per center (clusterIdx, clusterCenter); 1.6: one row of clusterCenters.
  const centers = 'clusterCenters' in rows[0]
    ? (rows[0].clusterCenters as unknown[]).map(decodeDenseVector)
    : [...rows].sort((a, b) => num(a.clusterIdx) - num(b.clusterIdx)).map((r) => decodeDenseVector(r.clusterCenter));
  const cosine = param(m, 'distanceMeasure', 'euclidean') === 'cosine';
  const norms = centers.map((c) => Math.sqrt(c.reduce((s, x) => s + x * x, 0)));
  return regressorStage(m, centers[0]?.length ?? null, (v) => {
    const x = toDense(v);
    let xNorm = 0;
    if (cosine) for (const a of x) xNorm += a * a;
    let best = 0, bestDistance = Infinity;
    for (let k = 0; k < centers.length; k++) {
      const c = centers[k];
      let d = 0;
      if (cosine) {
        let dotProduct = 0;
        for (let i = 0; i < x.length; i++) dotProduct += x[i] * c[i];
        d = 1 - dotProduct / (Math.sqrt(xNorm) * norms[k]);
      } else {
        for (let i = 0; i < x.length; i++) { const diff = x[i] - c[i]; d += diff * diff; }
      }
      if (d < bestDistance) { best = k; bestDistance = d; }
    }
    return best;
  }, IntegerType);
};

export const loaders: Record<string, StageLoader> = {
  'org.apache.spark.ml.clustering.KMeansModel': kmeans,
};
