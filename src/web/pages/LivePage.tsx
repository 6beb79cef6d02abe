import { CameraSummary } from '../components/CameraSummary';
import { CameraTile } from '../components/CameraTile';
import { CaptureList } from '../components/CaptureList';
import { ErrorNotice } from '../components/ErrorNotice';
import { Panel } from '../components/Panel';
import { MAX_GRID_STREAMS } from '../config';
import { hasVideo } from '../format';
import { useNow } from '../hooks/useNow';
import { useCameras, useCaptures, useLiveCaptureIds } from '../live/context';
import { href } from '../router';
import type { Camera } from '../types';
import type { LiveImageMode } from '../components/LiveImage';

/** Home: every camera's live tile, and the most recent captures growing live. */
export function LivePage() {
  const { cameras, loaded, error, reload } = useCameras();
  const captures = useCaptures();
  const freshIds = useLiveCaptureIds();
  const now = useNow(15_000);
  const modes = streamModes(cameras);

  return (
    <div className="live-layout">
      <section className="live-layout__main" aria-labelledby="live-heading">
        <div className="section-head">
          <h1 id="live-heading" className="section-head__title">
            Live cameras
          </h1>
          {cameras.length > 0 ? <CameraSummary cameras={cameras} /> : null}
        </div>
        {error && cameras.length === 0 ? (
          <ErrorNotice title="Could not load cameras" message={error} onRetry={reload} />
        ) : null}
        {!loaded ? (
          <div className="camera-grid" aria-busy="true">
            {[0, 1, 2, 3].map((i) => (
              <div key={i} className="camera-tile camera-tile--skeleton" />
            ))}
          </div>
        ) : cameras.length === 0 && !error ? (
          <div className="empty-state">No cameras are configured.</div>
        ) : (
          <div className="camera-grid" data-testid="camera-grid">
            {cameras.map((camera) => (
              <CameraTile key={camera.id} camera={camera} mode={modes.get(camera.id) ?? 'snapshot'} />
            ))}
          </div>
        )}
      </section>

      <Panel
        as="aside"
        className="live-layout__side"
        headingId="recent-heading"
        title="Recent captures"
        actions={
          <a className="panel__link" href={href.violations()}>
            All violations →
          </a>
        }
      >
        {captures.error && captures.recent.length === 0 ? (
          <ErrorNotice title="Could not load captures" message={captures.error} onRetry={captures.reload} />
        ) : null}
        <CaptureList
          captures={captures.recent}
          variant="compact"
          scrollable
          now={now}
          freshIds={freshIds}
          loading={!captures.loaded}
          emptyText={captures.error ? null : 'No violations captured yet.'}
          label="Recent captures"
        />
      </Panel>
    </div>
  );
}

/** The first MAX_GRID_STREAMS cameras with video get MJPEG; the rest refresh snapshots. */
function streamModes(cameras: readonly Camera[]): Map<string, LiveImageMode> {
  const modes = new Map<string, LiveImageMode>();
  let streams = 0;
  for (const camera of cameras) {
    if (hasVideo(camera.status) && streams < MAX_GRID_STREAMS) {
      modes.set(camera.id, 'mjpeg');
      streams += 1;
    } else if (!hasVideo(camera.status)) {
      // No connection is used while it has no video; it becomes MJPEG if a slot is free when it returns.
      modes.set(camera.id, 'mjpeg');
    } else {
      modes.set(camera.id, 'snapshot');
    }
  }
  return modes;
}
