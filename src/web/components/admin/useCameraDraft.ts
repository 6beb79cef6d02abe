import { useState } from 'react';
import { ApiError, createCamera, errorMessage, replaceCamera, type FieldError } from '../../api';
import { cameraDraft, cameraSettings, settingsField, type CameraDraft } from './cameraDraft';
import type { SetField } from '../alerts/SettingsForm';
import { useCameras } from '../../live/context';
import type { Camera } from '../../types';

/**
 * The camera form's draft of `original` (null: a new camera) and saving it: POST a new camera, PUT the
 * whole settings of one; the API's refusal comes back as `saveErrors`, each dropped once its field is edited.
 */
export function useCameraDraft(original: Camera | null, onSaved: (camera: Camera) => void) {
  const { upsert } = useCameras();
  const [draft, setDraft] = useState(() => cameraDraft(original));
  const [saving, setSaving] = useState(false);
  const [saveErrors, setSaveErrors] = useState<FieldError[]>([]);

  const set: SetField<CameraDraft> = (key, value) => {
    setDraft((d) => ({ ...d, [key]: value }));
    // An edited field's API errors are stale now.
    const path = settingsField(key);
    setSaveErrors((errs) => errs.filter((e) => !e.field.startsWith(path)));
  };

  const save = async () => {
    setSaving(true);
    setSaveErrors([]);
    try {
      const settings = cameraSettings(draft);
      const camera = original ? await replaceCamera(original.id, settings) : await createCamera(settings);
      upsert(camera);
      onSaved(camera);
    } catch (err) {
      const fields =
        err instanceof ApiError && err.fields.length ? err.fields : [{ field: '', message: errorMessage(err) }];
      setSaveErrors(fields);
      setSaving(false);
    }
  };

  return { draft, set, saving, saveErrors, save };
}
