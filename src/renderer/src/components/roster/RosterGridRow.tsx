import { memo, type CSSProperties, type KeyboardEvent } from 'react';
import type { RosterRow } from '../../../../shared/api';
import { APPLICANT_TYPE_LABELS, ENROLMENT_LABELS, type EnrolmentStatus } from '../../../../shared/domain';
import { flagTitle } from '../../../../shared/rules/catalogue';
import { formatDate } from '../../format';
import { RISK_COLORS, RISK_LABELS } from '../dashboard/risk';

const STEP1_COLORS: Record<RosterRow['step1'], string> = { passed: 'teal', failed: 'red', scheduled: 'blue', pending: 'grape', 'not yet': 'gray' };

/** Pill colours from Mantine's own variables, so both themes apply; built once, not per row. */
const pill = (color: string, filled: boolean): CSSProperties =>
  filled
    ? { background: `var(--mantine-color-${color}-filled)`, color: 'var(--mantine-color-white)' }
    : { background: `var(--mantine-color-${color}-light)`, color: `var(--mantine-color-${color}-light-color)` };
const RISK_PILLS = Object.fromEntries(Object.entries(RISK_COLORS).map(([k, c]) => [k, pill(c, k === 'critical' || k === 'high')]));
const STEP1_PILLS = Object.fromEntries(Object.entries(STEP1_COLORS).map(([k, c]) => [k, pill(c, false)]));
const STATUS_PILL = pill('violet', false);
const ARCHIVED_PILL = pill('gray', false);
/** Words that fit the column; the whole label is the cell's tooltip. */
const SHORT_STATUS: Record<EnrolmentStatus, string> = { active: 'Active', leave: 'On leave', extended: 'Extended', withdrawn: 'Withdrawn', graduated: 'Graduated' };

export interface RosterGridRowProps {
  index: number;
  start: number;
  height: number;
  template: string;
  row: RosterRow | undefined;
  selected: boolean;
  onOpen: (row: RosterRow) => void;
  onToggle: (row: RosterRow) => void;
  onKey: (e: KeyboardEvent<HTMLDivElement>, index: number, row: RosterRow | undefined) => void;
}

/** Flag titles in words; each code only in its tooltip (and the whole list in the cell's, when it is cut short). */
function FlagsCell({ flags }: { flags: RosterRow['flags'] }) {
  if (!flags.length) return <div role="gridcell" className="roster-cell roster-dim">—</div>;
  return (
    <div role="gridcell" className="roster-cell roster-flags" title={flags.map((f) => `${flagTitle(f)} (${f})`).join('\n')}>
      {flags.map((f, i) => (
        <span key={f} title={f}>
          {i > 0 && '; '}
          {flagTitle(f)}
        </span>
      ))}
    </div>
  );
}

/** One roster row; memoised so rows that stay in view are not drawn again while the list scrolls. */
export const RosterGridRow = memo(function RosterGridRow({ index, start, height, template, row, selected, onOpen, onToggle, onKey }: RosterGridRowProps) {
  const style: CSSProperties = { height, transform: `translateY(${start}px)`, gridTemplateColumns: template };
  if (!row)
    return (
      <div role="row" aria-rowindex={index + 2} tabIndex={-1} className="roster-row" data-loading="" style={style}>
        <div className="roster-cell" />
        <div className="roster-cell">Loading…</div>
      </div>
    );
  const name = `${row.lastName}, ${row.firstName}`;
  return (
    <div
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      tabIndex={0}
      className="roster-row"
      data-selected={selected ? '' : undefined}
      style={style}
      onClick={() => onOpen(row)}
      onKeyDown={(e) => onKey(e, index, row)}
    >
      <div role="gridcell" className="roster-cell roster-check" onClick={(e) => e.stopPropagation()}>
        <input type="checkbox" checked={selected} onChange={() => onToggle(row)} aria-label={`Select ${name}`} tabIndex={-1} />
      </div>
      <div role="gridcell" className="roster-cell">{name}</div>
      <div role="gridcell" className="roster-cell roster-mono">
        {row.id}
      </div>
      <div role="gridcell" className="roster-cell">
        {row.gradYear}
      </div>
      <div role="gridcell" className="roster-cell">
        {row.applicantType ? APPLICANT_TYPE_LABELS[row.applicantType] : '—'}
      </div>
      <div role="gridcell" className="roster-cell">
        {row.targetSpecialty ?? '—'}
      </div>
      <div role="gridcell" className="roster-cell">
        {row.advisor ?? '—'}
      </div>
      <div role="gridcell" className="roster-cell" data-testid="roster-status">
        {/* Active is the usual case: said quietly; any other status, and an archived student, stand out. */}
        {row.enrolment === 'active' && !row.archived ? (
          <span className="roster-dim">Active</span>
        ) : (
          <span className="roster-pill" style={row.archived ? ARCHIVED_PILL : STATUS_PILL} title={row.archived ? `${ENROLMENT_LABELS[row.enrolment]}, archived` : ENROLMENT_LABELS[row.enrolment]}>
            {row.archived ? 'Archived' : SHORT_STATUS[row.enrolment]}
          </span>
        )}
      </div>
      <div role="gridcell" className="roster-cell">
        {row.risk ? (
          <span className="roster-pill" style={RISK_PILLS[row.risk]}>
            {RISK_LABELS[row.risk]}
          </span>
        ) : (
          <span className="roster-dim">—</span>
        )}
      </div>
      <FlagsCell flags={row.flags} />
      <div role="gridcell" className="roster-cell">
        <span className="roster-pill" style={STEP1_PILLS[row.step1]}>
          {row.step1}
        </span>
      </div>
      <div role="gridcell" className="roster-cell">
        {row.ckScore ?? '—'}
      </div>
      <div role="gridcell" className="roster-cell">
        {formatDate(row.ckDate)}
      </div>
    </div>
  );
});
