import type { FieldError } from '../../api';
import { Checkbox } from '../Checkbox';
import { Field } from '../Field';
import { SelectField } from '../SelectField';
import { TextField } from '../TextField';
import { FieldMessages } from '../admin/FieldMessages';
import { pickErrors } from '../admin/fieldErrors';
import { secretField, type ChannelDraft } from './channelDraft';
import type { SetField } from './SettingsForm';

const SECURITY = [
  { value: 'starttls', label: 'STARTTLS (port 587)' },
  { value: 'tls', label: 'TLS (port 465)' },
  { value: 'none', label: 'None (local relay only)' },
];

interface ChannelTypeFieldsProps {
  draft: ChannelDraft;
  set: SetField<ChannelDraft>;
  errors: readonly FieldError[];
  /** A secret is stored: an empty secret field keeps it. */
  hasSecret: boolean;
}

/** The props of a text field for draft field `key` (`field`: its name in the API's errors). */
function textProps(
  { draft, set, errors }: ChannelTypeFieldsProps,
  key: keyof ChannelDraft & string,
  field: string = key,
) {
  return {
    testId: `channel-${key}`,
    value: String(draft[key]),
    onChange: (value: string) => set(key, value as never),
    errors: pickErrors(errors, field),
    errorTestId: `error-channel-${key}`,
    spellCheck: false,
    autoCapitalize: 'none',
  };
}

/** The fields of the chosen channel type: where it sends, how it signs in, its options. */
export function ChannelTypeFields(props: ChannelTypeFieldsProps) {
  const { draft } = props;
  const masked = draft.url.includes('***') ? ' *** keeps the stored credentials.' : '';
  return (
    <>
      {draft.type === 'email' ? (
        <EmailFields {...props} />
      ) : (
        <TextField
          label="URL"
          {...textProps(props, 'url')}
          width="full"
          mono
          required
          placeholder={draft.type === 'mqtt' ? 'mqtt://broker.lan:1883' : 'https://hooks.example/ppe'}
          hint={(draft.type === 'mqtt' ? 'mqtt://, mqtts://, ws:// or wss://.' : 'http:// or https://.') + masked}
        />
      )}
      <div className="form-row">
        {draft.type !== 'webhook' ? (
          <TextField label="User name" {...textProps(props, 'username')} autoComplete="off" />
        ) : null}
        <SecretInput {...props} />
        <TextField
          label="…or from environment variable"
          {...textProps(props, 'secretEnv', `${secretField(draft.type)}Env`)}
          placeholder={draft.type === 'webhook' ? 'PPE_WEBHOOK_SECRET' : 'SMTP_PASSWORD'}
        />
      </div>
      {draft.type === 'mqtt' ? (
        <TextField label="Topic prefix" {...textProps(props, 'prefix')} hint="Events on <prefix>/violations." />
      ) : null}
      {draft.type === 'webhook' ? <WebhookOptions {...props} /> : null}
    </>
  );
}

function EmailFields(props: ChannelTypeFieldsProps) {
  const { draft, set } = props;
  return (
    <>
      <div className="form-row">
        <TextField label="SMTP host" {...textProps(props, 'host')} required placeholder="smtp.plant.example" />
        <TextField label="Port" {...textProps(props, 'port')} type="number" min="1" max="65535" width="narrow" />
        <SelectField
          label="Security"
          testId="channel-security"
          value={draft.security}
          options={SECURITY}
          onChange={(security) => set('security', security as ChannelDraft['security'])}
        />
        <Checkbox
          className="checkbox--field"
          checked={draft.allowSelfSigned}
          onChange={(allow) => set('allowSelfSigned', allow)}
        >
          Accept a self-signed certificate
        </Checkbox>
      </div>
      <div className="form-row">
        <TextField label="From" {...textProps(props, 'from')} required placeholder="cctv@plant.example" />
        <TextField
          label="To"
          {...textProps(props, 'to')}
          width="full"
          required
          placeholder="safety@plant.example, manager@plant.example"
          fieldClassName="alert-form__grow"
        />
      </div>
    </>
  );
}

/** Extra headers; those carrying credentials (Authorization, X-Api-Key, …) arrive as `***`, which keeps them. */
function WebhookOptions({ draft, set, errors }: ChannelTypeFieldsProps) {
  const masked = /:\s*\*\*\*\s*$/m.test(draft.headers) ? ' *** keeps the stored value.' : '';
  return (
    <div className="form-row">
      <Field label="Extra headers" className="alert-form__grow">
        <textarea
          className="field__control field__control--mono"
          data-testid="channel-headers"
          value={draft.headers}
          rows={2}
          placeholder="X-Site: plant-1"
          spellCheck={false}
          onChange={(e) => set('headers', e.target.value)}
        />
        <span className="form-hint">One “Name: value” a line.{masked}</span>
        <FieldMessages messages={pickErrors(errors, 'headers')} testId="error-channel-headers" />
      </Field>
      <Checkbox className="checkbox--field" checked={draft.includeCrop} onChange={(on) => set('includeCrop', on)}>
        Include the crop (base64)
      </Checkbox>
    </div>
  );
}

/** The secret, write-only: never shown, empty keeps the stored one. */
function SecretInput({ draft, set, errors, hasSecret }: ChannelTypeFieldsProps) {
  const field = secretField(draft.type);
  return (
    <TextField
      label={draft.type === 'webhook' ? 'Signing secret' : 'Password'}
      testId="channel-secret"
      type="password"
      autoComplete="new-password"
      value={draft.secret}
      onChange={(secret) => set('secret', secret)}
      placeholder={hasSecret ? '•••••••• (stored)' : ''}
      hint={hasSecret ? 'Stored, never shown. Type a new one to replace it.' : 'Never shown again once saved.'}
      errors={[...pickErrors(errors, field), ...pickErrors(errors, `channel.${field}`)]}
      errorTestId="error-channel-secret"
    />
  );
}
