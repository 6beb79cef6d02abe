// The worker protocol over a local socket, for workers that are not children of their host (PM2
// starts them): each message is a 4-byte length and the message in V8's serialization, as
// child-process IPC with `serialization: 'advanced'` sends it, so Buffers cross as they are.
import { EventEmitter } from 'node:events';
import type net from 'node:net';
import v8 from 'node:v8';

/** The worker's first message on a socket: which camera it runs (from its environment). */
export interface WorkerHello {
  type: 'hello';
  cameraId: string;
  pid: number;
}

/** Environment of a worker that dials its host: the socket, and the camera it is for. */
export const HOST_SOCKET_ENV = 'CCTV_HOST_SOCKET';
export const CAMERA_ID_ENV = 'CCTV_CAMERA_ID';

/** A message larger than this is a broken stream, not a frame (previews are well under 1 MiB). */
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
const HEADER_BYTES = 4;

/** Typed messages over a stream socket; emits 'message' for each one and 'close' once. */
export class MessageSocket<Incoming, Outgoing> extends EventEmitter {
  /** Bytes received and not yet read as messages, in arrival order. */
  private chunks: Buffer[] = [];
  private buffered = 0;
  private closed = false;

  constructor(private readonly socket: net.Socket) {
    super();
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    // A host or worker that goes away mid-write: the close that follows is what matters.
    socket.on('error', () => {});
    socket.on('close', () => {
      this.closed = true;
      this.emit('close');
    });
  }

  get connected(): boolean {
    return !this.closed && !this.socket.destroyed;
  }

  /** Sends a message; one sent after the socket closed is dropped. */
  send(message: Outgoing): void {
    if (!this.connected) return;
    const body = v8.serialize(message);
    const header = Buffer.alloc(HEADER_BYTES);
    header.writeUInt32BE(body.length);
    this.socket.write(Buffer.concat([header, body]));
  }

  close(): void {
    this.socket.end();
  }

  /**
   * Chunks are joined only once a whole message is in: a frame for the inference engine (300 KB
   * and more) arrives in many chunks, and joining at each one would copy it over and over.
   */
  private receive(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    while (this.buffered >= HEADER_BYTES) {
      const head = this.join(HEADER_BYTES);
      const length = head.readUInt32BE(0);
      if (length > MAX_MESSAGE_BYTES) {
        this.socket.destroy(new Error(`message of ${length} bytes`));
        return;
      }
      if (this.buffered < HEADER_BYTES + length) return;
      const all = this.join(HEADER_BYTES + length);
      const body = all.subarray(HEADER_BYTES, HEADER_BYTES + length);
      const rest = all.subarray(HEADER_BYTES + length);
      this.chunks = rest.length ? [rest, ...this.chunks.slice(1)] : this.chunks.slice(1);
      this.buffered -= HEADER_BYTES + length;
      this.emit('message', v8.deserialize(body) as Incoming);
    }
  }

  /** Joins the first chunks until the first one holds at least `bytes` bytes; returns it. */
  private join(bytes: number): Buffer {
    if (this.chunks[0].length >= bytes) return this.chunks[0];
    let taken = 0;
    let n = 0;
    while (taken < bytes) taken += this.chunks[n++].length;
    const joined = Buffer.concat(this.chunks.slice(0, n));
    this.chunks.splice(0, n, joined);
    return joined;
  }
}
