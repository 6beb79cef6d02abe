// Where workers that are not this process's children (PM2's) dial in: a unix socket in a folder
// only this user can enter, since the messages carry camera URLs with their credentials.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { MessageSocket, type WorkerHello } from '../worker/message-socket';
import type { HostMessage, WorkerMessage } from '../worker/protocol';

/** The host's end of one worker's connection. */
export type WorkerConnection = MessageSocket<WorkerMessage | WorkerHello, HostMessage>;

/** A worker's hello is expected at once; a connection that says nothing is dropped. */
const HELLO_TIMEOUT_MS = 10_000;

export class WorkerSocketServer {
  private constructor(
    private readonly server: net.Server,
    private readonly sockets: Set<net.Socket>,
    private readonly dir: string,
    /** The socket workers dial (passed to them in their environment). */
    readonly path: string,
  ) {}

  /** Listens on a new socket; `onWorker` gets each connection once its worker said which camera it runs. */
  static async listen(
    onWorker: (hello: WorkerHello, connection: WorkerConnection) => void,
  ): Promise<WorkerSocketServer> {
    // mkdtemp makes the folder 0700: other users of the machine cannot reach the socket.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cctv-host-'));
    const socketPath = path.join(dir, 'workers.sock');
    const sockets = new Set<net.Socket>();
    const server = net.createServer((socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
      const connection: WorkerConnection = new MessageSocket(socket);
      const timer = setTimeout(() => socket.destroy(), HELLO_TIMEOUT_MS);
      connection.once('message', (first: WorkerMessage | WorkerHello) => {
        clearTimeout(timer);
        if (first.type === 'hello' && typeof first.cameraId === 'string') onWorker(first, connection);
        else socket.destroy();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(socketPath, () => resolve());
    });
    return new WorkerSocketServer(server, sockets, dir, socketPath);
  }

  /** Stops listening and drops the connections left (their workers were stopped before). */
  async close(): Promise<void> {
    const closed = new Promise((resolve) => this.server.close(resolve));
    for (const socket of this.sockets) socket.destroy();
    await closed;
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
