import { useState } from 'react';
import { snapshotUrl, type FieldError } from '../../api';
import { useCameras } from '../../live/context';
import { href } from '../../router';
import type { Camera } from '../../types';
import { Breadcrumb } from '../Breadcrumb';
import { Checkbox } from '../Checkbox';
import { StatusBadge } from '../StatusBadge';
import { CLAIMED } from './cameraDraft';
import { CameraSection, DetectionSection, MasksSection, SourceSection, ZonesSection } from './CameraFormSections';
import { FieldMessages } from './FieldMessages';
import { unclaimedErrors } from './fieldErrors';
import { useCameraDraft } from './useCameraDraft';
import { useCameraProbe } from './useCameraProbe';

interface CameraFormProps {
  /** The camera as it was when the form opened; null for a new one. */
  original: Camera | null;
  onSaved: (camera: Camera) => void;
}

/**
 * The settings of a camera. A new or changed URL must be checked before saving; after a failed check
 * the user may save anyway (a camera that is offline right now).
 */
export function CameraForm({ original, onSaved }: CameraFormProps) {
  const isNew = original === null;
  const { cameras } = useCameras();
  const live = original ? cameras.find((c) => c.id === original.id) : undefined;
  const { draft, set, saving, saveErrors, save } = useCameraDraft(original, onSaved);
  const { probe, runProbe } = useCameraProbe(draft.url, draft.rtspTransport, original?.id ?? null);
  const [saveUnchecked, setSaveUnchecked] = useState(false);
  // One snapshot of the camera per visit (re-renders must not refetch it).
  const [snapshotStamp] = useState(() => Date.now());

  const urlChanged = isNew || draft.url.trim() !== original.url || draft.rtspTransport !== original.rtspTransport;
  const checked = probe?.state === 'ok';
  const probeFailed = probe?.state === 'error';
  const canSave = !saving && (!urlChanged || checked || (probeFailed && saveUnchecked));
  const errors: FieldError[] = [...saveErrors, ...(probeFailed ? probe.errors : [])];
  const sectionProps = { draft, set, errors };

  // The picture zones and masks are drawn on: the checked URL's, else the camera's latest frame.
  const zoneImage = checked ? probe.image : !isNew && !urlChanged ? snapshotUrl(original.id, snapshotStamp) : null;
  const zoneNote = isNew || urlChanged ? 'Check the URL above to get a picture, then draw on it.' : null;

  return (
    <form
      className="page camera-form"
      data-testid="camera-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (canSave) void save();
      }}
      noValidate
    >
      <div className="camera-form__head">
        <Breadcrumb to={href.admin()} label="Cameras" />
        <h1 className="section-head__title">{isNew ? 'Add camera' : `Edit ${original.name}`}</h1>
        {live ? <StatusBadge cameraId={`edit-${live.id}`} status={live.status} /> : null}
      </div>

      <FieldMessages messages={unclaimedErrors(errors, CLAIMED)} testId="error-general" />

      <div className="editor-grid">
        <CameraSection {...sectionProps} isNew={isNew} />
        <SourceSection
          {...sectionProps}
          isNew={isNew}
          probe={probe}
          urlChanged={urlChanged}
          onUrlChange={(url) => {
            set('url', url);
            setSaveUnchecked(false);
          }}
          onCheck={() => void runProbe()}
        />
      </div>

      <DetectionSection {...sectionProps} />
      <ZonesSection {...sectionProps} image={zoneImage} imageNote={zoneNote} />
      <MasksSection {...sectionProps} image={zoneImage} imageNote={zoneNote} />

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
