import { kindLabel } from '../format';
import type { ViolationKind } from '../types';

/** A violation kind; the text is the raw kind ("no-helmet"), shown in capitals by CSS. */
export function KindBadge({ kind }: { kind: ViolationKind }) {
  return (
    <span className={`kind-badge kind-badge--${kind}`} data-kind={kind} title={kindLabel(kind)}>
      {kind}
    </span>
  );
}
