import { Field } from './Field';

export interface SelectOption {
  value: string;
  label: string;
}

interface SelectFieldProps {
  label: string;
  testId: string;
  value: string;
  options: readonly SelectOption[];
  onChange: (value: string) => void;
  /** A narrow control (short choices). */
  narrow?: boolean;
}

/** A labelled drop-down. */
export function SelectField({ label, testId, value, options, onChange, narrow = false }: SelectFieldProps) {
  return (
    <Field label={label}>
      <select
        className={narrow ? 'field__control field__control--narrow' : 'field__control'}
        data-testid={testId}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </Field>
  );
}
