import type { AuditEntry } from '../../../../shared/domain';

/** How the audit log names what changed, in the advisor's words. */
const ENTITY_LABELS: Record<string, string> = {
  student: 'Student',
  exam_attempt: 'Exam attempt',
  practice_exam: 'Practice exam',
  setting: 'Setting',
  specialty: 'Specialty',
  program: 'Program',
  advising_note: 'Note',
  note: 'Note',
  action_item: 'Action item',
  saved_filter: 'Saved filter',
  checklist: 'Checklist',
  database: 'Database',
  import_batch: 'Import',
};

const ACTION_LABELS: Record<AuditEntry['action'], string> = { insert: 'added', update: 'changed', delete: 'removed' };

export function entityLabel(entity: string): string {
  return ENTITY_LABELS[entity] ?? entity.replace(/[_.]/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

export function actionLabel(action: AuditEntry['action']): string {
  return ACTION_LABELS[action] ?? action;
}

/** `targetSpecialty` → "target specialty"; field names that are already words stay as they are. */
export function fieldLabel(field: string | null): string {
  if (!field) return '';
  return field.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[_.]/g, ' ').toLowerCase();
}

/** An audit instant in the user's locale and time zone. */
export function formatInstant(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

const MAX_SHOWN = 160;

/**
 * A stored value as text: a whole record (added or removed rows keep it as JSON) becomes
 * "field: value; …" without empty fields; anything long is cut, the full text goes in the title.
 */
export function formatValue(value: string | null): { text: string; full: string } {
  if (value === null) return { text: '—', full: '' };
  let text = value;
  if (value.startsWith('{')) {
    try {
      const record = JSON.parse(value) as Record<string, unknown>;
      text = Object.entries(record)
        .filter(([, v]) => v !== null && v !== '' && !(typeof v === 'object' && v !== null && Object.keys(v).length === 0))
        .map(([k, v]) => `${fieldLabel(k)}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
        .join('; ');
    } catch {
      /* not JSON after all: shown as stored */
    }
  }
  return { text: text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text || '—', full: text };
}

/** Local calendar date (YYYY-MM-DD) of a Date, for date inputs. */
export function localIsoDate(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
