import type { ProgramListView } from '../../../shared/api/program-lists';
import { LIST_TIER_LABELS } from '../../../shared/domain';
import { call, parseAsOf, withDatabase, type CliIo, type ParsedValues } from '../command';

/** `--json`'s element: one per program, in list order, with everything the line says. */
export function programListJson(view: ProgramListView) {
  return {
    studentId: view.studentId,
    specialty: view.specialty,
    which: view.which,
    asOf: view.asOf,
    ckScore: view.ckScore,
    saved: view.saved,
    programs: view.lines.map((l) => ({
      programId: l.programId,
      code: l.code,
      name: l.name,
      tier: l.tier,
      computedTier: l.computedTier,
      because: l.because,
      evidence: l.evidence.kind,
      evidenceLabel: l.evidence.label,
      n: l.evidence.n,
      years: l.evidence.years,
      percentile: l.evidence.percentile,
      notKnown: l.notKnown,
      signals: l.signals,
      pinned: l.pinned,
      excluded: l.excluded,
      annotation: l.annotation,
      override: l.overrideNote,
    })),
    suggestion: view.suggestion,
    signalAllowance: view.signalAllowance,
    orphanEntries: view.orphanEntries,
  };
}

export function programListText(view: ProgramListView): string[] {
  const ck = view.ckScore === null ? 'no Step 2 CK score yet' : `Step 2 CK ${view.ckScore}`;
  const out = [`${view.studentName} (${view.studentId}): ${view.which} specialty ${view.specialty}, ${ck}, as of ${view.asOf}`, ''];
  if (!view.lines.length) out.push(view.specialtyKnown ? `No ${view.specialty} programs are in the directory.` : `"${view.specialty}" matches no specialty in Settings, so no programs are listed.`);
  for (const l of view.lines) {
    const flags = [l.pinned ? 'pinned' : null, l.excluded ? 'excluded' : null].filter(Boolean).join(', ');
    out.push(`${LIST_TIER_LABELS[l.tier].toUpperCase().padEnd(12)}  ${l.name}${l.code ? ` [${l.code}]` : ''}${flags ? ` (${flags})` : ''}`);
    out.push(`              ${l.because}`);
    out.push(`              evidence: ${l.evidence.label}; n ${l.evidence.n ?? 'not given'}; years ${l.evidence.years ?? '—'}`);
    if (l.signals) out.push(`              signals: ${l.signals}`);
    if (l.overrideNote) out.push(`              advisor: ${l.overrideNote}`);
    if (l.annotation) out.push(`              note: ${l.annotation}`);
  }
  out.push('', `Suggested applications: ${view.suggestion.text}`);
  if (view.signalAllowance) out.push(`Signals: ${view.signalAllowance}`);
  const c = view.counts;
  out.push(`${view.lines.length} programs: ${c.likely} likely, ${c.target} target, ${c.reach} reach, ${c['no-evidence']} no evidence, ${c['not-eligible']} not eligible, ${c.excluded} excluded`);
  return out;
}

/** `stepwise program-list STUDENT_ID` (its options: commands/index.ts). */
export async function run(values: ParsedValues, positionals: string[], io: CliIo): Promise<number> {
  const [studentId] = positionals;
  const asOf = parseAsOf(values['as-of']);
  const specialty = typeof values.specialty === 'string' ? values.specialty : 'target';
  return withDatabase(values, io, async (ctx) => {
    const result = await call(ctx, 'programList.build', { studentId, specialty, asOf });
    if (!result.ok) {
      io.stderr(`stepwise program-list: ${result.error.message}`);
      return result.error.code === 'INVALID_INPUT' ? 2 : 1;
    }
    if (values.json) io.stdout(JSON.stringify(programListJson(result.value), null, 2));
    else for (const l of programListText(result.value)) io.stdout(l);
    return 0;
  });
}
