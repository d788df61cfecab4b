// Starts the committee report's worker thread from the TypeScript sources (the CLI, the web host,
// tests and benchmarks; the Electron build runs a bundled report-worker.js instead).
//
// Plain JavaScript, so it needs no loader itself. It loads the worker's packages first, with Node's
// own resolver, and only then turns on tsx for the TypeScript: under tsx's loader every file of zod
// would be resolved through tsx's hooks, which costs about a tenth of a second of start-up.
import { workerData } from 'node:worker_threads';

await import('zod');
await import('better-sqlite3');
const { register } = await import(workerData.boot.tsx);
register();
await import(workerData.boot.entry);
