import type { ReactNode } from 'react';

/** A spinner and what is being loaded, where the content will be. */
export function Loading({ children }: { children: ReactNode }) {
  return (
    <div className="empty-state">
      <span className="spinner" aria-hidden="true" /> {children}
    </div>
  );
}
