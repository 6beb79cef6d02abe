// What the audit trail records: who did what to which captures, shared by the server (which records
// and filters) and the dashboard (which shows and filters).

/** Recorded actions: on captures (`capture.*`) and on the audit trail itself (`audit.*`). */
export const AUDIT_ACTIONS = [
  'capture.list',
  'capture.view',
  'capture.crop',
  'capture.frame',
  'capture.clip',
  'capture.export',
  'capture.review',
  'capture.delete',
  'audit.view',
  'audit.export',
  'audit.retention',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** One line per action, for the dashboard's filter and the docs. */
export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  'capture.list': 'listed captures',
  'capture.view': 'opened a capture',
  'capture.crop': 'fetched the crop image',
  'capture.frame': 'fetched the frame image',
  'capture.clip': 'downloaded the clip',
  'capture.export': 'exported captures as CSV',
  'capture.review': 'reviewed a capture',
  'capture.delete': 'deleted a capture',
  'audit.view': 'read the audit trail',
  'audit.export': 'exported the audit trail as CSV',
  'audit.retention': 'changed how long the audit trail is kept',
};

/** Who did it: a user's name and role (`local`/admin in open local mode). */
export interface AuditActor {
  user: string;
  role: string;
}
