import { useRef } from 'react';
import { kindLabel } from '../../format';
import { usePpeItems } from '../../hooks/usePpeItems';
import { DEFAULT_REQUIRED, type PpeItem, type PpeItems, type ViolationKind } from '../../types';
import { Checkbox } from '../Checkbox';

interface RequiredItemsProps {
  required: readonly ViolationKind[];
  onChange: (required: ViolationKind[]) => void;
  /** Test ids: `<prefix>-<item id>` per checkbox, `<prefix>-warning-<item id>` per warning. */
  testIdPrefix: string;
  label: string;
}

/** What the editor shows of an item: enough to offer it before the catalogue has loaded. */
type Offered = Pick<PpeItem, 'id' | 'kind' | 'name'> & Partial<Pick<PpeItem, 'judgeable' | 'modelClasses'>>;

/**
 * The items to offer: those the model can show, and those required (so they can be unticked). Every item when the model's classes are unknown; before the catalogue has loaded,
 * the default items and the required ones, named by their kinds.
 */
function offeredItems(catalogue: PpeItems | undefined, required: readonly ViolationKind[]): Offered[] {
  if (!catalogue) {
    const kinds = [...new Set([...DEFAULT_REQUIRED, ...required])];
    return kinds.map((kind) => ({ id: kind.slice(3), kind, name: kindLabel(kind).slice(3) }));
  }
  if (!catalogue.model) return catalogue.items;
  const offered: Offered[] = catalogue.items.filter((item) => item.judgeable || required.includes(item.kind));
  // A kind of an item the config no longer has: shown, so it can be removed.
  for (const kind of required) {
    if (!offered.some((item) => item.kind === kind)) offered.push({ id: kind.slice(3), kind, name: kind });
  }
  return offered;
}

/** Why a required item can never be raised on this model; null when it can. */
function requiredItemWarning(item: Offered, hasPersonClass: boolean): string | null {
  if (item.judgeable !== false) return null;
  if (item.modelClasses && !hasPersonClass)
    return `${item.name} needs a model with a person class (hands and feet cannot be placed without one): it is never judged.`;
  return `The model has no class for ${item.name.toLowerCase()}: a missing one is never detected.`;
}

/** Checkboxes of the PPE items to require, with a warning for each required item the model cannot show. */
export function RequiredItems({ required, onChange, testIdPrefix, label }: RequiredItemsProps) {
  const catalogue = usePpeItems();
  // An item unticked stays in the list while the form is open, so it can be ticked again.
  const everRequired = useRef(new Set<ViolationKind>());
  for (const kind of required) everRequired.current.add(kind);
  const offered = offeredItems(catalogue, [...everRequired.current]);
  const hasPersonClass = catalogue?.model?.hasPersonClass ?? true;
  const warnings = offered
    .filter((item) => required.includes(item.kind))
    .map((item) => [item, requiredItemWarning(item, hasPersonClass)] as const)
    .filter(([, warning]) => warning !== null);
  return (
    <div className="required-items">
      <div className="form-row" role="group" aria-label={label}>
        <span className="field__label">{label}</span>
        {offered.map((item) => (
          <Checkbox
            key={item.kind}
            testId={`${testIdPrefix}-${item.id}`}
            checked={required.includes(item.kind)}
            onChange={(on) => onChange(on ? [...required, item.kind] : required.filter((k) => k !== item.kind))}
          >
            {item.name}
          </Checkbox>
        ))}
      </div>
      {warnings.map(([item, warning]) => (
        <p key={item.kind} className="form-hint form-hint--warn" data-testid={`${testIdPrefix}-warning-${item.id}`}>
          {warning}
        </p>
      ))}
    </div>
  );
}
