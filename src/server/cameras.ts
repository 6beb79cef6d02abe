import type { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import type { CameraConfig } from '../config/schema';
import { NO_STATS } from '../domain/events';
import { maskUrl } from '../ingest/mask-url';
import { checkSourceLocation, checkVideoFile, SourceRefused } from '../ingest/source-check';
import type { CameraStore } from '../store/cameras';
import type { CameraView } from '../hosting/supervisor';
import { restoreCredentials } from './credentials';
import { badRequest, conflict, HttpError, notFound, parseOr400 } from './http';
import { grabJpeg, ProbeError } from './probe';
import { cameraBody, READ_ONLY_CAMERA_FIELDS, type CameraJson } from './schemas';
import { publicSourceError } from './source-errors';
import type { PpeItemService } from './ppe-items';

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
    ...(view?.lastError ? { lastError: publicSourceError(view.lastError) } : {}),
    stats: view?.stats ?? NO_STATS,
    restarts: view?.restarts ?? 0,
    ...(view?.node ? { node: view.node } : {}),
  };
}

/** What the camera service needs besides the store and the workers. */
export interface CameraServiceOptions {
  /** Folders video-file sources must be in. */
  mediaDirs: readonly string[];
  /** The kinds a camera requires must name items of its catalogue. */
  ppe: PpeItemService;
  log: Logger;
  /** How long a probe waits for a picture (default 10 s). */
  probeTimeoutMs?: number;
}

export interface ProbeRequest {
  url: string;
  rtspTransport: 'tcp' | 'udp';
  cameraId?: string;
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
    private readonly opts: CameraServiceOptions,
  ) {}

  list(): CameraJson[] {
    return this.store.list().map((c) => cameraJson(c, this.runtime.get(c.id)));
  }

  get(id: string): CameraJson | undefined {
    const c = this.store.get(id);
    return c && cameraJson(c, this.runtime.get(id));
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

  async create(raw: unknown): Promise<CameraJson> {
    const input = withoutReadOnly(raw);
    const camera = await this.validate(input, undefined);
    if (this.store.has(camera.id)) throw conflict(`id: a camera with id ${camera.id} exists already`);
    if (!this.store.insert(camera)) throw conflict(`id: a camera with id ${camera.id} exists already`);
    return this.changed(camera.id);
  }

  async replace(id: string, raw: unknown): Promise<CameraJson> {
    const { current, input } = this.edit(id, raw);
    return this.save(id, input, current);
  }

  async patch(id: string, raw: unknown): Promise<CameraJson> {
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

  /**
   * Grabs one picture from a URL not yet saved (masked credentials taken from `cameraId`'s stored
   * URL). Users learn one of a few reasons when it fails; the log gets ffmpeg's words.
   */
  async probe(request: ProbeRequest): Promise<Buffer> {
    const stored = request.cameraId === undefined ? undefined : this.store.get(request.cameraId);
    if (request.cameraId !== undefined && !stored) throw notFound(`cameraId: no camera with id ${request.cameraId}`);
    const url = restoreCredentials(request.url, stored?.url);
    const timeoutMs = this.opts.probeTimeoutMs ?? 10_000;
    const source = await this.checkSource(url, timeoutMs);
    try {
      return await grabJpeg(source, { rtspTransport: request.rtspTransport, timeoutMs });
    } catch (err) {
      if (!(err instanceof ProbeError)) throw err;
      this.opts.log.warn({ url: maskUrl(url), detail: err.message }, 'probe failed');
      throw new HttpError(422, `url: ${publicSourceError(err.message)}`);
    }
  }

  /** A 400 unless the URL may be used as a camera source (see checkSourceLocation). */
  private async checkSource(url: string, timeoutMs: number) {
    try {
      const source = checkSourceLocation(url, this.opts.mediaDirs);
      if (source.kind === 'file') await checkVideoFile(source, timeoutMs);
      return source;
    } catch (err) {
      if (!(err instanceof SourceRefused)) throw err;
      if (err.detail) this.opts.log.warn({ url: maskUrl(url), detail: err.detail }, 'source refused');
      throw badRequest(`url: ${err.message}`);
    }
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

  private async save(id: string, fields: Record<string, unknown>, current: CameraConfig): Promise<CameraJson> {
    const camera = await this.validate({ ...fields, id }, current);
    this.store.update(camera);
    return this.changed(id);
  }

  private async validate(input: Record<string, unknown>, current: CameraConfig | undefined): Promise<CameraConfig> {
    const camera = parseOr400(cameraBody, input, 'body');
    this.opts.ppe.checkCameraKinds(camera.ppe);
    camera.url = restoreCredentials(camera.url, current?.url);
    if (camera.url !== current?.url) await this.checkSource(camera.url, this.opts.probeTimeoutMs ?? 10_000);
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
