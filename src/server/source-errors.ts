// What users are told when a source fails. ffmpeg's own words tell "no such file", "is a
// directory", "invalid data", "connection refused" and "401" apart, which lets a user map files
// and internal servers through probes and camera URLs; they are shown as one of a few reasons,
// and the detail goes to the server log only.
import { DETECTOR_RECONNECTING } from '../domain/events';
import { SOURCE_REFUSED } from '../ingest/source-check';
import { PICTURE_CHANGED_DETAIL } from '../ingest/source-contract';

export const SOURCE_REASONS = {
  unreachable: 'the source could not be reached',
  credentials: 'the source refused the user name or password',
  notVideo: 'the source sent no video',
  timeout: 'no answer from the source in time',
  refused: 'the source is not allowed (cameras are network streams, /dev/video<N> or video files in a media folder)',
  workerStopped: 'the camera worker stopped (details in the server log)',
  nodeSilent: 'the node running this camera stopped reporting',
  detectorReconnecting: DETECTOR_RECONNECTING,
} as const;

/**
 * The detector's own words about the configured model (not found, not ONNX, broken export) are
 * shown as they are: they name the operator's model file, not anything a camera URL or probe chose.
 * So is a picture change, in the product's own words.
 */
const MODEL_ERROR = /^(Model |Cannot (load|read) model )/;

const RULES: Array<[RegExp, string]> = [
  // First: the refusal's own words (a file's name, "not a video") must not match the rules below.
  [new RegExp(`^${SOURCE_REFUSED}`), SOURCE_REASONS.refused],
  [/\b40[13]\b|unauthori[sz]ed|forbidden|authori[sz]ation failed|access denied/i, SOURCE_REASONS.credentials],
  [/timed? ?out|within \d+(\.\d+)? s\b|no answer/i, SOURCE_REASONS.timeout],
  [
    /invalid data|no video|not a video|could not find codec|unsupported|moov atom|end of file|too large/i,
    SOURCE_REASONS.notVideo,
  ],
  [/^worker (exited|killed)/, SOURCE_REASONS.workerStopped],
  [/^no report from node/, SOURCE_REASONS.nodeSilent],
  [/^detector reconnecting/, SOURCE_REASONS.detectorReconnecting],
];

/** The reason shown to users for a source error (ffmpeg's message or the server's own). */
export function publicSourceError(detail: string): string {
  if (MODEL_ERROR.test(detail) || detail.startsWith(PICTURE_CHANGED_DETAIL)) return detail;
  return RULES.find(([pattern]) => pattern.test(detail))?.[1] ?? SOURCE_REASONS.unreachable;
}
