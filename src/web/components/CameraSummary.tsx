import type { Camera, CameraStatus } from '../types';

const ORDER: CameraStatus[] = ['detecting', 'streaming', 'connecting', 'offline', 'failed', 'stopped'];

/** "6 cameras: 3 detecting · 2 streaming · 1 offline" */
export function CameraSummary({ cameras }: { cameras: readonly Camera[] }) {
  const counts = new Map<CameraStatus, number>();
  for (const camera of cameras) counts.set(camera.status, (counts.get(camera.status) ?? 0) + 1);
  return (
    <div className="camera-summary" data-testid="camera-summary">
      <span className="camera-summary__total">
        {cameras.length} camera{cameras.length === 1 ? '' : 's'}
      </span>
      {ORDER.filter((s) => counts.has(s)).map((status) => (
        <span key={status} className={`camera-summary__item camera-summary__item--${status}`}>
          <span className="status-dot" aria-hidden="true" />
          {counts.get(status)} {status}
        </span>
      ))}
    </div>
  );
}
