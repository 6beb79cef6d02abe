import { statusLabel } from '../format';
import type { CameraStatus } from '../types';

interface StatusBadgeProps {
  cameraId: string;
  status: CameraStatus;
  size?: 'small' | 'large';
}

/**
 * Colour-coded camera status. The text is always shown (so colour is never the only signal) and is the
 * raw status value ("detecting", "offline", …), shown in capitals by CSS.
 */
export function StatusBadge({ cameraId, status, size = 'small' }: StatusBadgeProps) {
  return (
    <span
      className={`status-badge status-badge--${status} status-badge--${size}`}
      data-testid={`status-${cameraId}`}
      data-status={status}
      title={`Camera status: ${statusLabel(status)}`}
    >
      <span className="status-badge__dot" aria-hidden="true" />
      {status}
    </span>
  );
}
