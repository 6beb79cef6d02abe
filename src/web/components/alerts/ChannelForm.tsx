import { saveAlertChannel } from '../../alert-api';
import type { FieldError } from '../../api';
import type { AlertChannel } from '../../types';
import { Checkbox } from '../Checkbox';
import { SelectField } from '../SelectField';
import { TextField } from '../TextField';
import { ScheduleEditor } from '../admin/ScheduleEditor';
import { pickErrors } from '../admin/fieldErrors';
import { ChannelTypeFields } from './ChannelTypeFields';
import { CHANNEL_TYPES, channelDraft, channelSettings, newChannelDraft, type ChannelDraft } from './channelDraft';
import { SettingsForm, useSettingsForm, type SetField } from './SettingsForm';

/** Fields whose errors the form shows next to a control. */
const CLAIMED = [
  ...['id', 'name', 'type', 'enabled', 'perMinute', 'timeoutMs', 'url', 'headers', 'includeCrop', 'username'],
  ...['prefix', 'host', 'port', 'security', 'from', 'to', 'allowSelfSigned'],
  ...['secret', 'password', 'secretEnv', 'passwordEnv', 'channel.secret', 'channel.password', 'quietHours'],
];

const QUIET_HOURS = {
  enable: 'Quiet hours',
  hint: 'nothing is sent inside these windows; what they held arrives as one summary when they end.',
  now: (inside: boolean) => (inside ? 'The channel is quiet right now.' : 'The channel sends right now.'),
};

interface ChannelFormProps {
  /** The channel to change; null adds one. */
  channel: AlertChannel | null;
  onSaved: (channel: AlertChannel) => void;
  onCancel: () => void;
}

/** Add or change an alert channel; the server checks everything and names the field it refuses. */
export function ChannelForm({ channel, onSaved, onCancel }: ChannelFormProps) {
  const { draft, set, errors, busy, save } = useSettingsForm(
    () => (channel ? channelDraft(channel) : newChannelDraft()),
    (d: ChannelDraft) => saveAlertChannel(channelSettings(d), channel?.id ?? null),
    onSaved,
  );
  return (
    <SettingsForm
      testId="channel-form"
      title={channel ? `Channel ${channel.id}` : 'New channel'}
      errors={errors}
      claimed={CLAIMED}
      busy={busy}
      saveLabel={channel ? 'Save channel' : 'Add channel'}
      onSave={() => void save()}
      onCancel={onCancel}
    >
      <div className="form-row">
        <SelectField
          label="Type"
          testId="channel-type"
          value={draft.type}
          options={CHANNEL_TYPES}
          onChange={(type) => set('type', type as ChannelDraft['type'])}
        />
        <TextField
          label="Id"
          testId="channel-id"
          value={draft.id}
          onChange={(id) => set('id', id)}
          disabled={channel !== null}
          required
          placeholder="officer-phone"
          spellCheck={false}
          autoCapitalize="none"
          errors={pickErrors(errors, 'id')}
          errorTestId="error-channel-id"
        />
        <TextField
          label="Name"
          testId="channel-name"
          value={draft.name}
          onChange={(name) => set('name', name)}
          placeholder="Safety officer"
          errors={pickErrors(errors, 'name')}
        />
      </div>
      <ChannelTypeFields draft={draft} set={set} errors={errors} hasSecret={channel?.hasSecret ?? false} />
      <ChannelLimits draft={draft} set={set} errors={errors} />
      <ScheduleEditor
        field="quietHours"
        wording={QUIET_HOURS}
        enabled={draft.quietHoursOn}
        onEnabledChange={(on) => set('quietHoursOn', on)}
        schedule={draft.quietHours}
        onChange={(quietHours) => set('quietHours', quietHours)}
        errors={errors}
      />
    </SettingsForm>
  );
}

/** How much a channel sends and how long it waits for its receiver; whether it sends at all. */
function ChannelLimits({
  draft,
  set,
  errors,
}: {
  draft: ChannelDraft;
  set: SetField<ChannelDraft>;
  errors: readonly FieldError[];
}) {
  return (
    <div className="form-row">
      <TextField
        label="At most alerts a minute"
        testId="channel-per-minute"
        value={draft.perMinute}
        onChange={(perMinute) => set('perMinute', perMinute)}
        type="number"
        min="1"
        max="600"
        width="narrow"
        hint="Beyond it, one summary."
        errors={pickErrors(errors, 'perMinute')}
      />
      <TextField
        label="Timeout (ms)"
        testId="channel-timeout"
        value={draft.timeoutMs}
        onChange={(timeoutMs) => set('timeoutMs', timeoutMs)}
        type="number"
        min="1"
        max="120000"
        width="narrow"
        errors={pickErrors(errors, 'timeoutMs')}
      />
      <Checkbox
        className="checkbox--field"
        testId="channel-enabled"
        checked={draft.enabled}
        onChange={(enabled) => set('enabled', enabled)}
      >
        Enabled
      </Checkbox>
    </div>
  );
}
