import type { InputHTMLAttributes, ReactNode } from 'react';
import { FieldMessages } from './admin/FieldMessages';
import { Field } from './Field';

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'className' | 'value' | 'onChange' | 'children'>;

interface TextFieldProps extends InputProps {
  label: string;
  testId: string;
  value: string;
  onChange: (value: string) => void;
  /** Width of the control: `full` (the form's width), `narrow`, `time`; default: its natural width. */
  width?: 'full' | 'narrow' | 'time';
  /** Monospaced text (URLs). */
  mono?: boolean;
  /** Modifiers of the field, e.g. `field--inline`. */
  fieldClassName?: string;
  /** A hint under the control. */
  hint?: ReactNode;
  /** Validation messages for this field, shown under it with `errorTestId`. */
  errors?: readonly string[];
  errorTestId?: string;
  /** Anything else that belongs to the control (a datalist, a warning), right after it. */
  children?: ReactNode;
}

/** A labelled text input (also number, time, date-time) with an optional hint and validation messages. */
export function TextField({
  label,
  testId,
  value,
  onChange,
  width,
  mono = false,
  fieldClassName,
  hint,
  errors,
  errorTestId = '',
  children,
  ...input
}: TextFieldProps) {
  const className = `field__control${width ? ` field__control--${width}` : ''}${mono ? ' field__control--mono' : ''}`;
  return (
    <Field label={label} className={fieldClassName}>
      <input
        {...input}
        className={className}
        data-testid={testId}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
      {children}
      {hint !== undefined ? <span className="form-hint">{hint}</span> : null}
      {errors ? <FieldMessages messages={errors} testId={errorTestId} /> : null}
    </Field>
  );
}
