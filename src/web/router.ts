// Dependency-free hash router. Hash URLs (`#/violations?kind=no-helmet`) work with any static server and
// survive reloads without server configuration. Add a page by extending `Route`, `parseRoute` and `href`.

import { useMemo, useSyncExternalStore } from 'react';
import { filtersToQuery, queryToFilters } from './filters';
import { AUDIT_ACTIONS, type AuditAction, type AuditFilters, type ViolationFilters } from './types';

export type StatsRange = '24h' | '7d' | '30d' | '90d';
export const STATS_RANGES: readonly StatsRange[] = ['24h', '7d', '30d', '90d'];

export interface StatsFilters {
  range: StatsRange;
  cameraId?: string;
}

export type Route =
  | { name: 'live' }
  | { name: 'camera'; cameraId: string }
  | { name: 'violations'; filters: ViolationFilters; captureId?: string }
  | { name: 'stats'; filters: StatsFilters }
  | { name: 'admin' }
  | { name: 'adminAlerts' }
  | { name: 'adminAudit'; filters: AuditFilters }
  | { name: 'adminCamera'; cameraId: string | null }
  | { name: 'notFound'; path: string };

function statsQuery(filters: StatsFilters): string {
  const query = new URLSearchParams();
  if (filters.range !== '24h') query.set('range', filters.range);
  if (filters.cameraId) query.set('camera', filters.cameraId);
  const qs = query.toString();
  return qs ? `?${qs}` : '';
}

/** The audit page's URL query: `user`, `action`, `camera`, `capture`, `from`, `to`. */
const AUDIT_QUERY_KEYS: ReadonlyArray<[keyof AuditFilters, string]> = [
  ['user', 'user'],
  ['action', 'action'],
  ['cameraId', 'camera'],
  ['captureId', 'capture'],
  ['from', 'from'],
  ['to', 'to'],
];

function auditQuery(filters: AuditFilters): string {
  const query = new URLSearchParams();
  for (const [field, key] of AUDIT_QUERY_KEYS) if (filters[field]) query.set(key, filters[field]);
  const qs = query.toString();
  return qs ? `?${qs}` : '';
}

function auditFilters(query: URLSearchParams): AuditFilters {
  const filters: AuditFilters = {};
  for (const [field, key] of AUDIT_QUERY_KEYS) {
    const value = query.get(key);
    if (!value) continue;
    if (field === 'action') {
      if ((AUDIT_ACTIONS as readonly string[]).includes(value)) filters.action = value as AuditAction;
    } else filters[field] = value;
  }
  return filters;
}

/** Links to every page. Always use these rather than writing hashes by hand. */
export const href = {
  live: () => '#/',
  camera: (cameraId: string) => `#/cameras/${encodeURIComponent(cameraId)}`,
  violations: (filters?: ViolationFilters) => `#/violations${filtersToQuery(filters)}`,
  violation: (captureId: string, filters?: ViolationFilters) =>
    `#/violations/${encodeURIComponent(captureId)}${filtersToQuery(filters)}`,
  stats: (filters: StatsFilters = { range: '24h' }) => `#/stats${statsQuery(filters)}`,
  admin: () => '#/admin',
  alerts: () => '#/admin/alerts',
  audit: (filters: AuditFilters = {}) => `#/admin/audit${auditQuery(filters)}`,
  newCamera: () => '#/admin/cameras/new',
  editCamera: (cameraId: string) => `#/admin/cameras/${encodeURIComponent(cameraId)}`,
};

export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#/, '') || '/';
  const [pathPart, queryPart = ''] = raw.split('?', 2);
  const query = new URLSearchParams(queryPart);
  const segments = pathPart
    .split('/')
    .filter(Boolean)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });

  if (segments.length === 0) return { name: 'live' };
  if (segments[0] === 'cameras' && segments.length === 2) return { name: 'camera', cameraId: segments[1] };
  if (segments[0] === 'violations' && segments.length <= 2) {
    return { name: 'violations', filters: queryToFilters(query), captureId: segments[1] };
  }
  if (segments[0] === 'stats' && segments.length === 1) {
    const range = query.get('range');
    const camera = query.get('camera');
    return {
      name: 'stats',
      filters: {
        range: (STATS_RANGES as readonly string[]).includes(range ?? '') ? (range as StatsRange) : '24h',
        ...(camera ? { cameraId: camera } : {}),
      },
    };
  }
  if (segments[0] === 'admin') {
    if (segments.length === 1) return { name: 'admin' };
    if (segments[1] === 'alerts' && segments.length === 2) return { name: 'adminAlerts' };
    if (segments[1] === 'audit' && segments.length === 2) return { name: 'adminAudit', filters: auditFilters(query) };
    if (segments[1] === 'cameras' && segments.length === 3) {
      return { name: 'adminCamera', cameraId: segments[2] === 'new' ? null : segments[2] };
    }
  }
  return { name: 'notFound', path: pathPart };
}

// ---- location store ----

let currentHash = typeof window === 'undefined' ? '' : window.location.hash;
let previousHash: string | null = null;

if (typeof window !== 'undefined') {
  // Registered once, before any React subscriber, so `previousRoute()` is current when they render.
  window.addEventListener('hashchange', () => {
    if (window.location.hash === currentHash) return;
    previousHash = currentHash;
    currentHash = window.location.hash;
  });
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

function getSnapshot(): string {
  return window.location.hash;
}

/** The current route; re-renders on navigation. */
export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, getSnapshot, () => '');
  return useMemo(() => parseRoute(hash), [hash]);
}

/** The route the user was on before the current one (within this tab), if any. */
export function previousRoute(): Route | null {
  return previousHash === null ? null : parseRoute(previousHash);
}

export function navigate(to: string, { replace = false }: { replace?: boolean } = {}): void {
  if (replace) window.location.replace(to);
  else window.location.hash = to.replace(/^#/, '');
}
