import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, errorMessage, getCamera, getViolations, isAbortError, snapshotUrl } from '../api';
import { Breadcrumb } from '../components/Breadcrumb';
import { CameraStatsPanel } from '../components/CameraStatsPanel';
import { CaptureList } from '../components/CaptureList';
import { ErrorNotice } from '../components/ErrorNotice';
import { LiveImage } from '../components/LiveImage';
import { StatusBadge } from '../components/StatusBadge';
import { CAMERA_CAPTURES } from '../config';
import { useNow } from '../hooks/useNow';
import { useAuth } from '../auth/context';
import { mergeCaptures, removeCapture, replaceCapture } from '../live/captures';
import { useCameras, useCaptureChanges, useCaptureEvents, useCaptures, useLiveCaptureIds } from '../live/context';
import { href } from '../router';
import type { Camera, Capture } from '../types';

/** One camera: the big live stream with boxes, its status and stats, and its recent captures. */
export function CameraPage({ cameraId }: { cameraId: string }) {
  const { cameras, loaded: camerasLoaded } = useCameras();
  const { isAdmin } = useAuth();
  const { resyncToken } = useCaptures();
  const fromList = cameras.find((c) => c.id === cameraId);

  // The shared list (kept live by SSE) is preferred; fetch the camera only if it is not in it.
  const [fetched, setFetched] = useState<Camera | null>(null);
  const [cameraError, setCameraError] = useState<{ message: string; notFound: boolean } | null>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (fromList || !camerasLoaded) return;
    const controller = new AbortController();
    getCamera(cameraId, { signal: controller.signal }).then(
      (camera) => {
        setFetched(camera);
        setCameraError(null);
      },
      (err: unknown) => {
        if (isAbortError(err)) return;
        setCameraError({ message: errorMessage(err), notFound: err instanceof ApiError && err.notFound });
      },
    );
    return () => controller.abort();
  }, [cameraId, fromList, camerasLoaded, attempt]);
  const camera = fromList ?? (fetched?.id === cameraId ? fetched : null);

  // This camera's captures: the latest page, plus live ones.
  const [captures, setCaptures] = useState<Capture[]>([]);
  const [capturesLoaded, setCapturesLoaded] = useState(false);
  const [capturesError, setCapturesError] = useState<string | null>(null);
  const capturesRequest = useRef<AbortController | null>(null);
  const loadCaptures = useCallback(() => {
    capturesRequest.current?.abort();
    const controller = new AbortController();
    capturesRequest.current = controller;
    getViolations({ cameraId, limit: CAMERA_CAPTURES }, { signal: controller.signal }).then(
      (page) => {
        setCaptures((prev) => mergeCaptures(page.items, prev));
        setCapturesError(null);
        setCapturesLoaded(true);
      },
      (err: unknown) => {
        if (isAbortError(err)) return;
        setCapturesError(errorMessage(err));
        setCapturesLoaded(true);
      },
    );
  }, [cameraId]);
  useEffect(() => {
    setCaptures([]);
    setCapturesLoaded(false);
    loadCaptures();
    return () => capturesRequest.current?.abort();
  }, [loadCaptures]);
  useEffect(() => {
    if (resyncToken > 0) loadCaptures();
  }, [resyncToken, loadCaptures]);
  useCaptureEvents((capture) => {
    if (capture.cameraId === cameraId) setCaptures((prev) => mergeCaptures([capture], prev).slice(0, 200));
  });
  useCaptureChanges((change) => {
    if (change.type === 'updated') setCaptures((prev) => replaceCapture(prev, change.capture));
    else setCaptures((prev) => removeCapture(prev, change.id));
  });
  const freshIds = useLiveCaptureIds();
  const now = useNow(15_000);

  const stageRef = useRef<HTMLDivElement>(null);
  const toggleFullscreen = () => {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void stageRef.current?.requestFullscreen?.();
  };

  if (!camera) {
    if (cameraError) {
      return (
        <div className="page">
          <Breadcrumb to={href.live()} label="Live grid" />
          {cameraError.notFound ? (
            <div className="empty-state">
              Camera <code>{cameraId}</code> does not exist. <a href={href.live()}>Back to the live grid</a>
            </div>
          ) : (
            <ErrorNotice
              title="Could not load the camera"
              message={cameraError.message}
              onRetry={() => setAttempt((a) => a + 1)}
            />
          )}
        </div>
      );
    }
    return (
      <div className="page">
        <Breadcrumb to={href.live()} label="Live grid" />
        <div className="empty-state">
          <span className="spinner" aria-hidden="true" /> Loading camera…
        </div>
      </div>
    );
  }

  return (
    <div className="camera-page" data-testid="camera-view" data-camera-id={camera.id}>
      <div className="camera-page__head">
        <Breadcrumb to={href.live()} label="Live grid" />
        <h1 className="camera-page__title">{camera.name}</h1>
        <span className="camera-page__location">{camera.location}</span>
        <StatusBadge cameraId={camera.id} status={camera.status} size="large" />
        {camera.node ? (
          <span className="camera-page__node" data-testid="camera-node" title="Worker host running this camera">
            node {camera.node}
          </span>
        ) : null}
        <span className="camera-page__actions">
          <a className="button button--small" href={snapshotUrl(camera.id)} target="_blank" rel="noreferrer">
            Snapshot
          </a>
          <button type="button" className="button button--small" onClick={toggleFullscreen}>
            Fullscreen
          </button>
          <a className="button button--small" href={href.violations({ cameraId: camera.id })}>
            All captures
          </a>
          {isAdmin ? (
            <a className="button button--small" href={href.editCamera(camera.id)} data-testid="camera-edit">
              Edit camera
            </a>
          ) : null}
        </span>
      </div>

      <div className="camera-page__body">
        <div className="camera-page__stage" ref={stageRef}>
          <LiveImage cameraId={camera.id} cameraName={camera.name} status={camera.status} size="large" />
        </div>
        <div className="camera-page__side">
          <section className="panel" aria-labelledby="camera-status-heading">
            <div className="panel__head">
              <h2 id="camera-status-heading" className="panel__title">
                Status
              </h2>
            </div>
            <CameraStatsPanel camera={camera} />
          </section>
          <section className="panel panel--grow" aria-labelledby="camera-captures-heading">
            <div className="panel__head">
              <h2 id="camera-captures-heading" className="panel__title">
                Recent captures
              </h2>
            </div>
            {capturesError && captures.length === 0 ? (
              <ErrorNotice title="Could not load captures" message={capturesError} onRetry={loadCaptures} />
            ) : null}
            <CaptureList
              captures={captures}
              variant="compact"
              scrollable
              now={now}
              freshIds={freshIds}
              filters={{ cameraId: camera.id }}
              loading={!capturesLoaded}
              emptyText={capturesError ? null : 'No violations captured on this camera yet.'}
              label={`Recent captures on ${camera.name}`}
            />
          </section>
        </div>
      </div>
    </div>
  );
}
