import { useState, type ReactNode } from 'react';
import { ApiError, errorMessage, type FieldError } from '../../api';
import { FieldMessages } from '../admin/FieldMessages';
import { unclaimedErrors } from '../admin/fieldErrors';

export type SetField<D> = <K extends keyof D>(key: K, value: D[K]) => void;

/**
 * A draft edited field by field and saved through the API; a refusal comes back as the API's
 * `field: reason` errors, for the form to show next to each field.
 */
export function useSettingsForm<D, R>(initial: () => D, submit: (draft: D) => Promise<R>, onSaved: (saved: R) => void) {
  const [draft, setDraft] = useState<D>(initial);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const set: SetField<D> = (key, value) => setDraft((d) => ({ ...d, [key]: value }));
  const save = async () => {
    setBusy(true);
    setErrors([]);
    try {
      onSaved(await submit(draft));
    } catch (err) {
      setErrors(
        err instanceof ApiError && err.fields.length > 0 ? err.fields : [{ field: '', message: errorMessage(err) }],
      );
      setBusy(false);
    }
  };
  return { draft, set, errors, busy, save };
}

interface SettingsFormProps {
  testId: string;
  title: string;
  errors: readonly FieldError[];
  /** Fields whose errors the form shows next to a control; the others are shown at the top. */
  claimed: readonly string[];
  busy: boolean;
  saveLabel: string;
  onSave: () => void;
  onCancel: () => void;
  children: ReactNode;
}

/** The frame of a channel's or rule's form: title, errors no field claims, the fields, Cancel and Save. */
export function SettingsForm({
  testId,
  title,
  errors,
  claimed,
  busy,
  saveLabel,
  onSave,
  onCancel,
  children,
}: SettingsFormProps) {
  const unclaimed = unclaimedErrors(errors, claimed);
  return (
    <form
      className="panel form-section alert-form"
      data-testid={testId}
      aria-label={title}
      onSubmit={(e) => {
        e.preventDefault();
        onSave();
      }}
    >
      <h2 className="panel__title">{title}</h2>
      {unclaimed.length > 0 ? <FieldMessages messages={unclaimed} testId={`${testId}-error`} /> : null}
      {children}
      <div className="alert-form__actions">
        <button type="button" className="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        <button type="submit" className="button button--primary" data-testid={`${testId}-save`} disabled={busy}>
          {busy ? <span className="spinner" aria-hidden="true" /> : null}
          {saveLabel}
        </button>
      </div>
    </form>
  );
}
