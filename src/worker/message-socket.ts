// Messages over a local socket: the worker protocol for workers that are not children of their
// host (PM2 starts them), and frames for the host's inference engine. Each message is two 4-byte
// lengths, the message in V8's serialization (as child-process IPC with `serialization:
// 'advanced'` sends it, so Buffers cross as they are), then an optional attachment of raw bytes.
// The attachment (a letterboxed frame) is written from the sender's own buffer and read into a
// buffer the receiver provides: V8-serializing 300 KB and joining it from chunks cost ~3 ms of CPU
// a frame here (fresh large allocations are slow on this VM), a fifth of the 320 model's inference.
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
/** Length of the V8 body, then of the attachment. */
const HEADER_BYTES = 8;

export interface MessageSocketOptions {
  /** Where an incoming attachment of `bytes` is read into; default a new buffer. */
  attachmentBuffer?(bytes: number): Uint8Array;
}

/** An attachment being read: the message it belongs to, and how much of it arrived. */
interface IncomingAttachment<Incoming> {
  message: Incoming;
  buffer: Uint8Array;
  filled: number;
}

/**
 * Typed messages over a stream socket; emits 'message' (the message, and its attachment if it
 * has one) for each one and 'close' once.
 */
export class MessageSocket<Incoming, Outgoing> extends EventEmitter {
  /** Bytes of the next header and body received and not yet read, in arrival order. */
  private chunks: Buffer[] = [];
  private buffered = 0;
  private attachment: IncomingAttachment<Incoming> | undefined;
  private closed = false;

  constructor(
    private readonly socket: net.Socket,
    private readonly opts: MessageSocketOptions = {},
  ) {
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

  /**
   * Sends a message; one sent after the socket closed is dropped. The attachment's bytes are
   * written from where they are: they must not change until the receiver has answered.
   */
  send(message: Outgoing, attachment: readonly ArrayBufferView[] = []): void {
    if (!this.connected) return;
    const body = v8.serialize(message);
    const header = Buffer.alloc(HEADER_BYTES);
    header.writeUInt32BE(body.length, 0);
    header.writeUInt32BE(
      attachment.reduce((n, part) => n + part.byteLength, 0),
      4,
    );
    this.socket.cork();
    this.socket.write(Buffer.concat([header, body]));
    for (const part of attachment) this.socket.write(new Uint8Array(part.buffer, part.byteOffset, part.byteLength));
    this.socket.uncork();
  }

  close(): void {
    this.socket.end();
  }

  private receive(chunk: Buffer): void {
    let rest: Buffer | undefined = chunk;
    while (rest?.length) rest = this.attachment ? this.fillAttachment(rest) : this.readMessage(rest);
  }

  /** Takes a chunk towards the next header and body; returns what follows them, once they are in. */
  private readMessage(chunk: Buffer): Buffer | undefined {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    if (this.buffered < HEADER_BYTES) return undefined;
    const head = this.join(HEADER_BYTES);
    const bodyLength = head.readUInt32BE(0);
    const attachmentLength = head.readUInt32BE(4);
    if (bodyLength + attachmentLength > MAX_MESSAGE_BYTES) {
      this.socket.destroy(new Error(`message of ${bodyLength + attachmentLength} bytes`));
      return undefined;
    }
    if (this.buffered < HEADER_BYTES + bodyLength) return undefined;
    const all = this.join(HEADER_BYTES + bodyLength);
    const message = v8.deserialize(all.subarray(HEADER_BYTES, HEADER_BYTES + bodyLength)) as Incoming;
    // Everything after the body is in chunks[0] (joined) and the chunks behind it; hand it back as one.
    const after = [all.subarray(HEADER_BYTES + bodyLength), ...this.chunks.slice(1)];
    this.chunks = [];
    this.buffered = 0;
    if (attachmentLength === 0) this.emit('message', message);
    else {
      const buffer = this.opts.attachmentBuffer?.(attachmentLength) ?? new Uint8Array(attachmentLength);
      this.attachment = { message, buffer: buffer.subarray(0, attachmentLength), filled: 0 };
    }
    return after.length === 1 ? after[0] : Buffer.concat(after);
  }

  /** Copies a chunk into the attachment being read; returns what follows the attachment. */
  private fillAttachment(chunk: Buffer): Buffer | undefined {
    const a = this.attachment!;
    const n = Math.min(chunk.length, a.buffer.length - a.filled);
    a.buffer.set(chunk.subarray(0, n), a.filled);
    a.filled += n;
    if (a.filled === a.buffer.length) {
      this.attachment = undefined;
      this.emit('message', a.message, a.buffer);
    }
    return chunk.subarray(n);
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
