import { useMemo } from 'react';
import type { FieldError } from '../../api';
import { DAY_LABELS, describeTimes, isDetectionTime, isValidTimeZone, timeZones } from '../../schedule';
import { WEEKDAYS, type DetectionWindow, type Schedule, type Weekday } from '../../types';
import { Checkbox } from '../Checkbox';
import { TextField } from '../TextField';
import { FieldMessages } from './FieldMessages';
import { pickErrors } from './fieldErrors';

const WINDOW_EDGES = [
  { edge: 'start', label: 'From' },
  { edge: 'end', label: 'To' },
] as const;

/** What the windows mean where the editor is used (a camera's detection, an alert rule's hours, …). */
export interface ScheduleWording {
  /** The switch: "Detect only during these windows". */
  enable: string;
  /** After it: what happens outside the windows, and when it is off. */
  hint: string;
  /** What the windows mean for this moment: "With these windows detection is ON right now." */
  now: (inside: boolean) => string;
}

const DETECTION_WORDING: ScheduleWording = {
  enable: 'Detect only during these windows',
  hint: 'outside them the camera streams without detection. Off: always detect.',
  now: (inside) => `With these windows detection is ${inside ? 'ON' : 'OFF'} right now.`,
};

interface ScheduleEditorProps {
  enabled: boolean;
  onEnabledChange: (enabled: boolean) => void;
  schedule: Schedule;
  onChange: (schedule: Schedule) => void;
  errors: readonly FieldError[];
  /** The settings field it edits: the prefix of its error paths and test ids (default `schedule`). */
  field?: string;
  wording?: ScheduleWording;
}

/** Time windows: days of the week, start and end (HH:MM, may cross midnight), in a time zone. */
export function ScheduleEditor({
  enabled,
  onEnabledChange,
  schedule,
  onChange,
  errors,
  field = 'schedule',
  wording = DETECTION_WORDING,
}: ScheduleEditorProps) {
  const setWindow = (i: number, w: DetectionWindow) =>
    onChange({ ...schedule, windows: schedule.windows.map((x, j) => (j === i ? w : x)) });
  const windowPrefixes = schedule.windows.map((_, i) => `${field}.windows[${i}]`);
  const tzValid = isValidTimeZone(schedule.timeZone || 'UTC');
  const activeNow = enabled && tzValid ? isDetectionTime(schedule, new Date()) : null;

  return (
    <div className="schedule" data-testid={`${field}-editor`}>
      <Checkbox className="checkbox--block" testId={`${field}-enabled`} checked={enabled} onChange={onEnabledChange}>
        {wording.enable}
        <span className="form-hint"> — {wording.hint}</span>
      </Checkbox>

      {enabled ? (
        <>
          <TimeZoneField
            field={field}
            value={schedule.timeZone}
            valid={tzValid}
            onChange={(timeZone) => onChange({ ...schedule, timeZone })}
            errors={errors}
          />

          <ol className="schedule__windows">
            {schedule.windows.map((w, i) => (
              <ScheduleWindow
                key={i}
                field={field}
                index={i}
                window={w}
                onChange={(next) => setWindow(i, next)}
                onRemove={
                  schedule.windows.length <= 1
                    ? undefined
                    : () => onChange({ ...schedule, windows: schedule.windows.filter((_, j) => j !== i) })
                }
                errors={errors}
              />
            ))}
          </ol>
          <div className="schedule__foot">
            <button
              type="button"
              className="button button--small"
              data-testid={`${field}-add`}
              onClick={() =>
                onChange({
                  ...schedule,
                  windows: [...schedule.windows, { days: [...WEEKDAYS], start: '06:00', end: '18:00' }],
                })
              }
            >
              + Add window
            </button>
            {activeNow !== null ? (
              <span className={`schedule__now${activeNow ? ' schedule__now--on' : ''}`} data-testid={`${field}-now`}>
                {wording.now(activeNow)}
              </span>
            ) : null}
          </div>
        </>
      ) : null}
      <FieldMessages
        messages={pickErrors(errors, field, [`${field}.timeZone`, ...windowPrefixes])}
        testId={`error-${field}`}
      />
    </div>
  );
}

interface TimeZoneFieldProps {
  field: string;
  value: string;
  /** The browser knows the zone (else a warning is shown). */
  valid: boolean;
  onChange: (timeZone: string) => void;
  errors: readonly FieldError[];
}

/** The schedule's time zone, with the browser's zones to choose from. */
function TimeZoneField({ field, value, valid, onChange, errors }: TimeZoneFieldProps) {
  const zones = useMemo(() => timeZones(), []);
  return (
    <TextField
      label="Time zone"
      testId={`${field}-timezone`}
      list={`cctv-${field}-time-zones`}
      value={value}
      spellCheck={false}
      onChange={onChange}
      errors={pickErrors(errors, `${field}.timeZone`)}
      errorTestId={`error-${field}-timezone`}
    >
      <datalist id={`cctv-${field}-time-zones`}>
        {zones.map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
      {!valid ? <span className="form-hint form-hint--warn">Not a time zone this browser knows.</span> : null}
    </TextField>
  );
}

interface ScheduleWindowProps {
  field: string;
  index: number;
  window: DetectionWindow;
  onChange: (window: DetectionWindow) => void;
  /** Absent for the only window (a schedule needs one). */
  onRemove?: () => void;
  errors: readonly FieldError[];
}

/** One window: its days, from and to, what that reads as, and Remove. */
function ScheduleWindow({ field, index: i, window: w, onChange, onRemove, errors }: ScheduleWindowProps) {
  const toggleDay = (day: Weekday) => {
    const days = w.days.includes(day) ? w.days.filter((d) => d !== day) : [...w.days, day];
    onChange({ ...w, days: WEEKDAYS.filter((d) => days.includes(d)) });
  };
  return (
    <li className="schedule__window" data-testid={`${field}-window-${i}`}>
      <div className="schedule__days" role="group" aria-label={`Window ${i + 1} days`}>
        {WEEKDAYS.map((day) => (
          <button
            key={day}
            type="button"
            className={`day-toggle${w.days.includes(day) ? ' day-toggle--on' : ''}`}
            aria-pressed={w.days.includes(day)}
            data-testid={`${field}-day-${i}-${day}`}
            onClick={() => toggleDay(day)}
          >
            {DAY_LABELS[day]}
          </button>
        ))}
      </div>
      <div className="schedule__times">
        {WINDOW_EDGES.map(({ edge, label }) => (
          <TextField
            key={edge}
            label={label}
            testId={`${field}-${edge}-${i}`}
            fieldClassName="field--inline"
            type="time"
            width="time"
            value={w[edge]}
            required
            onChange={(time) => onChange({ ...w, [edge]: time })}
          />
        ))}
        <span className="schedule__summary" data-testid={`${field}-summary-${i}`}>
          {w.start && w.end ? describeTimes(w) : ''}
        </span>
        <button
          type="button"
          className="button button--small button--ghost"
          data-testid={`${field}-remove-${i}`}
          disabled={!onRemove}
          title={onRemove ? undefined : 'A schedule needs one window; untick the box to remove it'}
          onClick={onRemove}
        >
          Remove
        </button>
      </div>
      <FieldMessages messages={pickErrors(errors, `${field}.windows[${i}]`)} testId={`error-${field}-window-${i}`} />
    </li>
  );
}
