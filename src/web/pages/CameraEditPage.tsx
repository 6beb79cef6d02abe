import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import {
  ApiError,
  createCamera,
  errorMessage,
  getCamera,
  isAbortError,
  loadFailure,
  probeCamera,
  replaceCamera,
  snapshotUrl,
  startRequest,
  type FieldError,
  type LoadFailure,
} from '../api';
import { useAuth } from '../auth/context';
import { AdminForbidden } from '../components/admin/AdminForbidden';
import { FieldMessages } from '../components/admin/FieldMessages';
import { pickErrors, unclaimedErrors } from '../components/admin/fieldErrors';
import { RequiredItems } from '../components/admin/RequiredItems';
import { ScheduleEditor } from '../components/admin/ScheduleEditor';
import { ZoneEditor } from '../components/admin/ZoneEditor';
import { Breadcrumb } from '../components/Breadcrumb';
import { CameraPending } from '../components/CameraPending';
import { Checkbox } from '../components/Checkbox';
import { SelectField } from '../components/SelectField';
import { StatusBadge } from '../components/StatusBadge';
import { TextField } from '../components/TextField';
import { useCameras } from '../live/context';
import { browserTimeZone } from '../schedule';
import { href, navigate } from '../router';
import {
  DEFAULT_REQUIRED,
  type Camera,
  type CameraSettings,
  type PpeSettings,
  type Schedule,
  type ViolationKind,
  type Zone,
} from '../types';
import { setAdminFlash } from './AdminPage';

interface FormState {
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
  /** PPE settings the form does not edit (tracker, thresholds …), sent back unchanged. */
  ppeRest: Omit<PpeSettings, 'required' | 'zones'>;
}

const TRANSPORTS = [
  { value: 'tcp', label: 'TCP' },
  { value: 'udp', label: 'UDP' },
];

const DEFAULT_SCHEDULE = (): Schedule => ({
  timeZone: browserTimeZone(),
  windows: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '06:00', end: '18:00' }],
});

function formFromCamera(camera: Camera | null): FormState {
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
    ppeRest,
  };
}

function settingsOf(form: FormState): CameraSettings {
  const fps = form.fps.trim() === '' ? undefined : Number(form.fps);
  return {
    id: form.id.trim(),
    name: form.name.trim(),
    location: form.location.trim(),
    url: form.url.trim(),
    ...(fps === undefined ? {} : { fps }),
    enabled: form.enabled,
    rtspTransport: form.rtspTransport,
    ...(form.scheduleOn ? { schedule: form.schedule } : {}),
    ppe: { ...form.ppeRest, required: form.required, zones: form.zones },
  };
}

type Probe =
  | { key: string; state: 'running' }
  | { key: string; state: 'ok'; image: string; width: number; height: number }
  | { key: string; state: 'error'; errors: FieldError[]; message: string };

/** Add (cameraId null) or edit a camera: check the URL with a picture first, schedule, zones. */
export function CameraEditPage({ cameraId }: { cameraId: string | null }) {
  const { isAdmin } = useAuth();
  const { cameras, loaded, upsert } = useCameras();
  const isNew = cameraId === null;
  const live = cameraId ? cameras.find((c) => c.id === cameraId) : undefined;

  // The camera as it was when the form opened (live status updates do not reset the form).
  const [original, setOriginal] = useState<Camera | null>(null);
  const [loadError, setLoadError] = useState<LoadFailure | null>(null);
  const [form, setForm] = useState<FormState | null>(isNew ? formFromCamera(null) : null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (isNew || original) return;
    if (live) {
      setOriginal(live);
      setForm(formFromCamera(live));
      return;
    }
    if (!loaded) return;
    return startRequest(
      (signal) => getCamera(cameraId, { signal }),
      (camera) => {
        setOriginal(camera);
        setForm(formFromCamera(camera));
      },
      (err) => setLoadError(loadFailure(err)),
    );
  }, [isNew, original, live, loaded, cameraId, attempt]);

  // ---- probe ----
  const [probe, setProbe] = useState<Probe | null>(null);
  const probeController = useRef<AbortController | null>(null);
  const probeKey = form ? `${form.rtspTransport} ${form.url.trim()}` : '';
  useEffect(
    () => () => {
      probeController.current?.abort();
    },
    [],
  );
  useEffect(() => {
    const image = probe?.state === 'ok' ? probe.image : null;
    return () => {
      if (image) URL.revokeObjectURL(image);
    };
  }, [probe]);

  const runProbe = async () => {
    if (!form || !form.url.trim()) {
      setProbe({
        key: probeKey,
        state: 'error',
        errors: [{ field: 'url', message: 'enter the camera URL first' }],
        message: '',
      });
      return;
    }
    probeController.current?.abort();
    const controller = new AbortController();
    probeController.current = controller;
    const key = probeKey;
    setProbe({ key, state: 'running' });
    try {
      const blob = await probeCamera(
        {
          url: form.url.trim(),
          rtspTransport: form.rtspTransport,
          ...(isNew ? {} : { cameraId: cameraId ?? undefined }),
        },
        { signal: controller.signal },
      );
      const image = URL.createObjectURL(blob);
      const size = await imageSize(image);
      setProbe({ key, state: 'ok', image, ...size });
    } catch (err) {
      if (isAbortError(err)) return;
      const fields = err instanceof ApiError ? err.fields : [];
      // Errors that name no field (429 "probe: …", unreachable server) are shown at the URL too.
      const errors = fields.length
        ? fields.map((f) =>
            f.field === 'url' ? f : { field: 'url', message: `${f.field ? `${f.field}: ` : ''}${f.message}` },
          )
        : [{ field: 'url', message: errorMessage(err) }];
      setProbe({ key, state: 'error', errors, message: errorMessage(err) });
    }
  };

  // ---- save ----
  const [saving, setSaving] = useState(false);
  const [saveErrors, setSaveErrors] = useState<FieldError[]>([]);
  const [saveUnchecked, setSaveUnchecked] = useState(false);
  // One snapshot of the camera per visit (re-renders must not refetch it).
  const [snapshotStamp] = useState(() => Date.now());

  if (!isAdmin) return <AdminForbidden message="Only an admin can add or change cameras." />;
  if (!form) {
    return (
      <CameraPending
        cameraId={cameraId}
        error={loadError}
        back={{ to: href.admin(), label: 'Cameras', text: 'Back to the cameras' }}
        onRetry={() => setAttempt((a) => a + 1)}
      />
    );
  }

  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => {
    setForm((f) => (f ? { ...f, [key]: value } : f));
    // An edited field's API errors are stale now.
    const path =
      key === 'zones'
        ? 'ppe.zones'
        : key === 'required'
          ? 'ppe.required'
          : key === 'scheduleOn'
            ? 'schedule'
            : String(key);
    setSaveErrors((errs) => errs.filter((e) => !e.field.startsWith(path)));
  };

  const urlChanged = isNew || form.url.trim() !== original?.url || form.rtspTransport !== original?.rtspTransport;
  const currentProbe = probe && probe.key === probeKey ? probe : null;
  const checked = currentProbe?.state === 'ok';
  const probeFailed = currentProbe?.state === 'error';
  const canSave = !saving && (!urlChanged || checked || (probeFailed && saveUnchecked));
  const errors: FieldError[] = [...saveErrors, ...(probeFailed ? currentProbe.errors : [])];
  /** What ties a text field to `form[key]`: its value, its test ids (`field-…`, `error-…`) and its API errors. */
  const textField = (key: 'id' | 'name' | 'location' | 'url' | 'fps') => ({
    testId: `field-${key}`,
    value: form[key],
    onChange: (value: string) => set(key, value),
    errors: pickErrors(errors, key),
    errorTestId: `error-${key}`,
  });

  // The picture zones are drawn on: the checked URL's, else the camera's latest frame.
  const zoneImage = checked ? currentProbe.image : !isNew && !urlChanged ? snapshotUrl(cameraId!, snapshotStamp) : null;
  const zoneNote = isNew || urlChanged ? 'Check the URL above to get a picture, then draw zones on it.' : null;

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!canSave) return;
    setSaving(true);
    setSaveErrors([]);
    try {
      const settings = settingsOf(form);
      const camera = isNew ? await createCamera(settings) : await replaceCamera(cameraId!, settings);
      upsert(camera);
      setAdminFlash(`${isNew ? 'Added' : 'Saved'} camera “${camera.name}”.`);
      navigate(href.admin());
    } catch (err) {
      const fields =
        err instanceof ApiError && err.fields.length ? err.fields : [{ field: '', message: errorMessage(err) }];
      setSaveErrors(fields);
      setSaving(false);
    }
  };

  const topLevel = [
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
  ];
  const general = unclaimedErrors(errors, topLevel);

  return (
    <form className="page camera-form" data-testid="camera-form" onSubmit={(e) => void save(e)} noValidate>
      <div className="camera-form__head">
        <Breadcrumb to={href.admin()} label="Cameras" />
        <h1 className="section-head__title">{isNew ? 'Add camera' : `Edit ${original?.name ?? cameraId}`}</h1>
        {live ? <StatusBadge cameraId={`edit-${live.id}`} status={live.status} /> : null}
      </div>

      <FieldMessages messages={general} testId="error-general" />

      <div className="editor-grid">
        <FormSection headingId="form-camera" title="Camera">
          <TextField
            label="Id"
            {...textField('id')}
            width="full"
            disabled={!isNew}
            placeholder="gate-1"
            spellCheck={false}
            autoCapitalize="none"
            hint={
              isNew
                ? 'Letters, digits, - and _; names folders and URLs; cannot be changed later.'
                : 'Cannot be changed.'
            }
          />
          <TextField label="Name" {...textField('name')} width="full" placeholder="Gate 1" />
          <TextField label="Location" {...textField('location')} width="full" placeholder="North yard" />
          <div className="form-row">
            <TextField
              label="Frames per second"
              {...textField('fps')}
              width="narrow"
              type="number"
              min="0.1"
              max="60"
              step="any"
              inputMode="decimal"
            />
            <Checkbox
              className="checkbox--field"
              testId="field-enabled"
              checked={form.enabled}
              onChange={(enabled) => set('enabled', enabled)}
            >
              Enabled
            </Checkbox>
          </div>
        </FormSection>

        <FormSection headingId="form-source" title="Source">
          <TextField
            label="URL"
            {...textField('url')}
            width="full"
            mono
            placeholder="rtsp://user:password@192.0.2.10:554/stream1"
            spellCheck={false}
            autoCapitalize="none"
            onChange={(url) => {
              set('url', url);
              setSaveUnchecked(false);
            }}
            hint={
              <>
                rtsp://, rtsps://, http(s):// (MJPEG/HLS), an absolute video file path, or /dev/video*.
                {!isNew && form.url.includes('***') ? ' *** keeps the stored user name and password.' : ''}
              </>
            }
          />
          <div className="form-row">
            <SelectField
              label="RTSP transport"
              testId="field-transport"
              narrow
              value={form.rtspTransport}
              options={TRANSPORTS}
              onChange={(transport) => set('rtspTransport', transport === 'udp' ? 'udp' : 'tcp')}
            />
            <button
              type="button"
              className="button"
              data-testid="probe-button"
              disabled={currentProbe?.state === 'running'}
              onClick={() => void runProbe()}
            >
              {currentProbe?.state === 'running' ? <span className="spinner" aria-hidden="true" /> : null}
              {currentProbe?.state === 'running' ? 'Checking…' : 'Check URL'}
            </button>
          </div>
          <div
            className="probe"
            data-testid="probe-preview"
            data-state={currentProbe?.state ?? (urlChanged ? 'unchecked' : 'unchanged')}
          >
            {currentProbe?.state === 'ok' ? (
              <>
                <img
                  className="probe__image"
                  src={currentProbe.image}
                  alt="Picture from the camera URL"
                  data-testid="probe-image"
                />
                <span className="probe__caption probe__caption--ok" data-testid="probe-status">
                  ✓ Picture received ({currentProbe.width}×{currentProbe.height})
                </span>
              </>
            ) : currentProbe?.state === 'running' ? (
              <span className="probe__caption">
                <span className="spinner" aria-hidden="true" /> Grabbing a picture (up to 10 s)…
              </span>
            ) : currentProbe?.state === 'error' ? (
              <span className="probe__caption probe__caption--error" data-testid="probe-status">
                No picture from this URL.
              </span>
            ) : (
              <span className="probe__caption" data-testid="probe-status">
                {urlChanged ? 'Check the URL to see a picture from it before saving.' : 'URL unchanged.'}
              </span>
            )}
          </div>
        </FormSection>
      </div>

      <FormSection headingId="form-detection" title="Detection">
        <RequiredItems
          required={form.required}
          onChange={(required) => set('required', required)}
          testIdPrefix="ppe"
          label="Required PPE (where no zone says otherwise)"
        />
        <FieldMessages messages={pickErrors(errors, 'ppe.required')} testId="error-required" />
        <ScheduleEditor
          enabled={form.scheduleOn}
          onEnabledChange={(on) => set('scheduleOn', on)}
          schedule={form.schedule}
          onChange={(schedule) => set('schedule', schedule)}
          errors={errors}
        />
      </FormSection>

      <FormSection headingId="form-zones" title="Zones">
        <ZoneEditor
          zones={form.zones}
          onChange={(zones) => set('zones', zones)}
          image={zoneImage}
          imageNote={zoneNote}
          errors={errors}
          cameraRequired={form.required}
        />
        <FieldMessages
          messages={pickErrors(
            errors,
            'ppe.zones',
            form.zones.map((_, i) => `ppe.zones[${i}]`),
          )}
          testId="error-zones"
        />
      </FormSection>

      <div className="form-actions">
        <span className="form-actions__status" data-testid="save-status">
          {urlChanged && !checked
            ? probeFailed
              ? 'The URL gave no picture.'
              : 'Check the URL before saving.'
            : urlChanged
              ? 'URL checked.'
              : ''}
        </span>
        {urlChanged && probeFailed ? (
          <Checkbox testId="save-unchecked" checked={saveUnchecked} onChange={setSaveUnchecked}>
            Save anyway (the camera is offline now)
          </Checkbox>
        ) : null}
        <a className="button button--ghost" href={href.admin()} data-testid="cancel-edit">
          Cancel
        </a>
        <button type="submit" className="button button--primary" data-testid="save-camera" disabled={!canSave}>
          {saving ? <span className="spinner" aria-hidden="true" /> : null}
          {isNew ? 'Add camera' : 'Save changes'}
        </button>
      </div>
    </form>
  );
}

/** A titled part of the form. */
function FormSection({ headingId, title, children }: { headingId: string; title: string; children: ReactNode }) {
  return (
    <section className="panel form-section" aria-labelledby={headingId}>
      <h2 id={headingId} className="panel__title">
        {title}
      </h2>
      {children}
    </section>
  );
}

function imageSize(src: string): Promise<{ width: number; height: number }> {
  return new Promise((resolve) => {
    const img = new Image();
    img.onload = () => resolve({ width: img.naturalWidth, height: img.naturalHeight });
    img.onerror = () => resolve({ width: 0, height: 0 });
    img.src = src;
  });
}
