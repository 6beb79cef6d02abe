// Pieces of the security tests: raw HTTP from a chosen loopback address, a listener that records
// what reaches it, long-lived streams, the `user` CLI and a camera worker in processes of their own.
import { fork, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { repoRoot } from '../../src/config/paths';
import { processEntry } from '../../src/runtime';
import type { WorkerMessage, WorkerSettings } from '../../src/worker/protocol';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: any;
}

/** One request on a connection of its own, from `localAddress` (any 127.x.y.z reaches 127.0.0.1). */
export function request(
  base: string,
  method: string,
  urlPath: string,
  opts: { json?: unknown; headers?: Record<string, string>; localAddress?: string } = {},
): Promise<RawResponse> {
  const url = new URL(base);
  const body = opts.json === undefined ? undefined : JSON.stringify(opts.json);
  const headers = { ...(body ? { 'content-type': 'application/json' } : {}), ...opts.headers };
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path: urlPath,
        headers,
        agent: false,
        localAddress: opts.localAddress,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (c: string) => (text += c));
        res.on('end', () => {
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Sends `text` as is on a fresh connection and returns what comes back until the server closes. */
export function rawExchange(base: string, text: string): Promise<string> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(url.port), url.hostname, () => socket.write(text));
    let out = '';
    socket.setEncoding('utf8').on('data', (c: string) => (out += c));
    socket.on('close', () => resolve(out));
    socket.on('error', reject);
  });
}

/** The JSON body of a raw HTTP response. */
export function rawJson(response: string): unknown {
  return JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4));
}

export interface Recorded {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
}

/** An HTTP server on 127.0.0.1 that asks for Basic auth and records every request reaching it. */
export async function recordingListener(): Promise<{ port: number; requests: Recorded[]; close(): Promise<void> }> {
  const requests: Recorded[] = [];
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="camera"', 'Content-Length': '0' });
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A port on 127.0.0.1 where nothing listens. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface OpenStream {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** Bytes received so far. */
  bytes(): number;
  onData(listener: (chunk: string) => void): void;
  /** Resolves when the server ends the response (or the connection). */
  ended: Promise<void>;
  isOpen(): boolean;
  close(): void;
}

/** A long-lived GET (server-sent events, MJPEG) with a session cookie; resolves once the head arrives. */
export function openStream(base: string, urlPath: string, cookie: string | undefined): Promise<OpenStream> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.get(
      { host: url.hostname, port: url.port, path: urlPath, headers: cookie ? { cookie } : {}, agent: false },
      (res) => {
        let bytes = 0;
        let open = true;
        const ended = new Promise<void>((done) => {
          const end = () => {
            open = false;
            done();
          };
          res.on('end', end);
          res.on('close', end);
          res.on('error', end);
        });
        res.on('data', (chunk: Buffer) => (bytes += chunk.length));
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          bytes: () => bytes,
          onData: (listener) => res.on('data', (chunk: Buffer) => listener(chunk.toString('utf8'))),
          ended,
          isOpen: () => open,
          close: () => req.destroy(),
        });
      },
    );
    req.on('error', reject);
  });
}

/** `cctv user …` as the operator runs it: another process on the same data folder. */
export function userCli(
  dataDir: string,
  args: string[],
  stdin = '',
): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'src', 'cli.ts'), 'user', ...args], {
      cwd: repoRoot,
      env: { ...process.env, DATA_DIR: dataDir, CCTV_CONFIG: '' },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.stdin.end(stdin);
    child.on('close', (code) => resolve({ code: code ?? -1, out, err }));
  });
}

/** A promise that settles within `ms` (or rejects naming `what`): a generous deadline, not a timing check. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

export interface LoggedWorker {
  /** Every message the worker sent its host. */
  messages: WorkerMessage[];
  /** Ends the worker and resolves once it has exited (its log file then complete). */
  stop(): Promise<void>;
}

/** A real camera worker whose stdout and stderr go to `logFile`, as PM2 (or a service's redirect) keeps them. */
export function loggedWorker(settings: WorkerSettings, logFile: string, env: Record<string, string>): LoggedWorker {
  const entry = processEntry('worker');
  const log = fs.openSync(logFile, 'w');
  const child = fork(entry.script, [], {
    execArgv: entry.execArgv,
    serialization: 'advanced',
    stdio: ['ignore', log, log, 'ipc'],
    env: { ...process.env, ...env },
  });
  fs.closeSync(log); // the child holds its own copy
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const messages: WorkerMessage[] = [];
  child.on('message', (message: WorkerMessage) => messages.push(message));
  child.send({ type: 'start', settings });
  return {
    messages,
    stop: () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
