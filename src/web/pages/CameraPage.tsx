import { useRef } from 'react';
import { snapshotUrl } from '../api';
import { useAuth } from '../auth/context';
import { Breadcrumb } from '../components/Breadcrumb';
import { CameraPending } from '../components/CameraPending';
import { CameraStatsPanel } from '../components/CameraStatsPanel';
import { CaptureList } from '../components/CaptureList';
import { ErrorNotice } from '../components/ErrorNotice';
import { LiveImage } from '../components/LiveImage';
import { Panel } from '../components/Panel';
import { StatusBadge } from '../components/StatusBadge';
import { useCamera } from '../hooks/useCamera';
import { useCameraCaptures } from '../hooks/useCameraCaptures';
import { useNow } from '../hooks/useNow';
import { useLiveCaptureIds } from '../live/context';
import { href } from '../router';
import type { Camera } from '../types';

/** One camera: the big live stream with boxes, its status and stats, and its recent captures. */
export function CameraPage({ cameraId }: { cameraId: string }) {
  const { camera, error: cameraError, retry } = useCamera(cameraId);
  const { captures, loaded, error, reload } = useCameraCaptures(cameraId);
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
        onRetry={retry}
      />
    );
  }

  return (
    <div className="camera-page" data-testid="camera-view" data-camera-id={camera.id}>
      <CameraHead camera={camera} onFullscreen={toggleFullscreen} />

      <div className="camera-page__body">
        <div className="camera-page__stage" ref={stageRef}>
          <LiveImage cameraId={camera.id} cameraName={camera.name} status={camera.status} size="large" />
        </div>
        <div className="camera-page__side">
          <Panel headingId="camera-status-heading" title="Status">
            <CameraStatsPanel camera={camera} />
          </Panel>
          <Panel headingId="camera-captures-heading" title="Recent captures" className="panel--grow">
            {error && captures.length === 0 ? (
              <ErrorNotice title="Could not load captures" message={error} onRetry={reload} />
            ) : null}
            <CaptureList
              captures={captures}
              variant="compact"
              scrollable
              now={now}
              freshIds={freshIds}
              filters={{ cameraId: camera.id }}
              loading={!loaded}
              emptyText={error ? null : 'No violations captured on this camera yet.'}
              label={`Recent captures on ${camera.name}`}
            />
          </Panel>
        </div>
      </div>
    </div>
  );
}

/** Name, place, status and node of the camera, and what can be done with it. */
function CameraHead({ camera, onFullscreen }: { camera: Camera; onFullscreen: () => void }) {
  const { isAdmin } = useAuth();
  return (
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
        <button type="button" className="button button--small" onClick={onFullscreen}>
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
  );
}
