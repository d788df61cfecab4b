/**
 * The season blocks the office's own Charting Outcomes releases (issue 15): per specialty, a fixed
 * partition of the seasons, so that no two charts ever cover overlapping seasons. Two charts that
 * overlap can be subtracted — 2020–2024 minus 2020–2023 is the 2024 cohort, cell by cell, and a
 * pooled chart minus an unpooled one is the small season that forced the pooling — and no
 * suppression inside one table can stop that. Charts of disjoint blocks share no graduate, so what
 * one shows says nothing about a hidden cell of another.
 *
 * The partition is built from the specialty's OLDEST season forward: seasons are pooled into a
 * block until it has at least the threshold of applicants over at least `outcomes.blockSeasons`
 * seasons, then the block closes and the next one starts the season after. A closed block depends only on its own seasons and the ones before it,
 * so a newer season never changes it. The newest block, still short of the threshold, is not
 * charted: it is named by its seasons only, with the same words whether it holds no applicant or
 * nine, so it gives no count under the threshold.
 */
import { seasonRange } from './memory';

export interface SeasonBlock {
  fromSeason: number;
  toSeason: number;
  /** How many seasons it spans (any empty season inside it included). */
  seasons: number;
  /** True once it holds at least the threshold of applicants; only a closed block is charted. */
  closed: boolean;
}

/**
 * The partition of one specialty's seasons. `applicantSeasons` has one season per applicant;
 * `latestSeason` is the latest season recorded in any specialty (the open block runs up to it, so a
 * specialty's empty recent seasons read the same as its small ones).
 */
export function seasonBlocks(applicantSeasons: readonly number[], threshold: number, latestSeason: number, minSeasons = 1): SeasonBlock[] {
  if (!applicantSeasons.length) return [];
  const perSeason = new Map<number, number>();
  for (const s of applicantSeasons) perSeason.set(s, (perSeason.get(s) ?? 0) + 1);
  const blocks: SeasonBlock[] = [];
  const first = Math.min(...applicantSeasons);
  const last = Math.max(latestSeason, ...applicantSeasons);
  // The seasons after the last closed block: where the open block runs from.
  let after = first;
  // Where the block being filled starts: its first season with an applicant (a closed block's label
  // does not reach back over empty seasons, which count no one).
  let start: number | null = null;
  let held = 0;
  for (let s = first; s <= last; s++) {
    const n = perSeason.get(s) ?? 0;
    if (n > 0 && start === null) start = s;
    held += n;
    // Closed only with enough applicants for the smallest cell AND enough seasons (outcomes.blockSeasons):
    // a block of just ten applicants would hide every CK band. Both depend on the block's own seasons only.
    if (start !== null && held >= threshold && s - start + 1 >= minSeasons) {
      blocks.push({ fromSeason: start, toSeason: s, seasons: s - start + 1, closed: true });
      after = s + 1;
      start = null;
      held = 0;
    }
  }
  // The open block: every season after the last closed one, the same words whether it holds none or a few.
  if (after <= last) blocks.push({ fromSeason: after, toSeason: last, seasons: last - after + 1, closed: false });
  return blocks;
}

/** "2023", or "2020–2023 (pooled)" for a block of several seasons. */
export function blockLabel(b: Pick<SeasonBlock, 'fromSeason' | 'toSeason'>): string {
  const range = seasonRange([b.fromSeason, b.toSeason]);
  return b.fromSeason === b.toSeason ? range : `${range} (pooled)`;
}

/** What the open block says: its seasons and that it waits, never how many it holds. */
export function waitingText(b: Pick<SeasonBlock, 'fromSeason' | 'toSeason' | 'seasons'>, threshold: number, minSeasons = 1): string {
  const what = b.seasons === 1 ? `season ${b.fromSeason}` : `seasons ${seasonRange([b.fromSeason, b.toSeason])} (${b.seasons} seasons)`;
  const until = minSeasons > 1 ? `${threshold} applicants over at least ${minSeasons} seasons` : String(threshold);
  return `${what[0].toUpperCase()}${what.slice(1)}: not charted yet, waiting for more applicants — pooled with the seasons after until it has ${until}.`;
}

/** The closed blocks that share a season with [from, to] (either end open), oldest first. */
export function blocksOverlapping(blocks: readonly SeasonBlock[], from: number | undefined, to: number | undefined): SeasonBlock[] {
  return blocks.filter((b) => b.closed && (from === undefined || b.toSeason >= from) && (to === undefined || b.fromSeason <= to));
}
