import fs from 'node:fs';
import Database from 'better-sqlite3';
import { cameraConfigSchema, type CameraConfig } from '../config/schema';
import type { Db } from './db';

export interface SeedReport {
  /** Config-file cameras copied into the database now. */
  added: string[];
  /** Config-file cameras seeded before (the database copy wins, even when deleted or edited). */
  known: string[];
}

/**
 * The cameras, as the database holds them (authoritative once seeded). Configs are stored as the
 * validated JSON, including URLs with their credentials; callers mask them for display.
 */
export class CameraStore {
  /** Parsed configs by id, reused while the stored JSON is unchanged (status events read cameras often). */
  private readonly parsed = new Map<string, { json: string; camera: CameraConfig }>();

  constructor(
    private readonly db: Db,
    private readonly onInvalid: (id: string, reason: string) => void = () => {},
  ) {}

  /** All cameras in display order. A stored config that no longer validates is reported and skipped. */
  list(): CameraConfig[] {
    const rows = this.db.prepare('SELECT id, config FROM cameras ORDER BY position, id').all() as Array<{
      id: string;
      config: string;
    }>;
    const out: CameraConfig[] = [];
    for (const row of rows) {
      const camera = this.parse(row.id, row.config);
      if (camera) out.push(camera);
    }
    return out;
  }

  get(id: string): CameraConfig | undefined {
    const row = this.db.prepare('SELECT config FROM cameras WHERE id = ?').get(id) as { config: string } | undefined;
    return row ? this.parse(id, row.config) : undefined;
  }

  has(id: string): boolean {
    return this.db.prepare('SELECT 1 FROM cameras WHERE id = ?').get(id) !== undefined;
  }

  /** Adds a camera at the end of the list; false when the id is taken. */
  insert(camera: CameraConfig): boolean {
    const now = new Date().toISOString();
    const info = this.db
      .prepare(
        `INSERT OR IGNORE INTO cameras (id, position, config, created_at, updated_at)
         VALUES (?, (SELECT coalesce(MAX(position), 0) + 1 FROM cameras), ?, ?, ?)`,
      )
      .run(camera.id, JSON.stringify(camera), now, now);
    return info.changes === 1;
  }

  /** Replaces a camera's config; false when there is no such camera. */
  update(camera: CameraConfig): boolean {
    const info = this.db
      .prepare('UPDATE cameras SET config = ?, updated_at = ? WHERE id = ?')
      .run(JSON.stringify(camera), new Date().toISOString(), camera.id);
    return info.changes === 1;
  }

  remove(id: string): boolean {
    this.parsed.delete(id);
    return this.db.prepare('DELETE FROM cameras WHERE id = ?').run(id).changes === 1;
  }

  /**
   * Copies config-file cameras the database has never seen. A camera seeded once is never seeded
   * again, so deleting or editing it through the API sticks across restarts.
   */
  seed(cameras: CameraConfig[]): SeedReport {
    const report: SeedReport = { added: [], known: [] };
    this.db.transaction(() => {
      const seen = this.db.prepare('SELECT 1 FROM seeded_cameras WHERE id = ?');
      const remember = this.db.prepare('INSERT INTO seeded_cameras (id, seeded_at) VALUES (?, ?)');
      for (const camera of cameras) {
        if (seen.get(camera.id)) {
          report.known.push(camera.id);
          continue;
        }
        remember.run(camera.id, new Date().toISOString());
        if (this.insert(camera)) report.added.push(camera.id);
        else report.known.push(camera.id);
      }
    })();
    return report;
  }

  private parse(id: string, json: string): CameraConfig | undefined {
    const cached = this.parsed.get(id);
    if (cached?.json === json) return structuredClone(cached.camera);
    const parsed = cameraConfigSchema.safeParse(JSON.parse(json));
    if (parsed.success) {
      this.parsed.set(id, { json, camera: parsed.data });
      return structuredClone(parsed.data);
    }
    this.onInvalid(id, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
    return undefined;
  }
}

/**
 * The cameras of the database at `file`, opened read-only (a running server may be using it),
 * for tools beside the server; undefined when there is no database yet. Throws when it cannot be
 * read. A stored camera that no longer validates is reported to `onInvalid` and left out.
 */
export function readStoredCameras(
  file: string,
  onInvalid?: (id: string, reason: string) => void,
): CameraConfig[] | undefined {
  if (!fs.existsSync(file)) return undefined;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return new CameraStore(db, onInvalid).list();
  } finally {
    db.close();
  }
}
