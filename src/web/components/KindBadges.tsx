import type { ViolationKind } from '../types';
import { KindBadge } from './KindBadge';

export function KindBadges({ kinds }: { kinds: readonly ViolationKind[] }) {
  return (
    <span className="kind-badges">
      {kinds.map((kind) => (
        <KindBadge key={kind} kind={kind} />
      ))}
    </span>
  );
}
