import fs from 'node:fs/promises';
import path from 'node:path';
import type { ViolationKind } from '../domain/detection';
import type { CaptureEvent, ClipEvent } from '../domain/events';
import type { CaptureRecord, CaptureStore } from '../store/captures';
import { admittedKinds, type DedupMemory } from './dedup';

export type ArchiveOutcome = 'saved' | 'amended' | 'already-saved' | 'duplicate';

export interface ArchiveResult {
  outcome: ArchiveOutcome;
  /** The capture as stored now (saved or amended). */
  record?: CaptureRecord;
  /** The kinds this event added to the archive. */
  added?: ViolationKind[];
}

/** Suffix of a file being written; a leftover one is from an interrupted write. */
export const TMP_SUFFIX = '.tmp';

export interface SweepReport {
  /** Image files no row refers to (the row was never written, or deleted before its files). */
  orphans: number;
  /** `.tmp` leftovers of interrupted writes. */
  temporaries: number;
  bytes: number;
  /** Folders an older version made readable to others, made private with their files. */
  tightenedFolders: number;
}

/** `captures/<camera>/<yyyy-mm-dd>/<time>_<camera>_t<track>_<kinds>`, relative to the storage dir. */
export function captureBaseName(e: Pick<CaptureEvent, 'time' | 'cameraId' | 'trackId' | 'kinds'>): string {
  const stamp = e.time.replace(/:/g, '-');
  return path.join(
    'captures',
    e.cameraId,
    e.time.slice(0, 10),
    `${stamp}_${e.cameraId}_t${e.trackId}_${e.kinds.join('+')}`,
  );
}

/** The clip columns of a new capture's row: pending (the clip follows), or why it has none. */
function clipFieldsOf(event: CaptureEvent): Pick<CaptureRecord, 'clipPending' | 'clipError'> {
  // The person's first capture was refused: this later sighting is kept, and has no clip of its own.
  if (event.amendment) return { clipError: 'no clip: saved from a later sighting of the person' };
  if (event.clip === 'pending') return { clipPending: true };
  return { clipError: event.clip?.error ?? 'no clip: clips are off' };
}

export interface ClipResult {
  /** kept: the clip is stored; settled: the capture says why it has none; dropped: nothing changed. */
  outcome: 'kept' | 'settled' | 'dropped';
  /** The captures as stored now. */
  records: CaptureRecord[];
}

function settledOrDropped(record: CaptureRecord | undefined): ClipResult {
  return record ? { outcome: 'settled', records: [record] } : { outcome: 'dropped', records: [] };
}

/** Capture images show people at work: for the server's user only. */
const FILE_MODE = 0o600;
const FOLDER_MODE = 0o700;

/**
 * Capture folders made by a version before FOLDER_MODE, with their files (tightened first, so an
 * interrupted start leaves the folder loose and the next one finishes). Every start walks the
 * folders anyway (sweepOrphans), so checking each folder's mode costs a stat per folder; the files
 * are visited only in a folder found loose, so an archive is tightened once, not at every start.
 * Measured on 100,000 files in 517 folders (2 busy cores): the walk 0.2-0.6 s, chmod of every file
 * 10 s one by one, 3 s a folder at a time in parallel, as done here at the first start after the
 * upgrade. Files in a 0700 folder cannot be reached by other users whatever their own mode.
 */
async function tightenFolder(dir: string, files: string[]): Promise<boolean> {
  if (((await fs.stat(dir)).mode & 0o777) === FOLDER_MODE) return false;
  await Promise.all(files.map((file) => fs.chmod(file, FILE_MODE)));
  await fs.chmod(dir, FOLDER_MODE);
  return true;
}

/** Flushes a file or folder to disk, so a crash after the row is written cannot lose what it names. */
async function fsyncPath(file: string): Promise<void> {
  const handle = await fs.open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Writes through a `.tmp` file renamed into place; the file and then its folder are synced. */
async function writeFileDurably(file: string, data: Buffer): Promise<void> {
  const tmp = `${file}${TMP_SUFFIX}`;
  const handle = await fs.open(tmp, 'w', FILE_MODE);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.rename(tmp, file);
  await fsyncPath(path.dirname(file));
}

/** Makes the folders of `dir` below `root` that are missing, each FOLDER_MODE, syncing each parent. */
async function makeFolders(root: string, dir: string): Promise<void> {
  const missing: string[] = [];
  for (let d = dir; d !== root && d.startsWith(root) && !(await exists(d)); d = path.dirname(d)) missing.unshift(d);
  for (const d of missing) {
    await fs.mkdir(d, { mode: FOLDER_MODE }).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'EEXIST') throw err;
    });
    await fsyncPath(path.dirname(d));
  }
}

const exists = (p: string) =>
  fs.stat(p).then(
    () => true,
    () => false,
  );

/**
 * The server's single writer of captures: drops duplicates (same id redelivered, or the same
 * person at the same place within the cooldown), then writes the files first and the row last,
 * so an interrupted write never leaves a row without its images.
 */
export class CaptureArchive {
  constructor(
    private readonly storageDir: string,
    private readonly store: CaptureStore,
    private readonly dedup: DedupMemory,
    /** Runs right after a capture's row is written, in the same tick (the alert outbox rows). */
    private readonly afterRow: (record: CaptureRecord) => void = () => undefined,
  ) {}

  /** Saves and folder pruning take turns, so pruning never removes a folder a save just made. */
  private turn: Promise<unknown> = Promise.resolve();
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.turn.then(fn, fn);
    this.turn = run.catch(() => undefined);
    return run;
  }

  save(event: CaptureEvent): Promise<ArchiveResult> {
    return this.exclusive(() => this.saveNow(event));
  }

  private async saveNow(event: CaptureEvent): Promise<ArchiveResult> {
    const stored = this.store.get(event.id);
    if (stored && !event.amendment) return { outcome: 'already-saved' };
    const fresh = stored ? event.kinds.filter((k) => !stored.kinds.includes(k)) : event.kinds;
    if (fresh.length === 0) return { outcome: 'already-saved' };
    const kinds = await admittedKinds(this.dedup, { ...event, kinds: fresh, time: Date.parse(event.time) });
    if (kinds.length === 0) return { outcome: 'duplicate' };
    if (stored) {
      // The person's capture exists: it gains the kinds (its pictures and alerts stay as they were).
      return { outcome: 'amended', record: this.store.addKinds(stored, kinds), added: kinds };
    }

    const base = captureBaseName({ ...event, kinds });
    const { crop: _crop, frame: _frame, clip: _clip, ...fields } = event;
    const cropPath = `${base}_crop.jpg`;
    const framePath = `${base}_frame.jpg`;
    const bytes = event.crop.length + event.frame.length;
    const record: CaptureRecord = {
      ...fields,
      kinds,
      cropPath,
      framePath,
      ...clipFieldsOf(event),
      status: 'new',
      bytes,
    };
    try {
      await makeFolders(this.storageDir, path.join(this.storageDir, path.dirname(base)));
      await writeFileDurably(path.join(this.storageDir, cropPath), event.crop);
      await writeFileDurably(path.join(this.storageDir, framePath), event.frame);
      this.store.add(record);
    } catch (err) {
      // A failed save leaves nothing behind (the event is redelivered: at-least-once).
      await this.removeLeftovers([cropPath, framePath]);
      throw err;
    }
    this.afterRow(record);
    return { outcome: 'saved', record, added: kinds };
  }

  /**
   * A clip event: stores the clip of a pending capture the same safe way as its stills (file, then
   * the row), or records why there is none. A clip of a capture that was not kept (the dedup refused
   * it, or it was deleted meanwhile) is dropped, and so is one that arrives again.
   */
  saveClip(event: ClipEvent): Promise<ClipResult> {
    return this.exclusive(() => this.saveClipNow(event));
  }

  private async saveClipNow(event: ClipEvent): Promise<ClipResult> {
    if (!('captureId' in event)) {
      const records = this.store.clips.abandon(event.cameraId, event.takenBeforeMs, event.reason);
      return { outcome: records.length ? 'settled' : 'dropped', records };
    }
    const { captureId, clip } = event;
    const stored = this.store.get(captureId);
    if (!stored?.clipPending) return { outcome: 'dropped', records: [] };
    if ('error' in clip) return settledOrDropped(this.store.clips.settle(captureId, clip.error));
    const clipPath = stored.cropPath.replace(/_crop\.jpg$/, '_clip.mp4');
    try {
      await writeFileDurably(path.join(this.storageDir, clipPath), clip.mp4);
      const kept = this.store.clips.keep(captureId, {
        clipPath,
        clipStartMs: clip.startMs,
        clipBytes: clip.mp4.length,
      });
      // Deleted while the file was written: no clip file stays without its row.
      if (!kept) await this.removeLeftovers([clipPath]);
      return { outcome: kept ? 'kept' : 'dropped', records: kept ? [kept] : [] };
    } catch (err) {
      await this.removeLeftovers([clipPath]);
      throw err;
    }
  }

  private async removeLeftovers(paths: readonly string[]): Promise<void> {
    const leftovers = paths.flatMap((p) => [p, `${p}${TMP_SUFFIX}`]);
    await Promise.all(leftovers.map((p) => fs.rm(path.join(this.storageDir, p), { force: true })));
  }

  /** Deletes a capture: the row first, then its files (an interruption leaves an orphan file, swept at the next start). */
  async remove(id: string): Promise<CaptureRecord | undefined> {
    const record = this.store.remove(id);
    if (record) await this.removeFiles(record);
    return record;
  }

  /** Deletes the files of a capture whose row is gone; returns the bytes freed. */
  async removeFiles(record: Pick<CaptureRecord, 'cropPath' | 'framePath' | 'clipPath'>): Promise<number> {
    return this.removePaths([record.cropPath, record.framePath, ...(record.clipPath ? [record.clipPath] : [])]);
  }

  /** Deletes a capture's clip, keeping its stills; the row says `reason` instead. Returns the bytes freed. */
  async removeClip(id: string, reason: string): Promise<number> {
    const clipPath = this.store.clips.drop(id, reason);
    return clipPath ? this.removePaths([clipPath]) : 0;
  }

  private async removePaths(paths: readonly string[]): Promise<number> {
    let freed = 0;
    for (const rel of paths) {
      const file = this.resolve(rel);
      if (!file) continue;
      try {
        freed += (await fs.stat(file)).size;
        await fs.unlink(file);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
    return freed;
  }

  /** Bytes of a capture's files on disk (0 for missing files). */
  async fileBytes(record: Pick<CaptureRecord, 'cropPath' | 'framePath' | 'clipPath'>): Promise<number> {
    let total = 0;
    for (const rel of [record.cropPath, record.framePath, ...(record.clipPath ? [record.clipPath] : [])]) {
      const file = this.resolve(rel);
      if (file)
        total += await fs.stat(file).then(
          (s) => s.size,
          () => 0,
        );
    }
    return total;
  }

  /** The absolute path of a stored relative path, or undefined when it would leave the capture folder. */
  resolve(rel: string): string | undefined {
    const root = path.resolve(this.storageDir, 'captures');
    const file = path.resolve(this.storageDir, rel);
    return file.startsWith(root + path.sep) ? file : undefined;
  }

  /**
   * Deletes capture files no row refers to, and `.tmp` leftovers, then empty folders; folders an
   * older version left readable to others are made private (see tightenFolder). Run at start,
   * before captures are consumed: a file whose row is about to be written would look orphaned.
   */
  async sweepOrphans(): Promise<SweepReport> {
    const report: SweepReport = { orphans: 0, temporaries: 0, bytes: 0, tightenedFolders: 0 };
    const root = path.join(this.storageDir, 'captures');
    const known = this.store.allPaths();
    const walk = async (dir: string): Promise<boolean> => {
      let entries;
      try {
        entries = await fs.readdir(dir, { withFileTypes: true });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return true;
        throw err;
      }
      let empty = true;
      const kept: string[] = [];
      for (const entry of entries) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          if (await walk(full)) await fs.rmdir(full).catch(() => (empty = false));
          else empty = false;
          continue;
        }
        const rel = path.relative(this.storageDir, full);
        const tmp = entry.name.endsWith(TMP_SUFFIX);
        if (!tmp && known.has(rel)) {
          empty = false;
          kept.push(full);
          continue;
        }
        const size = await fs.stat(full).then(
          (s) => s.size,
          () => 0,
        );
        await fs.unlink(full);
        report.bytes += size;
        if (tmp) report.temporaries++;
        else report.orphans++;
      }
      if ((!empty || dir === root) && (await tightenFolder(dir, kept))) report.tightenedFolders++;
      return empty;
    };
    await walk(root);
    return report;
  }

  /** Removes empty day and camera folders left after deletions (the capture root stays). */
  pruneEmptyFolders(): Promise<void> {
    return this.exclusive(() => this.pruneNow());
  }

  private async pruneNow(): Promise<void> {
    const root = path.join(this.storageDir, 'captures');
    const prune = async (dir: string): Promise<boolean> => {
      let entries;
      try {
        entries = await fs.readdir(dir, { withFileTypes: true });
      } catch {
        return false;
      }
      let empty = true;
      for (const entry of entries) {
        if (!entry.isDirectory()) {
          empty = false;
          continue;
        }
        const full = path.join(dir, entry.name);
        if (await prune(full)) await fs.rmdir(full).catch(() => (empty = false));
        else empty = false;
      }
      return empty;
    };
    await prune(root);
  }
}
