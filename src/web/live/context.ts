// Shared live state: the camera list, the most recent captures and the server connection. One
// LiveProvider at the top of the app owns the only EventSource; pages read from these contexts.

import { createContext, useContext, useEffect, useRef, useState } from 'react';
import type { ServerHealth } from '../hooks/useServerHealth';
import type { EventSourceState } from '../hooks/useEventSource';
import type { Camera, Capture } from '../types';

export interface CamerasState {
  cameras: Camera[];
  loaded: boolean;
  error: string | null;
  reload: () => void;
  /** Apply a camera the API just returned (add/edit) without waiting for its event. */
  upsert: (camera: Camera) => void;
  /** Take a deleted camera out of the list at once. */
  remove: (id: string) => void;
}

export interface CapturesState {
  /** Most recent captures over all cameras, newest first, growing live. */
  recent: Capture[];
  loaded: boolean;
  error: string | null;
  reload: () => void;
  /** Register for every capture pushed by the server; returns an unsubscribe function. */
  subscribe: (listener: (capture: Capture) => void) => () => void;
  /** Register for reviews (`capture-updated`) and deletions (`capture-removed`) pushed by the server. */
  subscribeChanges: (listener: (change: CaptureChange) => void) => () => void;
  /** Tell every list about a change made here (a review answered by the API), without waiting for SSE. */
  publishChange: (change: CaptureChange) => void;
  /**
   * Increments after the live connection was lost and re-established. Captures may have been missed in
   * between, so lists should refetch when it changes.
   */
  resyncToken: number;
}

export type CaptureChange = { type: 'updated'; capture: Capture } | { type: 'removed'; id: string };

export interface ConnectionState {
  health: ServerHealth;
  events: EventSourceState;
}

export const CamerasContext = createContext<CamerasState | null>(null);
export const CapturesContext = createContext<CapturesState | null>(null);
export const ConnectionContext = createContext<ConnectionState | null>(null);

function required<T>(value: T | null, name: string): T {
  if (value === null) throw new Error(`${name} used outside <LiveProvider>`);
  return value;
}

export function useCameras(): CamerasState {
  return required(useContext(CamerasContext), 'useCameras');
}

export function useCaptures(): CapturesState {
  return required(useContext(CapturesContext), 'useCaptures');
}

export function useConnection(): ConnectionState {
  return required(useContext(ConnectionContext), 'useConnection');
}

/** Calls `listener` for every capture pushed by the server while the component is mounted. */
export function useCaptureEvents(listener: (capture: Capture) => void): void {
  const { subscribe } = useCaptures();
  const ref = useRef(listener);
  ref.current = listener;
  useEffect(() => subscribe((capture) => ref.current(capture)), [subscribe]);
}

/** Calls `listener` for every review or deletion of a capture while the component is mounted. */
export function useCaptureChanges(listener: (change: CaptureChange) => void): void {
  const { subscribeChanges } = useCaptures();
  const ref = useRef(listener);
  ref.current = listener;
  useEffect(() => subscribeChanges((change) => ref.current(change)), [subscribeChanges]);
}

/** Ids of captures pushed live since the component mounted (to highlight them briefly). */
export function useLiveCaptureIds(limit = 200): ReadonlySet<string> {
  const [ids, setIds] = useState<ReadonlySet<string>>(() => new Set());
  useCaptureEvents((capture) => {
    setIds((prev) => {
      const next = new Set(prev);
      next.add(capture.id);
      if (next.size > limit) next.delete(next.values().next().value as string);
      return next;
    });
  });
  return ids;
}
