// Dependency-free hash router. Hash URLs (`#/violations?kind=no-helmet`) work with any static server and
// survive reloads without server configuration. Add a page by extending `Route`, `parseRoute` and `href`.

import { useMemo, useSyncExternalStore } from 'react';
import { isViolationKind, type ViolationFilters } from './types';

export type Route =
  | { name: 'live' }
  | { name: 'camera'; cameraId: string }
  | { name: 'violations'; filters: ViolationFilters; captureId?: string }
  | { name: 'notFound'; path: string };

function filtersToQuery(filters: ViolationFilters = {}): string {
  const query = new URLSearchParams();
  if (filters.cameraId) query.set('camera', filters.cameraId);
  if (filters.kind) query.set('kind', filters.kind);
  const qs = query.toString();
  return qs ? `?${qs}` : '';
}

function queryToFilters(query: URLSearchParams): ViolationFilters {
  const filters: ViolationFilters = {};
  const camera = query.get('camera');
  const kind = query.get('kind');
  if (camera) filters.cameraId = camera;
  if (isViolationKind(kind)) filters.kind = kind;
  return filters;
}

/** Links to every page. Always use these rather than writing hashes by hand. */
export const href = {
  live: () => '#/',
  camera: (cameraId: string) => `#/cameras/${encodeURIComponent(cameraId)}`,
  violations: (filters?: ViolationFilters) => `#/violations${filtersToQuery(filters)}`,
  violation: (captureId: string, filters?: ViolationFilters) =>
    `#/violations/${encodeURIComponent(captureId)}${filtersToQuery(filters)}`,
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
