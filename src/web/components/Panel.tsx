import type { ReactNode } from 'react';

interface PanelProps {
  /** Id of the heading (the panel is labelled by it). */
  headingId: string;
  title: ReactNode;
  /** Modifiers or layout classes next to `panel`. */
  className?: string;
  /** Controls or a link at the right of the heading. */
  actions?: ReactNode;
  as?: 'section' | 'aside';
  children: ReactNode;
}

/** A titled box of the page. */
export function Panel({ headingId, title, className, actions, as: Tag = 'section', children }: PanelProps) {
  return (
    <Tag className={className ? `panel ${className}` : 'panel'} aria-labelledby={headingId}>
      <div className="panel__head">
        <h2 id={headingId} className="panel__title">
          {title}
        </h2>
        {actions}
      </div>
      {children}
    </Tag>
  );
}
