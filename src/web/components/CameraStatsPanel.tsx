import { formatFps, formatMs, statusLabel } from '../format';
import type { Camera } from '../types';

/** Status, schedule, throughput and the last error of one camera. */
export function CameraStatsPanel({ camera }: { camera: Camera }) {
  const { stats } = camera;
  return (
    <div className="camera-stats">
      <dl className="facts" data-testid="camera-stats">
        <dt>Status</dt>
        <dd>{statusLabel(camera.status)}</dd>
        <dt>Enabled</dt>
        <dd>{camera.enabled ? 'Yes' : 'No'}</dd>
        <dt>Detection schedule</dt>
        <dd>{camera.detecting ? 'Active now' : 'Outside schedule'}</dd>
        <dt>Input</dt>
        <dd className="num">{formatFps(stats?.inputFps)} fps</dd>
        <dt>Detection</dt>
        <dd className="num">{formatFps(stats?.detectFps)} fps</dd>
        <dt>Inference</dt>
        <dd className="num">{formatMs(stats?.inferenceMs)}</dd>
        <dt>Dropped frames</dt>
        <dd className="num">{stats?.droppedFrames ?? '–'}</dd>
        <dt>Source</dt>
        <dd className="facts__mono" title={camera.url}>
          {camera.url}
        </dd>
      </dl>
      {camera.lastError ? (
        <div
          className={`last-error${camera.status === 'failed' || camera.status === 'offline' ? ' last-error--active' : ''}`}
          data-testid="last-error"
        >
          <span className="last-error__label">Last error</span>
          <span className="last-error__text">{camera.lastError}</span>
        </div>
      ) : null}
    </div>
  );
}
