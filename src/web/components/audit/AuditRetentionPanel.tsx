import { useEffect, useState, type FormEvent } from 'react';
import { errorMessage } from '../../api';
import { getRetentionSettings, saveAuditDays } from '../../audit-api';
import type { RetentionSettings } from '../../types';
import { Panel } from '../Panel';
import { TextField } from '../TextField';

const GIB = 1024 ** 3;

/** How long captures (config file, read-only) and audit entries (editable) are kept. */
export function AuditRetentionPanel() {
  const [settings, setSettings] = useState<RetentionSettings | null>(null);
  const [days, setDays] = useState('');
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const controller = new AbortController();
    getRetentionSettings({ signal: controller.signal }).then(
      (s) => {
        setSettings(s);
        setDays(String(s.auditDays));
      },
      (err: unknown) => setMessage({ error: true, text: errorMessage(err) }),
    );
    return () => controller.abort();
  }, []);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      const saved = await saveAuditDays(Number(days));
      setSettings(saved);
      setMessage({ error: false, text: `Audit entries are now kept ${saved.auditDays} days.` });
    } catch (err) {
      setMessage({ error: true, text: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };

  const captures = settings?.captures;
  return (
    <Panel headingId="audit-retention-title" title="Retention" className="audit-retention">
      <form className="audit-retention__form" onSubmit={save} data-testid="audit-retention">
        <TextField
          label="Keep audit entries (days)"
          testId="audit-days"
          type="number"
          min={1}
          max={36500}
          value={days}
          onChange={setDays}
          width="narrow"
          hint={
            settings
              ? settings.auditDaysSource === 'config'
                ? 'from the config file (retention.auditDays); saving here overrides it'
                : 'set here; overrides the config file'
              : undefined
          }
        />
        <button
          className="button button--primary"
          type="submit"
          disabled={busy || !settings}
          data-testid="audit-days-save"
        >
          Save
        </button>
      </form>
      {captures ? (
        <p className="audit-retention__captures" data-testid="capture-retention">
          Captures: kept {captures.days} days, at most {(captures.maxBytes / GIB).toFixed(1)} GiB
          {captures.keepReviewed ? '; confirmed captures are exempt from the age limit' : ''} (config file
          <code> retention</code>). Old entries go in the hourly retention sweep.
        </p>
      ) : null}
      {message ? (
        <p
          className={message.error ? 'field-error' : 'flash'}
          role={message.error ? 'alert' : 'status'}
          data-testid="audit-retention-message"
        >
          {message.text}
        </p>
      ) : null}
    </Panel>
  );
}
