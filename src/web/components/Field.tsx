import type { ReactNode } from 'react';

interface FieldProps {
  label: string;
  /** Modifiers next to `field`, e.g. `field--inline`. */
  className?: string;
  children: ReactNode;
}

/** A labelled form control: the label above (or beside) whatever control it wraps. */
export function Field({ label, className, children }: FieldProps) {
  return (
    <label className={className ? `field ${className}` : 'field'}>
      <span className="field__label">{label}</span>
      {children}
    </label>
  );
}
