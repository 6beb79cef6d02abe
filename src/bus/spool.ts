import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { isCaptureEvent, type CaptureEvent, type ClipEvent } from '../domain/events';

const FOLDER_MODE = 0o700;
const FILE_MODE = 0o600;

export interface SpoolLog {
  warn(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
}

/**
 * Capture events (and the clip events that follow them) kept on local disk while the shared bus
 * is unreachable, delivered oldest first when it returns. Bounded: past `maxEvents` or `maxBytes`, new events are refused, counted and
 * logged — a full disk must not take the worker host down.
 */
export class CaptureSpool {
  /** Events refused because the spool was full. */
  overflowed = 0;
  private bytes = 0;
  private files: string[] = [];
  private added = 0;

  constructor(
    private readonly dir: string,
    private readonly limits: { maxEvents: number; maxBytes: number },
    private readonly log?: SpoolLog,
  ) {
    // Spooled captures show people at work: for this user only, also what an older version left.
    fs.mkdirSync(dir, { recursive: true, mode: FOLDER_MODE });
    fs.chmodSync(dir, FOLDER_MODE);
    // Events spooled before a restart are still owed to the server.
    for (const name of fs.readdirSync(dir).sort()) {
      const file = path.join(dir, name);
      if (name.endsWith('.tmp')) fs.rmSync(file, { force: true });
      else if (name.endsWith('.capture')) {
        const stat = fs.statSync(file);
        if ((stat.mode & 0o777) !== FILE_MODE) fs.chmodSync(file, FILE_MODE);
        this.files.push(name);
        this.bytes += stat.size;
      }
    }
  }

  get size(): number {
    return this.files.length;
  }

  /** Stores an event durably; false when the spool is full (the event is lost and counted). */
  add(event: CaptureEvent | ClipEvent): boolean {
    const data = v8.serialize(event);
    const label = isCaptureEvent(event) ? event.id : 'captureId' in event ? `${event.captureId}-clip` : 'clips';
    if (this.files.length >= this.limits.maxEvents || this.bytes + data.length > this.limits.maxBytes) {
      this.overflowed++;
      this.log?.warn(
        { camera: event.cameraId, event: label, overflowed: this.overflowed },
        'capture spool full: event dropped',
      );
      return false;
    }
    // Oldest first by name: the time, then the order within the same millisecond.
    const order = (this.added++ % 1e6).toString().padStart(6, '0');
    const name = `${Date.now().toString().padStart(15, '0')}-${order}-${label}.capture`;
    fs.writeFileSync(path.join(this.dir, `${name}.tmp`), data, { mode: FILE_MODE });
    fs.renameSync(path.join(this.dir, `${name}.tmp`), path.join(this.dir, name));
    this.files.push(name);
    this.bytes += data.length;
    return true;
  }

  /** Hands spooled events to `deliver`, oldest first; stops at the first failure (tried again later). */
  async drain(deliver: (event: CaptureEvent | ClipEvent) => Promise<void>): Promise<number> {
    let delivered = 0;
    while (this.files.length) {
      const file = path.join(this.dir, this.files[0]);
      const data = fs.readFileSync(file);
      await deliver(v8.deserialize(data) as CaptureEvent | ClipEvent);
      fs.rmSync(file, { force: true });
      this.files.shift();
      this.bytes -= data.length;
      delivered++;
    }
    if (delivered) this.log?.info({ delivered }, 'spooled captures delivered');
    return delivered;
  }
}
