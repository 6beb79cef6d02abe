import type { FieldError } from '../../api';
import { DEFAULT_REQUIRED, type ViolationKind, type Zone } from '../../types';
import { pickErrors } from './fieldErrors';
import { RequiredItems } from './RequiredItems';
import { PolygonListItem } from './PolygonList';

/** How a zone's `required` reads in the editor: the camera's list, its own items, or nothing. */
type RequiredChoice = 'default' | 'items' | 'exempt';

const REQUIRED_LABELS: Record<RequiredChoice, string> = {
  default: 'Camera default',
  items: 'These items:',
  exempt: 'Exempt (nothing required)',
};

function requiredChoice(required: readonly ViolationKind[] | undefined): RequiredChoice {
  return required === undefined ? 'default' : required.length === 0 ? 'exempt' : 'items';
}

/** A zone's list for a choice; its own items start from the camera's. */
function requiredOf(choice: RequiredChoice, cameraRequired: readonly ViolationKind[]): ViolationKind[] | undefined {
  switch (choice) {
    case 'default':
      return undefined;
    case 'items':
      return cameraRequired.length ? [...cameraRequired] : [...DEFAULT_REQUIRED];
    case 'exempt':
      return [];
  }
}

interface ZoneListItemProps {
  zone: Zone;
  index: number;
  active: boolean;
  errors: readonly FieldError[];
  /** What the camera requires where no zone says otherwise. */
  cameraRequired: readonly ViolationKind[];
  onSelect: () => void;
  onChange: (zone: Zone) => void;
  onDelete: () => void;
}

/** One zone in the list beside the picture: its name, what it requires, its points, undo and delete. */
export function ZoneListItem({
  zone,
  index: i,
  active,
  errors,
  cameraRequired,
  onSelect,
  onChange,
  onDelete,
}: ZoneListItemProps) {
  return (
    <PolygonListItem
      kind="zone"
      index={i}
      active={active}
      name={zone.name}
      onName={(name) => onChange({ ...zone, name })}
      points={zone.polygon}
      onPoints={(polygon) => onChange({ ...zone, polygon })}
      onSelect={onSelect}
      onDelete={onDelete}
      messages={pickErrors(errors, `ppe.zones[${i}]`)}
    >
      <ZoneRequirement zone={zone} index={i} cameraRequired={cameraRequired} onChange={onChange} />
    </PolygonListItem>
  );
}

interface ZoneRequirementProps {
  zone: Zone;
  index: number;
  cameraRequired: readonly ViolationKind[];
  onChange: (zone: Zone) => void;
}

/** What PPE the zone requires: the camera's, its own items (ticked below), or none. */
function ZoneRequirement({ zone, index: i, cameraRequired, onChange }: ZoneRequirementProps) {
  return (
    <>
      <div className="zone-item__row">
        <select
          className="field__control field__control--full"
          aria-label={`Zone ${i + 1} required PPE`}
          data-testid={`zone-required-${i}`}
          value={requiredChoice(zone.required)}
          onChange={(e) => {
            const required = requiredOf(e.target.value as RequiredChoice, cameraRequired);
            const { required: _old, ...rest } = zone;
            onChange(required === undefined ? rest : { ...rest, required });
          }}
        >
          {(Object.keys(REQUIRED_LABELS) as RequiredChoice[]).map((choice) => (
            <option key={choice} value={choice}>
              {REQUIRED_LABELS[choice]}
            </option>
          ))}
        </select>
      </div>
      {zone.required?.length ? (
        <RequiredItems
          required={zone.required}
          onChange={(required) => onChange({ ...zone, required })}
          testIdPrefix={`zone-${i}-ppe`}
          label={`Required in zone ${i + 1}`}
        />
      ) : null}
    </>
  );
}
