import type { FieldError } from '../../api';
import type { PrivacyMask } from '../../types';
import { pickErrors } from './fieldErrors';
import { drawingHint, PolygonCanvas, type CanvasShape } from './PolygonCanvas';
import { DrawingActions, PolygonListItem } from './PolygonList';
import { usePolygonDrawing, type PolygonAccess } from './usePolygonDrawing';

const MASKS: PolygonAccess<PrivacyMask> = {
  pointsOf: (mask) => mask.points,
  withPoints: (mask, points) => ({ ...mask, points }),
  create: (name, points) => ({ name, points, style: 'black' }),
  baseName: 'Mask',
};

type MaskStyle = NonNullable<PrivacyMask['style']>;

const STYLE_LABELS: Record<MaskStyle, string> = {
  black: 'Black (filled)',
  blur: 'Blur (pixelated)',
};

/** On the picture a black mask looks nearly black, a blur one grey: roughly what viewers will see. */
const maskFill = (mask: PrivacyMask): CanvasShape['fill'] =>
  mask.style === 'blur' ? { color: '#8a93a0', opacity: 0.6 } : { color: '#000', opacity: 0.8 };

interface MaskEditorProps {
  masks: PrivacyMask[];
  onChange: (masks: PrivacyMask[]) => void;
  image: string | null;
  imageNote?: string | null;
  errors: readonly FieldError[];
}

/** Privacy masks drawn on a picture of the camera like zones, each black or blurred. */
export function MaskEditor({ masks, onChange, image, imageNote, errors }: MaskEditorProps) {
  const drawing = usePolygonDrawing(masks, onChange, MASKS);
  const { active } = drawing;
  return (
    <div className="zones">
      <PolygonCanvas
        kind="mask"
        shapes={masks.map((m) => ({ name: m.name, points: m.points, fill: maskFill(m) }))}
        image={image}
        imageNote={imageNote}
        hint={`${drawingHint('mask', image, active === null ? undefined : masks[active]?.name)} Nobody inside a mask is detected.`.trim()}
        {...drawing.canvas}
      />
      <div className="zones__list">
        {masks.length === 0 ? <p className="form-hint">No masks: every picture shows the whole frame.</p> : null}
        {masks.map((mask, i) => (
          <MaskListItem
            key={i}
            mask={mask}
            index={i}
            active={i === active}
            errors={errors}
            onSelect={() => drawing.select(i)}
            onChange={(next) => drawing.update(i, next)}
            onDelete={() => drawing.remove(i)}
          />
        ))}
        <DrawingActions
          noun="mask"
          drawing={active !== null}
          onAdd={() => drawing.add()}
          onDone={() => drawing.select(null)}
        />
      </div>
    </div>
  );
}

interface MaskListItemProps {
  mask: PrivacyMask;
  index: number;
  active: boolean;
  errors: readonly FieldError[];
  onSelect: () => void;
  onChange: (mask: PrivacyMask) => void;
  onDelete: () => void;
}

/** One mask in the list beside the picture: its name, its style, its points, undo and delete. */
function MaskListItem({ mask, index: i, active, errors, onSelect, onChange, onDelete }: MaskListItemProps) {
  return (
    <PolygonListItem
      kind="mask"
      index={i}
      active={active}
      name={mask.name}
      onName={(name) => onChange({ ...mask, name })}
      points={mask.points}
      onPoints={(points) => onChange({ ...mask, points })}
      onSelect={onSelect}
      onDelete={onDelete}
      messages={pickErrors(errors, `privacyMasks[${i}]`)}
    >
      <div className="zone-item__row">
        <select
          className="field__control field__control--full"
          aria-label={`Mask ${i + 1} style`}
          data-testid={`mask-style-${i}`}
          value={mask.style ?? 'black'}
          onChange={(e) => onChange({ ...mask, style: e.target.value === 'blur' ? 'blur' : 'black' })}
        >
          {(Object.keys(STYLE_LABELS) as MaskStyle[]).map((style) => (
            <option key={style} value={style}>
              {STYLE_LABELS[style]}
            </option>
          ))}
        </select>
      </div>
    </PolygonListItem>
  );
}
