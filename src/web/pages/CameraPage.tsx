import { useEffect, useRef, useState } from 'react';
import { getCamera, getViolations, loadFailure, snapshotUrl, startRequest, type LoadFailure } from '../api';
import { Breadcrumb } from '../components/Breadcrumb';
import { CameraPending } from '../components/CameraPending';
import { CameraStatsPanel } from '../components/CameraStatsPanel';
import { CaptureList } from '../components/CaptureList';
import { ErrorNotice } from '../components/ErrorNotice';
import { LiveImage } from '../components/LiveImage';
import { Panel } from '../components/Panel';
import { StatusBadge } from '../components/StatusBadge';
import { CAMERA_CAPTURES } from '../config';
import { useNow } from '../hooks/useNow';
import { useReloadable } from '../hooks/useReloadable';
import { useAuth } from '../auth/context';
import { applyCaptureChange, mergeCaptures } from '../live/captures';
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
  const [cameraError, setCameraError] = useState<LoadFailure | null>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (fromList || !camerasLoaded) return;
    return startRequest(
      (signal) => getCamera(cameraId, { signal }),
      (camera) => {
        setFetched(camera);
        setCameraError(null);
      },
      (err) => setCameraError(loadFailure(err)),
    );
  }, [cameraId, fromList, camerasLoaded, attempt]);
  const camera = fromList ?? (fetched?.id === cameraId ? fetched : null);

  // This camera's captures: the latest page, plus live ones.
  const [captures, setCaptures] = useState<Capture[]>([]);
  const capturesLoad = useReloadable(
    (signal) => getViolations({ cameraId, limit: CAMERA_CAPTURES }, { signal }),
    (page) => setCaptures((prev) => mergeCaptures(page.items, prev)),
    [cameraId],
  );
  const { load: loadCaptures, setLoaded: setCapturesLoaded, abort: abortCaptures } = capturesLoad;
  useEffect(() => {
    setCaptures([]);
    setCapturesLoaded(false);
    loadCaptures();
    return abortCaptures;
  }, [loadCaptures, setCapturesLoaded, abortCaptures]);
  useEffect(() => {
    if (resyncToken > 0) loadCaptures();
  }, [resyncToken, loadCaptures]);
  useCaptureEvents((capture) => {
    if (capture.cameraId === cameraId) setCaptures((prev) => mergeCaptures([capture], prev).slice(0, 200));
  });
  useCaptureChanges((change) => setCaptures((prev) => applyCaptureChange(prev, change)));
  const freshIds = useLiveCaptureIds();
  const now = useNow(15_000);

  const stageRef = useRef<HTMLDivElement>(null);
  const toggleFullscreen = () => {
    if (document.fullscreenElement) void document.exitFullscreen();
    else void stageRef.current?.requestFullscreen?.();
  };

  if (!camera) {
    return (
      <CameraPending
        cameraId={cameraId}
        error={cameraError}
        back={{ to: href.live(), label: 'Live grid', text: 'Back to the live grid' }}
        onRetry={() => setAttempt((a) => a + 1)}
      />
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
          <Panel headingId="camera-status-heading" title="Status">
            <CameraStatsPanel camera={camera} />
          </Panel>
          <Panel headingId="camera-captures-heading" title="Recent captures" className="panel--grow">
            {capturesLoad.error && captures.length === 0 ? (
              <ErrorNotice title="Could not load captures" message={capturesLoad.error} onRetry={loadCaptures} />
            ) : null}
            <CaptureList
              captures={captures}
              variant="compact"
              scrollable
              now={now}
              freshIds={freshIds}
              filters={{ cameraId: camera.id }}
              loading={!capturesLoad.loaded}
              emptyText={capturesLoad.error ? null : 'No violations captured on this camera yet.'}
              label={`Recent captures on ${camera.name}`}
            />
          </Panel>
        </div>
      </div>
    </div>
  );
}
