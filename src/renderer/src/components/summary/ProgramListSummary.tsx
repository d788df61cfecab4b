import type { ProgramListView } from '../../../../shared/api';
import { LIST_TIER_LABELS, type ListTier } from '../../../../shared/domain';
import { formatInstant } from '../../format';

const ORDER: ListTier[] = ['likely', 'target', 'reach', 'no-evidence', 'not-eligible'];

/**
 * The saved program list on the one-page summary (issue 15), compactly: the tier counts, then per
 * tier the programs the list keeps (pinned ones first and marked), never the excluded ones; advisor
 * notes are on the student's workbook, not here, so the page stays one page.
 */
export function ProgramListSummary({ list }: { list: ProgramListView }) {
  if (!list.saved)
    return (
      <p className="muted" data-testid="summary-program-list">
        No {list.specialty} program list saved yet.
      </p>
    );
  const kept = list.lines.filter((l) => !l.excluded);
  const c = list.counts;
  return (
    <div data-testid="summary-program-list">
      <p style={{ margin: 0 }}>
        <b>{list.specialty}</b> ({list.which} specialty), saved by {list.saved.savedBy} at {formatInstant(list.saved.savedAt)}: {c.likely} likely, {c.target} target, {c.reach} reach,{' '}
        {c['no-evidence']} with no evidence, {c['not-eligible']} not eligible; {c.pinned} pinned, {c.excluded} excluded.
      </p>
      <table>
        <tbody>
          {ORDER.map((t) => {
            const lines = kept.filter((l) => l.tier === t);
            if (!lines.length) return null;
            return (
              <tr key={t}>
                <th style={{ width: '22mm', whiteSpace: 'nowrap' }}>
                  {LIST_TIER_LABELS[t]} ({lines.length})
                </th>
                <td>
                  {lines.map((l, i) => (
                    <span key={l.programId}>
                      {i > 0 && '; '}
                      {l.pinned ? <b>★ {l.name}</b> : l.name}
                    </span>
                  ))}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {c.pinned > 0 && <div className="muted">★ pinned by the advisor</div>}
    </div>
  );
}
