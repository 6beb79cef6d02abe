// How a camera worker talks to its host: child-process IPC when the host forked it, or a local
// socket it dials when a process manager (PM2) started it. Same messages either way.
import { EventEmitter } from 'node:events';
import net from 'node:net';
import { CAMERA_ID_ENV, HOST_SOCKET_ENV, MessageSocket, type WorkerHello } from './message-socket';
import type { HostMessage, WorkerMessage } from './protocol';

/** Emits 'message' (a HostMessage) and, once, 'disconnect' when the host is gone. */
export interface HostChannel extends EventEmitter {
  readonly connected: boolean;
  /** Sends a message; one that can no longer be delivered is dropped. */
  send(message: WorkerMessage): void;
}

/** The channel this process was started with: a socket when the environment names one, else IPC. */
export function connectToHost(env: NodeJS.ProcessEnv = process.env): HostChannel {
  const socketPath = env[HOST_SOCKET_ENV];
  if (!socketPath) return new IpcChannel();
  const cameraId = env[CAMERA_ID_ENV];
  if (!cameraId) throw new Error(`${CAMERA_ID_ENV} is not set: a worker dialling its host must name its camera`);
  return new SocketChannel(socketPath, cameraId);
}

class IpcChannel extends EventEmitter implements HostChannel {
  constructor() {
    super();
    if (!process.send) throw new Error('a camera worker is started by its host (cctv serve or cctv node)');
    process.on('message', (message: HostMessage) => this.emit('message', message));
    process.once('disconnect', () => this.emit('disconnect'));
  }

  get connected(): boolean {
    return process.connected;
  }

  send(message: WorkerMessage): void {
    // Once the host is gone the worker is shutting down; EPIPE would only crash it.
    if (process.connected) process.send?.(message, undefined, {}, () => {});
  }
}

class SocketChannel extends EventEmitter implements HostChannel {
  private readonly socket: MessageSocket<HostMessage, WorkerMessage | WorkerHello>;

  constructor(socketPath: string, cameraId: string) {
    super();
    const raw = net.connect(socketPath);
    this.socket = new MessageSocket(raw);
    raw.once('error', (err) => console.error(`cannot reach the host at ${socketPath}: ${err.message}`));
    this.socket.send({ type: 'hello', cameraId, pid: process.pid });
    this.socket.on('message', (message: HostMessage) => this.emit('message', message));
    this.socket.once('close', () => this.emit('disconnect'));
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  send(message: WorkerMessage): void {
    this.socket.send(message);
  }
}
