// The camera form's draft ⇄ the API's camera settings.

import { browserTimeZone } from '../../schedule';
import {
  DEFAULT_REQUIRED,
  type Camera,
  type CameraSettings,
  type PpeSettings,
  type PrivacyMask,
  type Schedule,
  type ViolationKind,
  type Zone,
} from '../../types';

export interface CameraDraft {
  id: string;
  name: string;
  location: string;
  url: string;
  fps: string;
  enabled: boolean;
  rtspTransport: 'tcp' | 'udp';
  scheduleOn: boolean;
  schedule: Schedule;
  required: ViolationKind[];
  zones: Zone[];
  privacyMasks: PrivacyMask[];
  /** PPE settings the form does not edit (tracker, thresholds …), sent back unchanged. */
  ppeRest: Omit<PpeSettings, 'required' | 'zones'>;
}

/** The settings fields whose API errors the form shows next to a control; the others go at the top. */
export const CLAIMED = [
  'id',
  'name',
  'location',
  'url',
  'fps',
  'enabled',
  'rtspTransport',
  'schedule',
  'ppe.required',
  'ppe.zones',
  'privacyMasks',
];

const DEFAULT_SCHEDULE = (): Schedule => ({
  timeZone: browserTimeZone(),
  windows: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '06:00', end: '18:00' }],
});

/** The draft of a camera, or of a new one (null). */
export function cameraDraft(camera: Camera | null): CameraDraft {
  if (!camera) {
    return {
      id: '',
      name: '',
      location: '',
      url: '',
      fps: '5',
      enabled: true,
      rtspTransport: 'tcp',
      scheduleOn: false,
      schedule: DEFAULT_SCHEDULE(),
      required: [...DEFAULT_REQUIRED],
      zones: [],
      privacyMasks: [],
      ppeRest: {},
    };
  }
  const { required, zones, ...ppeRest } = camera.ppe ?? {};
  return {
    id: camera.id,
    name: camera.name,
    location: camera.location ?? '',
    url: camera.url,
    fps: String(camera.fps ?? 5),
    enabled: camera.enabled,
    rtspTransport: camera.rtspTransport ?? 'tcp',
    scheduleOn: Boolean(camera.schedule),
    schedule: camera.schedule
      ? {
          timeZone: camera.schedule.timeZone || 'UTC',
          windows: camera.schedule.windows.map((w) => ({ ...w, days: [...w.days] })),
        }
      : DEFAULT_SCHEDULE(),
    required: required ?? [...DEFAULT_REQUIRED],
    zones: (zones ?? []).map((z) => ({ ...z, polygon: z.polygon.map((p) => [p[0], p[1]] as [number, number]) })),
    privacyMasks: (camera.privacyMasks ?? []).map((m) => ({ ...m, points: m.points.map((p) => [p[0], p[1]]) })),
    ppeRest,
  };
}

export function cameraSettings(draft: CameraDraft): CameraSettings {
  const fps = draft.fps.trim() === '' ? undefined : Number(draft.fps);
  return {
    id: draft.id.trim(),
    name: draft.name.trim(),
    location: draft.location.trim(),
    url: draft.url.trim(),
    ...(fps === undefined ? {} : { fps }),
    enabled: draft.enabled,
    rtspTransport: draft.rtspTransport,
    ...(draft.scheduleOn ? { schedule: draft.schedule } : {}),
    ppe: { ...draft.ppeRest, required: draft.required, zones: draft.zones },
    privacyMasks: draft.privacyMasks,
  };
}

/** The settings field the API's errors name for a draft field. */
export function settingsField(key: keyof CameraDraft): string {
  return key === 'zones'
    ? 'ppe.zones'
    : key === 'required'
      ? 'ppe.required'
      : key === 'scheduleOn'
        ? 'schedule'
        : String(key);
}
