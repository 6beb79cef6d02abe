// The parts of the camera form: the camera itself, its source (with the URL check), detection, zones.

import type { ReactNode } from 'react';
import type { FieldError } from '../../api';
import { Checkbox } from '../Checkbox';
import { SelectField } from '../SelectField';
import { TextField } from '../TextField';
import type { SetField } from '../alerts/SettingsForm';
import type { CameraDraft } from './cameraDraft';
import { FieldMessages } from './FieldMessages';
import { pickErrors } from './fieldErrors';
import { RequiredItems } from './RequiredItems';
import { ScheduleEditor } from './ScheduleEditor';
import type { Probe } from './useCameraProbe';
import { MaskEditor } from './MaskEditor';
import { ZoneEditor } from './ZoneEditor';

const TRANSPORTS = [
  { value: 'tcp', label: 'TCP' },
  { value: 'udp', label: 'UDP' },
];

interface SectionProps {
  draft: CameraDraft;
  set: SetField<CameraDraft>;
  /** The API's errors (of the last save, and of a failed URL check). */
  errors: readonly FieldError[];
}

/** What ties a text field to `draft[key]`: its value, its test ids (`field-…`, `error-…`) and its API errors. */
function textProps({ draft, set, errors }: SectionProps, key: 'id' | 'name' | 'location' | 'url' | 'fps') {
  return {
    testId: `field-${key}`,
    value: draft[key],
    onChange: (value: string) => set(key, value),
    errors: pickErrors(errors, key),
    errorTestId: `error-${key}`,
  };
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

/** Id, name, location, frame rate, enabled. */
export function CameraSection(props: SectionProps & { isNew: boolean }) {
  const { draft, set, isNew } = props;
  return (
    <FormSection headingId="form-camera" title="Camera">
      <TextField
        label="Id"
        {...textProps(props, 'id')}
        width="full"
        disabled={!isNew}
        placeholder="gate-1"
        spellCheck={false}
        autoCapitalize="none"
        hint={
          isNew ? 'Letters, digits, - and _; names folders and URLs; cannot be changed later.' : 'Cannot be changed.'
        }
      />
      <TextField label="Name" {...textProps(props, 'name')} width="full" placeholder="Gate 1" />
      <TextField label="Location" {...textProps(props, 'location')} width="full" placeholder="North yard" />
      <div className="form-row">
        <TextField
          label="Frames per second"
          {...textProps(props, 'fps')}
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
          checked={draft.enabled}
          onChange={(enabled) => set('enabled', enabled)}
        >
          Enabled
        </Checkbox>
      </div>
    </FormSection>
  );
}

interface SourceSectionProps extends SectionProps {
  isNew: boolean;
  /** The check of the URL as it is now, if any. */
  probe: Probe | null;
  /** A new camera, or the URL or transport differ from the saved ones. */
  urlChanged: boolean;
  onUrlChange: (url: string) => void;
  onCheck: () => void;
}

/** URL and transport, and the check of the URL with the picture it gave. */
export function SourceSection(props: SourceSectionProps) {
  const { draft, set, isNew, probe, urlChanged, onUrlChange, onCheck } = props;
  return (
    <FormSection headingId="form-source" title="Source">
      <TextField
        label="URL"
        {...textProps(props, 'url')}
        width="full"
        mono
        placeholder="rtsp://user:password@192.0.2.10:554/stream1"
        spellCheck={false}
        autoCapitalize="none"
        onChange={onUrlChange}
        hint={
          <>
            rtsp://, rtsps://, http(s):// (MJPEG/HLS), an absolute video file path, or /dev/video*.
            {!isNew && draft.url.includes('***') ? ' *** keeps the stored user name and password.' : ''}
          </>
        }
      />
      <div className="form-row">
        <SelectField
          label="RTSP transport"
          testId="field-transport"
          narrow
          value={draft.rtspTransport}
          options={TRANSPORTS}
          onChange={(transport) => set('rtspTransport', transport === 'udp' ? 'udp' : 'tcp')}
        />
        <button
          type="button"
          className="button"
          data-testid="probe-button"
          disabled={probe?.state === 'running'}
          onClick={onCheck}
        >
          {probe?.state === 'running' ? <span className="spinner" aria-hidden="true" /> : null}
          {probe?.state === 'running' ? 'Checking…' : 'Check URL'}
        </button>
      </div>
      <ProbePreview probe={probe} urlChanged={urlChanged} />
    </FormSection>
  );
}

/** The picture from the URL, the check under way, its failure, or what to do. */
function ProbePreview({ probe, urlChanged }: { probe: Probe | null; urlChanged: boolean }) {
  return (
    <div
      className="probe"
      data-testid="probe-preview"
      data-state={probe?.state ?? (urlChanged ? 'unchecked' : 'unchanged')}
    >
      {probe?.state === 'ok' ? (
        <>
          <img className="probe__image" src={probe.image} alt="Picture from the camera URL" data-testid="probe-image" />
          <span className="probe__caption probe__caption--ok" data-testid="probe-status">
            ✓ Picture received ({probe.width}×{probe.height})
          </span>
        </>
      ) : probe?.state === 'running' ? (
        <span className="probe__caption">
          <span className="spinner" aria-hidden="true" /> Grabbing a picture (up to 10 s)…
        </span>
      ) : probe?.state === 'error' ? (
        <span className="probe__caption probe__caption--error" data-testid="probe-status">
          No picture from this URL.
        </span>
      ) : (
        <span className="probe__caption" data-testid="probe-status">
          {urlChanged ? 'Check the URL to see a picture from it before saving.' : 'URL unchanged.'}
        </span>
      )}
    </div>
  );
}

/** The PPE required where no zone says otherwise, and when detection runs. */
export function DetectionSection({ draft, set, errors }: SectionProps) {
  return (
    <FormSection headingId="form-detection" title="Detection">
      <RequiredItems
        required={draft.required}
        onChange={(required) => set('required', required)}
        testIdPrefix="ppe"
        label="Required PPE (where no zone says otherwise)"
      />
      <FieldMessages messages={pickErrors(errors, 'ppe.required')} testId="error-required" />
      <ScheduleEditor
        enabled={draft.scheduleOn}
        onEnabledChange={(on) => set('scheduleOn', on)}
        schedule={draft.schedule}
        onChange={(schedule) => set('schedule', schedule)}
        errors={errors}
      />
    </FormSection>
  );
}

interface DrawingSectionProps extends SectionProps {
  /** The picture zones and masks are drawn on; null while there is none. */
  image: string | null;
  imageNote: string | null;
}

/** The zones drawn on a picture of the camera, with their own PPE rules. */
export function ZonesSection({ draft, set, errors, image, imageNote }: DrawingSectionProps) {
  return (
    <FormSection headingId="form-zones" title="Zones">
      <ZoneEditor
        zones={draft.zones}
        onChange={(zones) => set('zones', zones)}
        image={image}
        imageNote={imageNote}
        errors={errors}
        cameraRequired={draft.required}
      />
      <FieldMessages
        messages={pickErrors(
          errors,
          'ppe.zones',
          draft.zones.map((_, i) => `ppe.zones[${i}]`),
        )}
        testId="error-zones"
      />
    </FormSection>
  );
}

/** The privacy masks drawn on a picture of the camera, and what they cost. */
export function MasksSection({ draft, set, errors, image, imageNote }: DrawingSectionProps) {
  return (
    <FormSection headingId="form-masks" title="Privacy masks">
      <p className="form-hint" data-testid="mask-note">
        Masked areas are blacked out or blurred in the live view, captures and clips, and nobody inside them is
        detected. Masks are burned into clips, which are then re-encoded (more CPU per capture).
      </p>
      <MaskEditor
        masks={draft.privacyMasks}
        onChange={(masks) => set('privacyMasks', masks)}
        image={image}
        imageNote={imageNote}
        errors={errors}
      />
      <FieldMessages
        messages={pickErrors(
          errors,
          'privacyMasks',
          draft.privacyMasks.map((_, i) => `privacyMasks[${i}]`),
        )}
        testId="error-masks"
      />
    </FormSection>
  );
}
