import type { ReactNode } from 'react';
import { Checkbox } from '../Checkbox';
import { FieldMessages } from '../admin/FieldMessages';

interface ChoiceListProps<T extends string> {
  label: string;
  /** What none ticked means ("every camera"), or nothing when at least one must be ticked. */
  noneMeans?: string;
  options: readonly { value: T; label: ReactNode }[];
  selected: readonly T[];
  onChange: (selected: T[]) => void;
  testId: string;
  errors?: readonly string[];
}

/** A group of checkboxes picking some of `options` (in their order). */
export function ChoiceList<T extends string>({
  label,
  noneMeans,
  options,
  selected,
  onChange,
  testId,
  errors = [],
}: ChoiceListProps<T>) {
  const toggle = (value: T, on: boolean) =>
    onChange(options.map((o) => o.value).filter((v) => (v === value ? on : selected.includes(v))));
  return (
    <fieldset className="choice-list" data-testid={testId}>
      <legend className="field__label">
        {label}
        {noneMeans ? <span className="form-hint"> (none ticked: {noneMeans})</span> : null}
      </legend>
      <div className="choice-list__options">
        {options.length === 0 ? <span className="form-hint">none yet</span> : null}
        {options.map((o) => (
          <Checkbox
            key={o.value}
            testId={`${testId}-${o.value}`}
            checked={selected.includes(o.value)}
            onChange={(on) => toggle(o.value, on)}
          >
            {o.label}
          </Checkbox>
        ))}
      </div>
      <FieldMessages messages={errors} testId={`error-${testId}`} />
    </fieldset>
  );
}
