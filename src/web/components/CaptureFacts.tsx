import { formatDateTime, formatPercent, formatUtc } from '../format';
import { href } from '../router';
import type { Capture } from '../types';
import { KindBadges } from './KindBadges';

/** Every field of a capture, as label and value. */
export function CaptureFacts({ capture }: { capture: Capture }) {
  return (
    <dl className="facts facts--detail" data-testid="capture-fields">
      <dt>Time</dt>
      <dd>
        <time dateTime={capture.time}>{formatDateTime(capture.time)}</time>
        <span className="facts__aside">{formatUtc(capture.time)}</span>
      </dd>
      <dt>Camera</dt>
      <dd>
        <a href={href.camera(capture.cameraId)}>{capture.cameraName}</a>
        <span className="facts__aside">{capture.cameraId}</span>
      </dd>
      <dt>Location</dt>
      <dd>{capture.location}</dd>
      <dt>Violation</dt>
      <dd>
        <KindBadges kinds={capture.kinds} />
      </dd>
      <dt>Track id</dt>
      <dd className="num">{capture.trackId}</dd>
      <dt>Confidence</dt>
      <dd className="num">{formatPercent(capture.confidence)}</dd>
      <dt>Zone</dt>
      <dd>{capture.zone ?? '—'}</dd>
      <dt>Box (px)</dt>
      <dd className="num facts__mono">{capture.box.map((v) => Math.round(v)).join(', ')}</dd>
      <dt>Capture id</dt>
      <dd className="facts__mono">{capture.id}</dd>
    </dl>
  );
}
