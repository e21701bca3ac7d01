// The PostgreSQL v3 wire protocol in front of an Engine.

export { startServer } from './server.js';
export type { PasswordCheck, QuarryServer, ServerOptions } from './server.js';
