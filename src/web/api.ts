// Typed access to the server's REST API. All URLs are relative to the page's origin, so the same build
// works behind the Fastify server and behind the Vite dev/preview proxy.

import type { Camera, Capture, CapturePage, ViolationFilters } from './types';

const DEFAULT_TIMEOUT_MS = 15_000;

/** A failed API call. `status` is null when the server could not be reached at all. */
export class ApiError extends Error {
  readonly status: number | null;
  readonly url: string;

  constructor(message: string, status: number | null, url: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.url = url;
  }

  get unreachable(): boolean {
    return this.status === null;
  }

  get notFound(): boolean {
    return this.status === 404;
  }
}

export function isAbortError(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'AbortError';
}

/** A human-readable message for any error thrown by this module (or anything else). */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

interface RequestOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

async function getJson<T>(url: string, { signal, timeoutMs = DEFAULT_TIMEOUT_MS }: RequestOptions = {}): Promise<T> {
  // Combine the caller's signal with a timeout (AbortSignal.any is too new for some tablets).
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onAbort = () => controller.abort();
  if (signal?.aborted) controller.abort();
  signal?.addEventListener('abort', onAbort, { once: true });

  try {
    let res: Response;
    try {
      res = await fetch(url, { signal: controller.signal, headers: { Accept: 'application/json' } });
    } catch (err) {
      if (isAbortError(err) && !timedOut) throw err;
      throw new ApiError(timedOut ? 'The server did not answer in time' : 'Cannot reach the server', null, url);
    }
    if (!res.ok) {
      throw new ApiError(`${res.status} ${res.statusText || 'error'}${await errorDetail(res)}`, res.status, url);
    }
    // An unknown /api path may fall through to the SPA's index.html; do not try to parse that.
    const type = res.headers.get('content-type') ?? '';
    if (!type.includes('json')) {
      throw new ApiError(`Unexpected response from ${url} (${type || 'no content type'})`, res.status, url);
    }
    return (await res.json()) as T;
  } catch (err) {
    if (isAbortError(err) && timedOut) throw new ApiError('The server did not answer in time', null, url);
    throw err;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

async function errorDetail(res: Response): Promise<string> {
  try {
    const body: unknown = await res.json();
    if (body && typeof body === 'object') {
      const message = (body as Record<string, unknown>).message ?? (body as Record<string, unknown>).error;
      if (typeof message === 'string' && message) return `: ${message}`;
    }
  } catch {
    // not JSON; the status line is enough
  }
  return '';
}

function withQuery(path: string, params: Record<string, string | number | undefined | null>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') query.set(key, String(value));
  }
  const qs = query.toString();
  return qs ? `${path}?${qs}` : path;
}

const cameraPath = (id: string) => `/api/cameras/${encodeURIComponent(id)}`;

// ---- cameras ----

export function getCameras(opts?: RequestOptions): Promise<Camera[]> {
  return getJson<Camera[]>('/api/cameras', opts);
}

export function getCamera(id: string, opts?: RequestOptions): Promise<Camera> {
  return getJson<Camera>(cameraPath(id), opts);
}

/** MJPEG stream with detection boxes drawn; for `<img src>`. `bust` forces a fresh connection. */
export function liveStreamUrl(id: string, bust?: number): string {
  return bust ? withQuery(`${cameraPath(id)}/live.mjpeg`, { r: bust }) : `${cameraPath(id)}/live.mjpeg`;
}

/** Latest frame as a JPEG. `bust` defeats caches when polling. */
export function snapshotUrl(id: string, bust?: number): string {
  return bust ? withQuery(`${cameraPath(id)}/snapshot.jpg`, { t: bust }) : `${cameraPath(id)}/snapshot.jpg`;
}

// ---- violations ----

export interface ViolationQuery extends ViolationFilters {
  limit?: number;
  /** Cursor from a previous page's `nextCursor`. */
  before?: string | null;
}

export function getViolations(query: ViolationQuery = {}, opts?: RequestOptions): Promise<CapturePage> {
  const url = withQuery('/api/violations', {
    cameraId: query.cameraId,
    kind: query.kind,
    limit: query.limit,
    before: query.before,
  });
  return getJson<CapturePage>(url, opts).then((page) => ({
    items: Array.isArray(page?.items) ? page.items : [],
    nextCursor: page?.nextCursor ?? null,
  }));
}

export function getViolation(id: string, opts?: RequestOptions): Promise<Capture> {
  return getJson<Capture>(`/api/violations/${encodeURIComponent(id)}`, opts);
}

// ---- server ----

/** Resolves when the server reports healthy; rejects with ApiError otherwise. */
export async function getHealth(opts?: RequestOptions): Promise<void> {
  const body = await getJson<{ status?: unknown }>('/health', { timeoutMs: 5_000, ...opts });
  if (body?.status !== 'ok') throw new ApiError(`Server reports status "${String(body?.status)}"`, 200, '/health');
}

/** Server-sent events: `capture` (data: Capture) and `camera` (data: Camera). */
export const EVENTS_URL = '/api/events';
