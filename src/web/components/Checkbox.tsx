import type { ReactNode } from 'react';

interface CheckboxProps {
  checked: boolean;
  onChange: (checked: boolean) => void;
  testId?: string;
  /** Modifiers next to `checkbox`, e.g. `checkbox--block`. */
  className?: string;
  /** The label text (after the box). */
  children: ReactNode;
}

/** A checkbox with its label. */
export function Checkbox({ checked, onChange, testId, className, children }: CheckboxProps) {
  return (
    <label className={className ? `checkbox ${className}` : 'checkbox'}>
      <input type="checkbox" data-testid={testId} checked={checked} onChange={(e) => onChange(e.target.checked)} />
      {children}
    </label>
  );
}
