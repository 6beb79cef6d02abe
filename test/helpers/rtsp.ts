// Starts scripts/rtsp-server.py (GStreamer) as a stand-in CCTV camera for tests.
import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('../../scripts/rtsp-server.py', import.meta.url));
// The system Python has python3-gi; a pyenv or venv python on PATH usually does not.
const PYTHON = '/usr/bin/python3';
const READY_TIMEOUT_MS = 15_000;

export interface RtspServer {
  /** rtsp://127.0.0.1:PORT/stream */
  url: string;
  port: number;
  /** Ends the server politely and waits until it is gone. */
  stop(): Promise<void>;
  /** SIGKILL: the camera vanishes mid-stream, its TCP connections reset. */
  kill(): void;
}

export interface RtspServerOptions {
  /** Default: a free port. Pass an earlier server's port to bring a "camera" back at the same address. */
  port?: number;
  /** H.264 MP4 to serve, looped; without it an H.264 test pattern. */
  file?: string;
}

export async function startRtspServer(opts: RtspServerOptions = {}): Promise<RtspServer> {
  const port = opts.port ?? (await freePort());
  const child = spawn(PYTHON, [SCRIPT, String(port), ...(opts.file ? [opts.file] : [])], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  child.stdout!.resume();

  try {
    await waitUntilAccepting(port, child);
  } catch (err) {
    child.kill('SIGKILL');
    await exited;
    throw new Error(`RTSP server on port ${port} did not start: ${(err as Error).message}\n${stderr}`);
  }
  return {
    url: `rtsp://127.0.0.1:${port}/stream`,
    port,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
    kill: () => {
      child.kill('SIGKILL');
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilAccepting(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`exited (${child.exitCode ?? child.signalCode})`);
    if (await canConnect(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`not accepting connections after ${READY_TIMEOUT_MS / 1000} s`);
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
