import { useMemo } from 'react';
import { saveAlertRule } from '../../alert-api';
import type { FieldError } from '../../api';
import { kindLabel, shownKinds } from '../../format';
import { usePpeItems } from '../../hooks/usePpeItems';
import { useCameras } from '../../live/context';
import type { AlertChannel, AlertRule } from '../../types';
import { TextField } from '../TextField';
import { Checkbox } from '../Checkbox';
import { ScheduleEditor } from '../admin/ScheduleEditor';
import { pickErrors } from '../admin/fieldErrors';
import { ChoiceList } from './ChoiceList';
import { newRuleDraft, ruleDraft, ruleSettings, type RuleDraft } from './ruleDraft';
import { SettingsForm, useSettingsForm, type SetField } from './SettingsForm';

const CLAIMED = ['id', 'channels', 'cameras', 'zones', 'kinds', 'minConfidence', 'schedule', 'escalation'];

const RULE_HOURS = {
  enable: 'Only during these hours',
  hint: 'captures outside them send no alert at all. Off: at any time.',
  now: (inside: boolean) => (inside ? 'The rule applies right now.' : 'The rule does not apply right now.'),
};

interface RuleFormProps {
  /** The rule to change; null adds one. */
  rule: AlertRule | null;
  channels: readonly AlertChannel[];
  onSaved: (rule: AlertRule) => void;
  onCancel: () => void;
}

/** Add or change a rule: which captures (camera, zone, kind, hours, confidence) go to which channels. */
export function RuleForm({ rule, channels, onSaved, onCancel }: RuleFormProps) {
  const { draft, set, errors, busy, save } = useSettingsForm(
    () => (rule ? ruleDraft(rule) : newRuleDraft()),
    (d: RuleDraft) => saveAlertRule(ruleSettings(d), rule?.id ?? null),
    onSaved,
  );
  const channelOptions = channels.map((c) => ({ value: c.id, label: c.name ?? c.id }));
  return (
    <SettingsForm
      testId="rule-form"
      title={rule ? `Rule ${rule.id}` : 'New rule'}
      errors={errors}
      claimed={CLAIMED}
      busy={busy}
      saveLabel={rule ? 'Save rule' : 'Add rule'}
      onSave={() => void save()}
      onCancel={onCancel}
    >
      <TextField
        label="Id"
        testId="rule-id"
        value={draft.id}
        onChange={(id) => set('id', id)}
        disabled={rule !== null}
        required
        placeholder="gate-helmets"
        spellCheck={false}
        autoCapitalize="none"
        errors={pickErrors(errors, 'id')}
        errorTestId="error-rule-id"
      />
      <ChoiceList
        label="Send to"
        testId="rule-channels"
        options={channelOptions}
        selected={draft.channels}
        onChange={(ids) => set('channels', ids)}
        errors={pickErrors(errors, 'channels')}
      />
      <RuleConditions draft={draft} set={set} errors={errors} />
      <ScheduleEditor
        enabled={draft.scheduleOn}
        onEnabledChange={(on) => set('scheduleOn', on)}
        schedule={draft.schedule}
        onChange={(schedule) => set('schedule', schedule)}
        errors={errors}
        wording={RULE_HOURS}
      />
      <EscalationFields draft={draft} set={set} errors={errors} channelOptions={channelOptions} />
    </SettingsForm>
  );
}

interface RuleFieldsProps {
  draft: RuleDraft;
  set: SetField<RuleDraft>;
  errors: readonly FieldError[];
}

/** Which captures the rule takes: cameras, kinds, zones, confidence (none given: all). */
function RuleConditions({ draft, set, errors }: RuleFieldsProps) {
  const { cameras } = useCameras();
  // The items a camera's model can show, and any the rule names already.
  const kinds = shownKinds(usePpeItems()?.items, draft.kinds);
  // Cameras the rule names that no longer exist stay choosable, so saving does not drop them unseen.
  const cameraOptions = useMemo(() => {
    const known = cameras.map((c) => ({ value: c.id, label: c.name }));
    const gone = draft.cameras.filter((id) => !cameras.some((c) => c.id === id));
    return [...known, ...gone.map((id) => ({ value: id, label: `${id} (removed)` }))];
  }, [cameras, draft.cameras]);
  const zoneNames = useMemo(
    () => [...new Set(cameras.flatMap((c) => (c.ppe?.zones ?? []).map((z) => z.name)))],
    [cameras],
  );
  return (
    <>
      <ChoiceList
        label="Cameras"
        noneMeans="every camera"
        testId="rule-cameras"
        options={cameraOptions}
        selected={draft.cameras}
        onChange={(ids) => set('cameras', ids)}
        errors={pickErrors(errors, 'cameras')}
      />
      <ChoiceList
        label="Violations"
        noneMeans="every kind"
        testId="rule-kinds"
        options={kinds.map((k) => ({ value: k, label: kindLabel(k) }))}
        selected={draft.kinds}
        onChange={(kinds) => set('kinds', kinds)}
        errors={pickErrors(errors, 'kinds')}
      />
      <div className="form-row">
        <TextField
          label="Zones"
          testId="rule-zones"
          value={draft.zones}
          onChange={(zones) => set('zones', zones)}
          list="cctv-rule-zones"
          placeholder="anywhere"
          hint="Zone names, separated by commas."
          errors={pickErrors(errors, 'zones')}
        >
          <datalist id="cctv-rule-zones">
            {zoneNames.map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
        </TextField>
        <TextField
          label="Minimum confidence (%)"
          testId="rule-min-confidence"
          value={draft.minConfidence}
          onChange={(value) => set('minConfidence', value)}
          type="number"
          min="0"
          max="100"
          step="any"
          width="narrow"
          placeholder="any"
          errors={pickErrors(errors, 'minConfidence')}
          errorTestId="error-rule-min-confidence"
        />
      </div>
    </>
  );
}

interface EscalationFieldsProps extends RuleFieldsProps {
  channelOptions: { value: string; label: string }[];
}

/** A capture still unreviewed after a while also goes to other channels (the site manager). */
function EscalationFields({ draft, set, errors, channelOptions }: EscalationFieldsProps) {
  return (
    <div className="schedule">
      <Checkbox
        className="checkbox--block"
        testId="rule-escalation"
        checked={draft.escalationOn}
        onChange={(on) => set('escalationOn', on)}
      >
        Escalate
        <span className="form-hint"> — a capture still new (unreviewed) after a while also goes to:</span>
      </Checkbox>
      {draft.escalationOn ? (
        <>
          <TextField
            label="After (minutes)"
            testId="rule-escalation-minutes"
            value={draft.escalationMinutes}
            onChange={(minutes) => set('escalationMinutes', minutes)}
            type="number"
            min="1"
            step="any"
            width="narrow"
            errors={pickErrors(errors, 'escalation.afterMinutes')}
          />
          <ChoiceList
            label="Escalate to"
            testId="rule-escalation-channels"
            options={channelOptions}
            selected={draft.escalationChannels}
            onChange={(ids) => set('escalationChannels', ids)}
            errors={pickErrors(errors, 'escalation', ['escalation.afterMinutes'])}
          />
        </>
      ) : null}
    </div>
  );
}
