import { memo } from 'react';
import { formatFps, hasVideo } from '../format';
import { href } from '../router';
import type { Camera } from '../types';
import { LiveImage, type LiveImageMode } from './LiveImage';
import { StatusBadge } from './StatusBadge';

interface CameraTileProps {
  camera: Camera;
  mode: LiveImageMode;
}

/** One camera in the live grid; the whole tile links to the camera view. */
export const CameraTile = memo(function CameraTile({ camera, mode }: CameraTileProps) {
  const { stats } = camera;
  const showError = (camera.status === 'failed' || camera.status === 'offline') && camera.lastError;
  return (
    <a
      className={`camera-tile camera-tile--${camera.status}`}
      href={href.camera(camera.id)}
      data-testid={`tile-${camera.id}`}
      data-status={camera.status}
      aria-label={`${camera.name}, ${camera.location}: ${camera.status}`}
    >
      <LiveImage cameraId={camera.id} cameraName={camera.name} status={camera.status} mode={mode} />
      <div className="camera-tile__bar">
        <div className="camera-tile__titles">
          <span className="camera-tile__name">{camera.name}</span>
          <span className="camera-tile__location">{camera.location}</span>
        </div>
        <div className="camera-tile__meta">
          <StatusBadge cameraId={camera.id} status={camera.status} />
          <span className="camera-tile__fps" title="Input fps · detection fps" data-testid={`fps-${camera.id}`}>
            {hasVideo(camera.status) ? (
              <>
                {formatFps(stats?.inputFps)} fps
                {camera.status === 'detecting' ? <> · det {formatFps(stats?.detectFps)}</> : null}
                {camera.status === 'detecting' && stats?.idle ? (
                  <span title="Nothing moves: detected every few seconds" data-testid={`idle-${camera.id}`}>
                    {' '}
                    · idle
                  </span>
                ) : null}
              </>
            ) : (
              'no video'
            )}
          </span>
        </div>
      </div>
      {showError ? (
        <div className="camera-tile__error" title={camera.lastError}>
          {camera.lastError}
        </div>
      ) : null}
      {mode === 'snapshot' && (camera.status === 'streaming' || camera.status === 'detecting') ? (
        <span
          className="camera-tile__mode"
          title="Refreshing snapshots to save connections; open the camera for full video"
        >
          snapshot
        </span>
      ) : null}
    </a>
  );
});
