import { formatFps, formatMs, statusLabel } from '../format';
import { describeSchedule } from '../schedule';
import type { Camera } from '../types';

/** Status, schedule, throughput and the last error of one camera. */
export function CameraStatsPanel({ camera }: { camera: Camera }) {
  const { stats } = camera;
  const zones = camera.ppe?.zones ?? [];
  return (
    <div className="camera-stats">
      <dl className="facts" data-testid="camera-stats">
        <dt>Status</dt>
        <dd>
          {statusLabel(camera.status)}
          {camera.restarts ? <span className="facts__aside">{camera.restarts} restarts</span> : null}
        </dd>
        <dt>Detection</dt>
        <dd>
          {camera.detecting
            ? stats?.idle
              ? 'Active, idle (nothing moves)'
              : 'Active, motion'
            : camera.enabled
              ? 'Outside schedule'
              : 'Off'}
          <span className="facts__aside" title="Detection schedule">
            {camera.schedule ? describeSchedule(camera.schedule) : 'no schedule'}
          </span>
        </dd>
        <dt>Throughput</dt>
        <dd className="num">
          {formatFps(stats?.inputFps)} fps in · {formatFps(stats?.detectFps)} fps detected
        </dd>
        <dt>Inference</dt>
        <dd className="num">
          {formatMs(stats?.inferenceMs)}
          {stats && stats.passesPerFrame > 1 ? (
            <span className="facts__aside" title="The whole frame and its tiles (detect.tiles)">
              {stats.passesPerFrame} passes per frame
            </span>
          ) : null}
          <span className="facts__aside">{stats?.droppedFrames ?? '–'} frames dropped</span>
        </dd>
        <dt>People judged</dt>
        <dd className="num">{stats?.peopleJudged ?? '–'}</dd>
        <dt>Zones</dt>
        <dd>{zones.length ? zones.map((z) => z.name).join(', ') : 'whole frame'}</dd>
        <dt>Source</dt>
        <dd className="facts__mono" title={camera.url}>
          {camera.url}
        </dd>
        {camera.node ? (
          <>
            <dt>Node</dt>
            <dd className="facts__small">{camera.node}</dd>
          </>
        ) : null}
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
