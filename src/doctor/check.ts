/** How one doctor check went; 'skip' is a check that does not apply (no Redis configured, …). */
export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

export interface CheckResult {
  /** What was checked: "ffmpeg", "model", "camera gate-1", … */
  name: string;
  status: CheckStatus;
  /** What was found, one line each; the first is the summary. Never holds a secret. */
  detail: string[];
}

export const check = (name: string, status: CheckStatus, ...detail: string[]): CheckResult => ({
  name,
  status,
  detail,
});

const LABEL: Record<CheckStatus, string> = { ok: 'ok', warn: 'warn', fail: 'FAIL', skip: '-' };

/** The results as an aligned table: status, check, details (continuation lines indented). */
export function formatChecks(results: CheckResult[]): string {
  const nameWidth = Math.max(...results.map((r) => r.name.length));
  const pad = ' '.repeat(2 + 4 + 2 + nameWidth + 2);
  return results
    .map((r) => {
      const [first = '', ...more] = r.detail;
      const head = `  ${LABEL[r.status].padEnd(4)}  ${r.name.padEnd(nameWidth)}  ${first}`;
      return [head.trimEnd(), ...more.map((line) => pad + line)].join('\n');
    })
    .join('\n');
}
