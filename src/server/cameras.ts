import fs from 'node:fs';
import path from 'node:path';
import type { EventEmitter } from 'node:events';
import type { CameraConfig } from '../config/schema';
import { NO_STATS } from '../domain/events';
import { classifySource } from '../ingest/ffmpeg-args';
import { maskUrl } from '../ingest/mask-url';
import type { CameraStore } from '../store/cameras';
import type { CameraView } from '../hosting/supervisor';
import { badRequest, conflict, notFound, parseOr400 } from './http';
import { cameraBody, READ_ONLY_CAMERA_FIELDS, type CameraJson } from './schemas';

export const noSuchCamera = (id: string) => notFound(`id: no camera with id ${id}`);

/** What the camera service needs from the supervisor. */
export interface CameraRuntime {
  apply(cameras: CameraConfig[]): void;
  get(id: string): CameraView | undefined;
}

/** A camera as the API returns it: its settings (URL masked) and its live state. */
export function cameraJson(c: CameraConfig, view: CameraView | undefined): CameraJson {
  return {
    ...c,
    url: maskUrl(c.url),
    status: view?.status ?? (c.enabled ? 'connecting' : 'stopped'),
    detecting: view?.detecting ?? false,
    ...(view?.lastError ? { lastError: maskUrl(view.lastError) } : {}),
    stats: view?.stats ?? NO_STATS,
    restarts: view?.restarts ?? 0,
    ...(view?.node ? { node: view.node } : {}),
  };
}

const USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)([^\s/?#]*)@/i;
const PARAM = /([?&])([^=&#]+)=([^&#]*)/g;

/**
 * The URL to store for an edit. The API only ever shows masked URLs (`rtsp://***:***@host/…`), so a
 * client sending one back means "keep the credentials": they are taken from the stored URL. A URL
 * that still holds `***` after that has credentials nobody can restore.
 */
export function restoreCredentials(url: string, stored: string | undefined): string {
  if (!url.includes('***')) return url;
  if (stored !== undefined && url === maskUrl(stored)) return stored;
  let out = url;
  if (stored !== undefined) {
    const storedInfo = USERINFO.exec(stored)?.[2];
    const info = USERINFO.exec(out)?.[2];
    if (storedInfo && (info === '***:***' || info === '***'))
      out = out.replace(USERINFO, (_a, scheme: string) => `${scheme}${storedInfo}@`);
    const storedParams = new Map([...stored.matchAll(PARAM)].map((m) => [m[2].toLowerCase(), m[3]]));
    out = out.replace(PARAM, (all, sep: string, name: string, value: string) =>
      value === '***' && storedParams.has(name.toLowerCase())
        ? `${sep}${name}=${storedParams.get(name.toLowerCase())}`
        : all,
    );
  }
  if (out.includes('***')) {
    throw badRequest('url: holds masked credentials (***) that cannot be restored; enter the user name and password');
  }
  return out;
}

/** Checks that ffmpeg can be pointed at the URL at all (scheme known; a file exists). */
export function checkSourceUrl(url: string): void {
  let kind: string;
  try {
    kind = classifySource(url).kind;
  } catch (err) {
    throw badRequest(`url: ${maskUrl((err as Error).message)}`);
  }
  if (kind === 'file') {
    const file = url.startsWith('file:') ? new URL(url).pathname : url;
    if (!path.isAbsolute(file)) throw badRequest('url: a video file must be given as an absolute path');
    if (!fs.existsSync(file)) throw badRequest(`url: video file not found: ${file}`);
  }
}

/**
 * Cameras are edited here: the database holds them, and every change is applied to the running
 * workers at once (only the changed camera's worker restarts).
 */
export class CameraService {
  constructor(
    private readonly store: CameraStore,
    private readonly runtime: CameraRuntime,
    private readonly events: EventEmitter,
  ) {}

  list(): CameraJson[] {
    return this.store.list().map((c) => cameraJson(c, this.runtime.get(c.id)));
  }

  get(id: string): CameraJson | undefined {
    const c = this.store.get(id);
    return c && cameraJson(c, this.runtime.get(id));
  }

  /** The stored config, credentials included: for the server's own use only. */
  stored(id: string): CameraConfig | undefined {
    return this.store.get(id);
  }

  names(): Map<string, string> {
    return new Map(this.store.list().map((c) => [c.id, c.name]));
  }

  /** Why the system is not ready: enabled cameras without a running worker. */
  readinessProblems(): string[] {
    const problems: string[] = [];
    for (const c of this.store.list()) {
      if (!c.enabled) continue;
      const view = this.runtime.get(c.id);
      if (!view) problems.push(`camera ${c.id}: no worker`);
      else if (view.status === 'failed') problems.push(`camera ${c.id}: worker failed (${view.restarts} restarts)`);
      else if (view.status === 'stopped') problems.push(`camera ${c.id}: worker stopped`);
    }
    return problems;
  }

  /** Makes the workers match the database. */
  apply(): void {
    this.runtime.apply(this.store.list());
  }

  create(raw: unknown): CameraJson {
    const input = withoutReadOnly(raw);
    const camera = this.validate(input, undefined);
    if (this.store.has(camera.id)) throw conflict(`id: a camera with id ${camera.id} exists already`);
    if (!this.store.insert(camera)) throw conflict(`id: a camera with id ${camera.id} exists already`);
    return this.changed(camera.id);
  }

  replace(id: string, raw: unknown): CameraJson {
    const { current, input } = this.edit(id, raw);
    return this.save(id, input, current);
  }

  patch(id: string, raw: unknown): CameraJson {
    const { current, input } = this.edit(id, raw);
    const merged: Record<string, unknown> = { ...current };
    for (const [key, value] of Object.entries(input)) {
      if (key === 'schedule' && value === null) delete merged.schedule;
      else merged[key] = value;
    }
    return this.save(id, merged, current);
  }

  remove(id: string): void {
    if (!this.store.remove(id)) throw noSuchCamera(id);
    this.apply();
    this.events.emit('camera-removed', { id });
  }

  /** The stored camera and the edit's fields (PUT, PATCH): the camera must exist and keep its id. */
  private edit(id: string, raw: unknown): { current: CameraConfig; input: Record<string, unknown> } {
    const current = this.store.get(id);
    if (!current) throw noSuchCamera(id);
    const input = withoutReadOnly(raw);
    if (input.id !== undefined && input.id !== id)
      throw badRequest('id: cannot be changed; delete the camera and add a new one');
    return { current, input };
  }

  private save(id: string, fields: Record<string, unknown>, current: CameraConfig): CameraJson {
    const camera = this.validate({ ...fields, id }, current);
    this.store.update(camera);
    return this.changed(id);
  }

  private validate(input: Record<string, unknown>, current: CameraConfig | undefined): CameraConfig {
    const camera = parseOr400(cameraBody, input, 'body');
    camera.url = restoreCredentials(camera.url, current?.url);
    if (camera.url !== current?.url) checkSourceUrl(camera.url);
    return camera;
  }

  private changed(id: string): CameraJson {
    this.apply();
    const json = this.get(id)!;
    this.events.emit('camera', json);
    return json;
  }
}

function withoutReadOnly(raw: unknown): Record<string, unknown> {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw badRequest('body: expected a JSON object');
  const copy: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
  for (const key of READ_ONLY_CAMERA_FIELDS) delete copy[key];
  return copy;
}
