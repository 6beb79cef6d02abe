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

interface ScheduleEditorProps {
  enabled: boolean;
  onEnabledChange: (enabled: boolean) => void;
  schedule: Schedule;
  onChange: (schedule: Schedule) => void;
  errors: readonly FieldError[];
}

/** Detection windows: days of the week, start and end (HH:MM, may cross midnight), in a time zone. */
export function ScheduleEditor({ enabled, onEnabledChange, schedule, onChange, errors }: ScheduleEditorProps) {
  const zones = useMemo(() => timeZones(), []);
  const setWindow = (i: number, w: DetectionWindow) =>
    onChange({ ...schedule, windows: schedule.windows.map((x, j) => (j === i ? w : x)) });
  const toggleDay = (i: number, day: Weekday) => {
    const w = schedule.windows[i];
    const days = w.days.includes(day) ? w.days.filter((d) => d !== day) : [...w.days, day];
    setWindow(i, { ...w, days: WEEKDAYS.filter((d) => days.includes(d)) });
  };
  const windowPrefixes = schedule.windows.map((_, i) => `schedule.windows[${i}]`);
  const tzValid = isValidTimeZone(schedule.timeZone || 'UTC');
  const activeNow = enabled && tzValid ? isDetectionTime(schedule, new Date()) : null;

  return (
    <div className="schedule" data-testid="schedule-editor">
      <Checkbox className="checkbox--block" testId="schedule-enabled" checked={enabled} onChange={onEnabledChange}>
        Detect only during these windows
        <span className="form-hint"> — outside them the camera streams without detection. Off: always detect.</span>
      </Checkbox>

      {enabled ? (
        <>
          <TextField
            label="Time zone"
            testId="schedule-timezone"
            list="cctv-time-zones"
            value={schedule.timeZone}
            spellCheck={false}
            onChange={(timeZone) => onChange({ ...schedule, timeZone })}
            errors={pickErrors(errors, 'schedule.timeZone')}
            errorTestId="error-schedule-timezone"
          >
            <datalist id="cctv-time-zones">
              {zones.map((z) => (
                <option key={z} value={z} />
              ))}
            </datalist>
            {!tzValid ? <span className="form-hint form-hint--warn">Not a time zone this browser knows.</span> : null}
          </TextField>

          <ol className="schedule__windows">
            {schedule.windows.map((w, i) => (
              <li key={i} className="schedule__window" data-testid={`schedule-window-${i}`}>
                <div className="schedule__days" role="group" aria-label={`Window ${i + 1} days`}>
                  {WEEKDAYS.map((day) => (
                    <button
                      key={day}
                      type="button"
                      className={`day-toggle${w.days.includes(day) ? ' day-toggle--on' : ''}`}
                      aria-pressed={w.days.includes(day)}
                      data-testid={`schedule-day-${i}-${day}`}
                      onClick={() => toggleDay(i, day)}
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
                      testId={`schedule-${edge}-${i}`}
                      fieldClassName="field--inline"
                      type="time"
                      width="time"
                      value={w[edge]}
                      required
                      onChange={(time) => setWindow(i, { ...w, [edge]: time })}
                    />
                  ))}
                  <span className="schedule__summary" data-testid={`schedule-summary-${i}`}>
                    {w.start && w.end ? describeTimes(w) : ''}
                  </span>
                  <button
                    type="button"
                    className="button button--small button--ghost"
                    data-testid={`schedule-remove-${i}`}
                    disabled={schedule.windows.length <= 1}
                    title={
                      schedule.windows.length <= 1
                        ? 'A schedule needs one window; untick the box to always detect'
                        : undefined
                    }
                    onClick={() => onChange({ ...schedule, windows: schedule.windows.filter((_, j) => j !== i) })}
                  >
                    Remove
                  </button>
                </div>
                <FieldMessages messages={pickErrors(errors, `schedule.windows[${i}]`)} testId={`error-window-${i}`} />
              </li>
            ))}
          </ol>
          <div className="schedule__foot">
            <button
              type="button"
              className="button button--small"
              data-testid="schedule-add"
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
              <span className={`schedule__now${activeNow ? ' schedule__now--on' : ''}`} data-testid="schedule-now">
                With these windows detection is {activeNow ? 'ON' : 'OFF'} right now.
              </span>
            ) : null}
          </div>
        </>
      ) : null}
      <FieldMessages
        messages={pickErrors(errors, 'schedule', ['schedule.timeZone', ...windowPrefixes])}
        testId="error-schedule"
      />
    </div>
  );
}
