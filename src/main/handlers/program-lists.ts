import { ApiError } from '../../shared/api/contract';
import type { programListsApi } from '../../shared/api/program-lists';
import { LIST_TIER_LABELS, type ProgramListEntry } from '../../shared/domain';
import { outcomesChart } from '../../shared/outcomes/chart';
import { buildProgramList } from '../../shared/outcomes/program-list';
import { listView, readListInputs, type ListInputs } from '../program-lists/build';
import { programListWorkbook } from '../program-lists/workbook';
import { auditFrom, storeOf, type HandlerMap } from './context';

/**
 * Entries the save refuses, each located: a program twice, a program not in the specialty, an
 * advisor's tier on a program that is not eligible (eligibility is never overridden).
 */
function entryProblems(inputs: ListInputs, entries: readonly ProgramListEntry[]): { path: string; message: string }[] {
  const { lines } = buildProgramList(inputs.student, inputs.specialty, inputs.memory, []);
  const byId = new Map(lines.map((l) => [l.programId, l]));
  const seen = new Set<number>();
  const problems: { path: string; message: string }[] = [];
  entries.forEach((e, i) => {
    const line = byId.get(e.programId);
    if (seen.has(e.programId)) problems.push({ path: `entries.${i}.programId`, message: `program ${e.programId} appears twice in the list` });
    seen.add(e.programId);
    if (!line) problems.push({ path: `entries.${i}.programId`, message: `program ${e.programId} is not a ${inputs.specialty.name} program in the directory` });
    else if (e.tierOverride !== null && line.computedTier === 'not-eligible')
      problems.push({ path: `entries.${i}.tierOverride`, message: `${line.name} is not eligible (${line.because.replace(/^Not eligible: /, '')}); it cannot be set to ${LIST_TIER_LABELS[e.tierOverride]}` });
  });
  return problems;
}

/** Handlers for src/shared/api/program-lists.ts, through the store (store.outcomes): both engines. */
export const programListHandlers: HandlerMap<keyof typeof programListsApi> = {
  'outcomes.chart': async (query, ctx) => {
    const store = storeOf(ctx);
    const ref = await store.referenceData();
    return outcomesChart({ ...(await store.outcomes.readMemory()), specialties: ref.specialties }, query);
  },
  'programList.build': async ({ studentId, specialty, asOf }, ctx) => listView(await readListInputs(ctx, studentId, specialty, asOf)),
  'programList.save': async ({ studentId, specialty, asOf, entries, version }, ctx) => {
    const inputs = await readListInputs(ctx, studentId, specialty, asOf);
    const problems = entryProblems(inputs, entries);
    if (problems.length) throw new ApiError('REJECTED', `The list was not saved: ${problems.map((p) => p.message).join('; ')}.`, problems);
    const result = await storeOf(ctx).outcomes.saveProgramList(studentId, inputs.specialty.name, entries, version, auditFrom(ctx, 'program list'));
    if (result.stale)
      throw new ApiError(
        'CONFLICT',
        `${result.current.savedBy} saved this ${inputs.specialty.name} list at ${result.current.savedAt} since you opened it; nothing was saved. Reload the list and make your changes again.`,
        undefined,
        { savedBy: result.current.savedBy, savedAt: result.current.savedAt, version: result.current.version },
      );
    return listView({ ...inputs, saved: result.list });
  },
  'programList.export': async ({ studentId, specialty, asOf }, ctx) => programListWorkbook(listView(await readListInputs(ctx, studentId, specialty, asOf))),
};
