/**
 * The demo's outcomes memory (issue 15) on a real SQLite file: deterministic for a seed, realistic
 * (the less competitive specialties match more often than the highly competitive ones, a higher
 * CK matches more often), mostly consenting graduates with some who said no, a program directory
 * with unique codes for the demo specialties; removing the demo takes it all away.
 */
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { invoke } from '../../src/main/handlers';
import { readOutcomesMemory } from '../../src/main/db/outcomes-memory';
import { generateDemoOutcomes, lastDemoSeason } from '../../src/main/demo/outcomes';
import { defaultReferenceData } from '../../src/shared/rules/reference-defaults';
import { tempDatabase } from '../helpers';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const { specialties } = defaultReferenceData();

describe('demo outcomes', () => {
  it('are the same for the same seed and date, and differ for another seed', () => {
    const a = generateDemoOutcomes(7, '2026-09-01', 120, specialties);
    const b = generateDemoOutcomes(7, '2026-09-01', 120, specialties);
    expect(b).toEqual(a);
    expect(generateDemoOutcomes(8, '2026-09-01', 120, specialties).graduates).not.toEqual(a.graduates);
  });

  it('look like an office: four past seasons, match rates by tier and CK band, mostly consenting, unique program codes', () => {
    const { programs, graduates } = generateDemoOutcomes(2027, '2026-09-01', 300, specialties);
    expect(lastDemoSeason('2026-09-01')).toBe(2026);
    expect(lastDemoSeason('2026-03-01')).toBe(2025);
    expect([...new Set(graduates.map((g) => g.outcome.season))].sort()).toEqual([2023, 2024, 2025, 2026]);
    expect(new Set(programs.map((p) => p.code)).size).toBe(programs.length);

    const rate = (gs: typeof graduates) => gs.filter((g) => g.outcome.result === 'matched').length / gs.length;
    const tierOf = (name: string) => specialties.find((s) => s.name === name)!.tier;
    const less = graduates.filter((g) => tierOf(g.outcome.specialty) === 'less');
    const highly = graduates.filter((g) => tierOf(g.outcome.specialty) === 'highly');
    expect(rate(less)).toBeGreaterThan(0.8);
    expect(rate(highly)).toBeLessThan(rate(less) - 0.15);
    const ck = (g: (typeof graduates)[number]) => g.outcome.ckAtApplication!;
    expect(rate(graduates.filter((g) => ck(g) >= 250))).toBeGreaterThan(rate(graduates.filter((g) => ck(g) < 235)) + 0.15);

    const yes = graduates.filter((g) => g.consent?.consent === 'yes').length / graduates.length;
    const no = graduates.filter((g) => g.consent?.consent === 'no').length;
    expect(yes).toBeGreaterThan(0.75);
    expect(no).toBeGreaterThan(0);
    // Every matched program is one they were interviewed at, in the directory.
    for (const g of graduates.filter((x) => x.outcome.matchedProgramCode))
      expect(g.applications.find((a) => a.programCode === g.outcome.matchedProgramCode)?.interviewOffered).toBe(true);
  });

  it('load with the demo cohort, reach the memory for consenting graduates only, and leave with it', async () => {
    const t = await tempDatabase();
    dirs.push(t.dir);
    const loaded = await invoke(t.ctx, 'demo.load', { students: 200, seed: 11, asOf: '2026-09-01' });
    expect(loaded.ok).toBe(true);
    const stored = t.db.prepare(`SELECT count(*) FROM match_outcomes`).pluck().get() as number;
    expect(stored).toBe(4 * 50);
    const memory = readOutcomesMemory(t.db);
    const consenting = t.db.prepare(`SELECT count(*) FROM match_outcomes o JOIN outcome_consents c ON c.student_id = o.student_id AND c.consent = 'yes'`).pluck().get() as number;
    expect(memory.outcomes.length).toBe(consenting);
    expect(consenting).toBeLessThan(stored);
    expect(memory.programs.filter((p) => p.code !== null).length).toBeGreaterThan(90);
    expect(memory.applications.length).toBeGreaterThan(memory.outcomes.length);

    const removed = await invoke(t.ctx, 'demo.remove', {});
    expect(removed.ok).toBe(true);
    for (const table of ['match_outcomes', 'outcome_applications', 'outcome_consents', 'programs']) expect(t.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get()).toBe(0);
    expect(t.db.prepare(`SELECT old_value FROM audit_log WHERE entity = 'demo_outcomes' AND action = 'delete'`).pluck().get()).toContain(`"outcomes":${stored}`);
    // The signal allowances are reference data, not the demo's: they stay.
    expect(t.db.prepare(`SELECT count(*) FROM signal_allowances`).pluck().get()).toBeGreaterThan(0);
  });
});
