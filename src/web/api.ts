// Typed access to the server's REST API (docs/api.md). All URLs are relative to the page's origin, so the
// same build works behind the Fastify server and behind the Vite dev/preview proxy. The session is an
// HttpOnly cookie the browser sends by itself; there is no token handling here.

import type {
  Camera,
  CameraSettings,
  CaptureDetail,
  CapturePage,
  CaptureStatus,
  Me,
  PpeItems,
  Stats,
  User,
  ViolationFilters,
} from './types';
import { resolveRange } from './filters';

const DEFAULT_TIMEOUT_MS = 15_000;

/** One `field: reason` of an API error. `field` is a path such as `ppe.zones[0].polygon`, or `body`, `auth`, … */
export interface FieldError {
  field: string;
  message: string;
}

/** Splits the API's `{ error: "a: reason; b.c: reason" }` text into its fields. */
export function parseFieldErrors(text: string): FieldError[] {
  const out: FieldError[] = [];
  for (const part of text.split('; ')) {
    const m = /^([A-Za-z_][\w.[\]-]*): ([\s\S]*)$/.exec(part);
    if (m) out.push({ field: m[1], message: m[2] });
    else if (out.length > 0) out[out.length - 1].message += `; ${part}`;
    else out.push({ field: '', message: part });
  }
  return out;
}

/** A failed API call. `status` is null when the server could not be reached at all. */
export class ApiError extends Error {
  readonly status: number | null;
  readonly url: string;
  /** The server's error text split by field (empty when the server sent no `error`). */
  readonly fields: FieldError[];

  constructor(message: string, status: number | null, url: string, fields: FieldError[] = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.url = url;
    this.fields = fields;
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

/**
 * Starts a request that can be called off: `onData` or `onError` gets its outcome, unless the returned
 * function aborted it first (an aborted request reports nothing). In an effect, return it as the clean-up.
 */
export function startRequest<T>(
  request: (signal: AbortSignal) => Promise<T>,
  onData: (data: T) => void,
  onError: (err: unknown) => void,
): () => void {
  const controller = new AbortController();
  request(controller.signal).then(onData, (err: unknown) => {
    if (!isAbortError(err)) onError(err);
  });
  return () => controller.abort();
}

/** A human-readable message for any error thrown by this module (or anything else). */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

/** Why one thing (a camera, a capture) could not be loaded, and whether it does not exist (404). */
export interface LoadFailure {
  message: string;
  notFound: boolean;
}

export function loadFailure(err: unknown): LoadFailure {
  return { message: errorMessage(err), notFound: err instanceof ApiError && err.notFound };
}

// ---- session expiry ----

let onUnauthorized: (() => void) | null = null;

/** Called whenever an API call answers 401 (the session ended): the app then checks /api/auth/me. */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

// ---- transport ----

export interface RequestOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}

interface SendOptions extends RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** Do not report a 401 as an ended session (the login call itself). */
  quiet401?: boolean;
}

export async function send(url: string, opts: SendOptions = {}): Promise<Response> {
  const { signal, timeoutMs = DEFAULT_TIMEOUT_MS, method = 'GET', body } = opts;
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
      const headers: Record<string, string> = { Accept: 'application/json' };
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      res = await fetch(url, {
        method,
        signal: controller.signal,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'same-origin',
      });
    } catch (err) {
      if (isAbortError(err) && !timedOut) throw err;
      throw new ApiError(timedOut ? 'The server did not answer in time' : 'Cannot reach the server', null, url);
    }
    if (!res.ok) {
      const text = await errorText(res);
      if (res.status === 401 && !opts.quiet401) onUnauthorized?.();
      throw new ApiError(
        text ?? `${res.status} ${res.statusText || 'error'}`,
        res.status,
        url,
        text ? parseFieldErrors(text) : [],
      );
    }
    return res;
  } catch (err) {
    if (isAbortError(err) && timedOut) throw new ApiError('The server did not answer in time', null, url);
    throw err;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

async function errorText(res: Response): Promise<string | null> {
  try {
    const body: unknown = await res.json();
    if (body && typeof body === 'object') {
      const message = (body as Record<string, unknown>).error ?? (body as Record<string, unknown>).message;
      if (typeof message === 'string' && message) return message;
    }
  } catch {
    // not JSON; the status line is enough
  }
  return null;
}

export async function json<T>(url: string, opts: SendOptions = {}): Promise<T> {
  const res = await send(url, opts);
  // An unknown path may fall through to the SPA's index.html; do not try to parse that.
  const type = res.headers.get('content-type') ?? '';
  if (!type.includes('json')) {
    throw new ApiError(`Unexpected response from ${url} (${type || 'no content type'})`, res.status, url);
  }
  return (await res.json()) as T;
}

export function withQuery(path: string, params: Record<string, string | number | undefined | null>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') query.set(key, String(value));
  }
  const qs = query.toString();
  return qs ? `${path}?${qs}` : path;
}

// ---- auth ----

export function getMe(opts?: RequestOptions): Promise<Me> {
  return json<Me>('/api/auth/me', { timeoutMs: 8_000, ...opts });
}

export async function login(username: string, password: string): Promise<User> {
  const res = await json<{ user: User }>('/api/auth/login', {
    method: 'POST',
    body: { username, password },
    quiet401: true,
  });
  return res.user;
}

export async function logout(): Promise<void> {
  await send('/api/auth/logout', { method: 'POST', quiet401: true });
}

// ---- cameras ----

const cameraPath = (id: string) => `/api/cameras/${encodeURIComponent(id)}`;

export function getCameras(opts?: RequestOptions): Promise<Camera[]> {
  return json<Camera[]>('/api/cameras', opts);
}

export function getCamera(id: string, opts?: RequestOptions): Promise<Camera> {
  return json<Camera>(cameraPath(id), opts);
}

export function createCamera(settings: CameraSettings): Promise<Camera> {
  return json<Camera>('/api/cameras', { method: 'POST', body: settings });
}

export function replaceCamera(id: string, settings: CameraSettings): Promise<Camera> {
  return json<Camera>(cameraPath(id), { method: 'PUT', body: settings });
}

export function patchCamera(id: string, patch: Partial<Omit<CameraSettings, 'id'>>): Promise<Camera> {
  return json<Camera>(cameraPath(id), { method: 'PATCH', body: patch });
}

export async function deleteCamera(id: string): Promise<void> {
  await send(cameraPath(id), { method: 'DELETE' });
}

/**
 * Grabs one picture from a URL (up to ~10 s). With `cameraId`, masked credentials are taken from that
 * camera. Resolves to a JPEG blob; rejects with ApiError (422 `url: <reason>` when unreadable).
 */
export async function probeCamera(
  input: { url: string; rtspTransport: 'tcp' | 'udp'; cameraId?: string },
  opts?: RequestOptions,
): Promise<Blob> {
  const res = await send('/api/cameras/probe', { method: 'POST', body: input, timeoutMs: 30_000, ...opts });
  return res.blob();
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

/** The API's query parameters for a set of filters (relative ranges resolved against `now`). */
export function filterParams(filters: ViolationFilters, now = Date.now()): Record<string, string | undefined> {
  const { from, to } = resolveRange(filters, now);
  return {
    cameraId: filters.cameraId,
    kind: filters.kind,
    status: filters.status,
    zone: filters.zone,
    from,
    to,
  };
}

export function getViolations(query: ViolationQuery = {}, opts?: RequestOptions): Promise<CapturePage> {
  const url = withQuery('/api/violations', { ...filterParams(query), limit: query.limit, before: query.before });
  return json<CapturePage>(url, opts).then((page) => ({
    items: Array.isArray(page?.items) ? page.items : [],
    nextCursor: page?.nextCursor ?? null,
  }));
}

const violationPath = (id: string) => `/api/violations/${encodeURIComponent(id)}`;

export function getViolation(id: string, opts?: RequestOptions): Promise<CaptureDetail> {
  return json<CaptureDetail>(violationPath(id), opts);
}

export function reviewViolation(
  id: string,
  status: Exclude<CaptureStatus, 'new'>,
  note?: string,
): Promise<CaptureDetail> {
  const body: { status: string; note?: string } = { status };
  if (note && note.trim()) body.note = note.trim();
  return json<CaptureDetail>(`${violationPath(id)}/review`, { method: 'POST', body });
}

export async function deleteViolation(id: string): Promise<void> {
  await send(violationPath(id), { method: 'DELETE' });
}

/** Link for downloading the captures matching `filters` as CSV (the cookie goes along). */
export function violationsCsvUrl(filters: ViolationFilters, now = Date.now()): string {
  return withQuery('/api/violations.csv', filterParams(filters, now));
}

// ---- stats ----

export function getStats(
  query: { from?: string; to?: string; cameraId?: string },
  opts?: RequestOptions,
): Promise<Stats> {
  return json<Stats>(withQuery('/api/stats', query), opts);
}

// ---- PPE items ----

export function getPpeItems(opts?: RequestOptions): Promise<PpeItems> {
  return json<PpeItems>('/api/ppe/items', opts);
}

// ---- server ----

/** Resolves when the server reports healthy; rejects with ApiError otherwise. */
export async function getHealth(opts?: RequestOptions): Promise<void> {
  const body = await json<{ status?: unknown }>('/health', { timeoutMs: 5_000, ...opts });
  if (body?.status !== 'ok') throw new ApiError(`Server reports status "${String(body?.status)}"`, 200, '/health');
}

/** Server-sent events: capture, capture-updated, capture-removed, camera, camera-removed. */
export const EVENTS_URL = '/api/events';
