// The host's inference engine process (server.ts), started by the supervisor before the camera
// workers, or by PM2 as cctv-engine. Its socket and thread count come from the environment.
import { createLogger } from '../log';
import { ENGINE_LANES_ENV, ENGINE_SOCKET_ENV, ENGINE_THREADS_ENV } from './protocol';
import { InferenceEngineServer } from './server';

const log = createLogger('engine');
const socketPath = process.env[ENGINE_SOCKET_ENV];
if (!socketPath) {
  log.fatal(`${ENGINE_SOCKET_ENV} is not set: the inference engine is started by its host`);
  process.exit(2);
}
const threads = Number(process.env[ENGINE_THREADS_ENV]) || undefined;
const lanes = Number(process.env[ENGINE_LANES_ENV]) || 1;
const server = await InferenceEngineServer.listen({ socketPath, threads, lanes, log });
log.info({ socket: socketPath, threads: threads ?? 'a thread per core', lanes }, 'inference engine listening');

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await server.close();
  process.exit(0);
}
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
// Forked by a supervisor: its end is ours (PM2 starts the engine without a channel).
if (process.send) process.once('disconnect', () => void stop());
