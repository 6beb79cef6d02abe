import fs from 'node:fs/promises';
import path from 'node:path';
import type { CaptureEvent } from '../bus/types';
import type { CaptureRecord, CaptureStore } from '../store/captures';
import type { ViolationKind } from '../domain';
import type { DedupMemory } from './dedup';

export type ArchiveOutcome = 'saved' | 'already-saved' | 'duplicate';

/** `captures/<camera>/<yyyy-mm-dd>/<time>_<camera>_t<track>_<kinds>`, relative to the storage dir. */
export function captureBaseName(e: Pick<CaptureEvent, 'time' | 'cameraId' | 'trackId' | 'kinds'>): string {
  const stamp = e.time.replace(/:/g, '-');
  return path.join('captures', e.cameraId, e.time.slice(0, 10), `${stamp}_${e.cameraId}_t${e.trackId}_${e.kinds.join('+')}`);
}

async function writeFileAtomic(file: string, data: Buffer): Promise<void> {
  const tmp = `${file}.tmp`;
  await fs.writeFile(tmp, data);
  await fs.rename(tmp, file);
}

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
  ) {}

  async save(event: CaptureEvent): Promise<{ outcome: ArchiveOutcome; record?: CaptureRecord }> {
    if (this.store.has(event.id)) return { outcome: 'already-saved' };
    const timeMs = Date.parse(event.time);
    const kinds: ViolationKind[] = [];
    for (const kind of event.kinds) {
      if (await this.dedup.admit({ cameraId: event.cameraId, kind, box: event.box, time: timeMs })) kinds.push(kind);
    }
    if (kinds.length === 0) return { outcome: 'duplicate' };

    const base = captureBaseName({ ...event, kinds });
    const cropPath = `${base}_crop.jpg`;
    const framePath = `${base}_frame.jpg`;
    await fs.mkdir(path.join(this.storageDir, path.dirname(base)), { recursive: true });
    await writeFileAtomic(path.join(this.storageDir, cropPath), event.crop);
    await writeFileAtomic(path.join(this.storageDir, framePath), event.frame);

    const { crop: _crop, frame: _frame, ...fields } = event;
    const record: CaptureRecord = { ...fields, kinds, cropPath, framePath, status: 'new' };
    this.store.add(record);
    return { outcome: 'saved', record };
  }
}
