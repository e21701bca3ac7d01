export { QuarryEngine } from './quarry_engine.js';
export type { Engine, EngineSession, ExecuteOptions, SessionOptions, StatementResult } from './types.js';
export { configureScanThreads } from '../exec/parallel/worker_pool.js';
