import { kindColor, kindLabel } from '../format';
import { usePpeItems } from '../hooks/usePpeItems';
import type { ViolationKind } from '../types';

/** A violation kind; the text is the raw kind ("no-helmet"), shown in capitals by CSS. */
export function KindBadge({ kind }: { kind: ViolationKind }) {
  const items = usePpeItems()?.items;
  return (
    <span
      className="kind-badge"
      style={{ background: kindColor(kind) }}
      data-kind={kind}
      title={kindLabel(kind, items)}
    >
      {kind}
    </span>
  );
}
