/**
 * Signals are annotations on a line, never a change of its tier: how often the school's graduates
 * signalled this program (gold / silver) and how many of those were offered an interview, and the
 * season's signal allowance for the specialty with its source.
 */
import type { SignalAllowance } from '../domain';
import type { SpecialtyHistory } from './history';
import { seasonRange, type DirectoryProgram } from './memory';

/** "The school's graduates signalled this program 4 times (3 gold, 1 silver), 2023–2025; 3 of them were offered an interview." */
export function signalNote(program: DirectoryProgram, history: SpecialtyHistory): string | null {
  if (!program.code) return null;
  const signalled = (history.applicationsByProgram.get(program.code) ?? []).filter((a) => a.application.signal !== null);
  if (!signalled.length) return null;
  const gold = signalled.filter((a) => a.application.signal === 'gold').length;
  const silver = signalled.length - gold;
  const kinds = [gold ? `${gold} gold` : null, silver ? `${silver} silver` : null].filter(Boolean).join(', ');
  const known = signalled.filter((a) => a.application.interviewOffered !== null);
  const offered = known.filter((a) => a.application.interviewOffered).length;
  const interviews = known.length === 0 ? 'whether they were offered an interview is not recorded' : `${offered} of the ${known.length} with a recorded answer ${offered === 1 ? 'was' : 'were'} offered an interview`;
  const times = signalled.length === 1 ? 'once' : `${signalled.length} times`;
  return `The school's graduates signalled this program ${times} (${kinds}), ${seasonRange(signalled.map((a) => a.outcome.season))}; ${interviews}. A signal does not change the tier.`;
}

/** The allowance for the season (or the latest earlier one), described with its source. */
export function allowanceNote(allowances: readonly SignalAllowance[], matches: (written: string) => boolean, season: number): string | null {
  const rows = allowances.filter((a) => matches(a.specialty) && a.season <= season).sort((a, b) => b.season - a.season);
  const a = rows[0];
  if (!a) return null;
  const what = a.signals !== null ? `${a.signals} signals` : [a.gold !== null ? `${a.gold} gold` : null, a.silver !== null ? `${a.silver} silver` : null].filter(Boolean).join(' + ') + ' signals';
  return `${a.season} season: ${what} (${a.source})${a.season < season ? `; no table entered for ${season} yet` : ''}.`;
}
