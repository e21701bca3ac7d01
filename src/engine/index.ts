export { QuarryEngine } from './quarry_engine.js';
export type { Engine, EngineSession, ExecuteOptions, SessionOptions, StatementResult } from './types.js';
