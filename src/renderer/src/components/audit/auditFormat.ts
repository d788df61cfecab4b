import type { AuditEntry } from '../../../../shared/domain';
import { fieldName, settingName, valueWords } from '../../../../shared/labels';
import { formatDate, formatDatesIn, formatInstant } from '../../format';

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
  flag_acknowledgement: 'Flag acknowledgement',
  enrolment_change: 'Enrolment status',
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

/** `targetSpecialty` → "target specialty", `applicantType` → "applicant type" (src/shared/labels.ts). */
export function fieldLabel(field: string | null): string {
  return field ? fieldName(field) : '';
}

/** What a row changed, named: a setting by its name (and a dated row's date), anything else by its ID. */
export function recordLabel(entity: string, entityId: string): string {
  if (entity !== 'setting') return `${entityLabel(entity)} ${entityId}`;
  const { name, from } = settingName(entityId);
  // An undated row is named "…@always" (reference-edits.ts): in force since always, no date to show.
  return `Setting: ${name}${from && from !== 'always' ? ` from ${formatDate(from)}` : ''}`;
}

export { formatInstant };

/** An instant as the app stores it (archivedAt, doneAt, changedAt…): shown as the rest of the log shows times. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/** One stored value in words: its code's label (by its field), a date or an instant in the user's format. */
function valueText(field: string | null, value: string): string {
  if (ISO_INSTANT.test(value)) return formatInstant(value);
  return formatDatesIn(valueWords(field, value));
}

const MAX_SHOWN = 160;

/**
 * A stored value as text: a whole record (added or removed rows keep it as JSON) becomes
 * "field: value; …" without empty fields; anything long is cut, the full text goes in the title.
 */
export function formatValue(value: string | null, field: string | null = null): { text: string; full: string } {
  if (value === null) return { text: '—', full: '' };
  let text = valueText(field, value);
  if (value.startsWith('{')) {
    try {
      const record = JSON.parse(value) as Record<string, unknown>;
      text = Object.entries(record)
        .filter(([, v]) => v !== null && v !== '' && !(typeof v === 'object' && v !== null && Object.keys(v).length === 0))
        .map(([k, v]) => `${fieldLabel(k)}: ${typeof v === 'object' ? JSON.stringify(v) : valueText(k, String(v))}`)
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
