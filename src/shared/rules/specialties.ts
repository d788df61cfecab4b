/**
 * Finding a student's target specialty in the office's reference table (RULES.md §1): names match
 * case-insensitively, ignoring a parenthetical qualifier ("(Integrated)", "(ENT)") and punctuation
 * or spacing, and through each row's aliases (ENT, Ortho, Derm, IM, FM, EM, Peds, Psych, OB/GYN…).
 */
import type { Specialty, Tier } from '../domain';
import { numberSetting, settingInForce, type ReferenceData } from './reference';

/** "Otolaryngology (ENT)" → "otolaryngology"; "OB/GYN" → "obgyn"; "PM&R" → "pmandr". */
export function specialtyKey(name: string): string {
  return normalise(name.replace(/\([^)]*\)/g, ' '));
}

function normalise(text: string): string {
  return text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '');
}

/** The texts a typed name may mean: the name without its parentheticals, then each parenthetical ("Head & Neck (ENT)"). */
function candidateKeys(name: string): string[] {
  const keys = [specialtyKey(name)];
  for (const m of name.matchAll(/\(([^)]*)\)/g)) keys.push(normalise(m[1]));
  return keys.filter((k) => k.length > 0);
}

interface SpecialtyIndex {
  byName: Map<string, Specialty>;
  byAlias: Map<string, Specialty>;
  /** Typed name → row: a cohort types the same few dozen names thousands of times. */
  resolved: Map<string, Specialty | null>;
}

// Built once per loaded reference table: a cohort of 100,000 students looks up the same rows.
const indexes = new WeakMap<readonly Specialty[], SpecialtyIndex>();

function indexFor(specialties: readonly Specialty[]): SpecialtyIndex {
  let index = indexes.get(specialties);
  if (!index) {
    index = { byName: new Map(), byAlias: new Map(), resolved: new Map() };
    // Sorted by id so that, should two rows claim the same alias, the older row wins every time.
    const rows = [...specialties].sort((a, b) => a.id - b.id);
    for (const s of rows) {
      const k = specialtyKey(s.name);
      if (k && !index.byName.has(k)) index.byName.set(k, s);
    }
    // A row answers to its aliases, not to its own parenthetical: "(Integrated)" is a qualifier
    // shared by several rows; where a parenthetical is a real name ("(ENT)") it is also an alias.
    for (const s of rows)
      for (const k of specialtyKeys(s)) if (!index.byAlias.has(k)) index.byAlias.set(k, s);
    indexes.set(specialties, index);
  }
  return index;
}

/** The specialty row a typed name means, or null. A full name beats an alias (e.g. "Neurology" vs "Neuro"). */
export function findSpecialty(specialties: readonly Specialty[], name: string | null | undefined): Specialty | null {
  if (!name || !name.trim()) return null;
  const index = indexFor(specialties);
  let hit = index.resolved.get(name);
  if (hit === undefined) {
    hit = resolve(index, candidateKeys(name));
    if (index.resolved.size < 10_000) index.resolved.set(name, hit);
  }
  return hit;
}

function resolve({ byName, byAlias }: SpecialtyIndex, keys: string[]): Specialty | null {
  for (const k of keys) {
    const hit = byName.get(k);
    if (hit) return hit;
  }
  for (const k of keys) {
    const hit = byAlias.get(k);
    if (hit) return hit;
  }
  return null;
}

/** Every normalised name and alias a row answers to: also used to refuse an edit that would make two rows answer to one name. */
export function specialtyKeys(s: Pick<Specialty, 'name' | 'aliases'>): string[] {
  return [...new Set([s.name, ...s.aliases].map(specialtyKey).filter((k) => k.length > 0))];
}

export const tierDefaultKey = (tier: Tier) => `specialty.tierDefault.${tier}`;

/** The reference CK a rule compares against, with where it came from (shown in every message). */
export interface SpecialtyReference {
  name: string;
  tier: Tier;
  referenceCk: number;
  source: string;
  fromTierDefault: boolean;
}

/**
 * The specialty's reference Step 2 CK: its own row's score, or (row with no score, e.g. a separate
 * match such as Urology) the tier default setting `specialty.tierDefault.<tier>`.
 */
export function specialtyReference(ref: ReferenceData, s: Specialty, asOf: string): SpecialtyReference {
  if (s.referenceCk !== null) return { name: s.name, tier: s.tier, referenceCk: s.referenceCk, source: s.source, fromTierDefault: false };
  const key = tierDefaultKey(s.tier);
  return { name: s.name, tier: s.tier, referenceCk: numberSetting(ref, key, asOf), source: settingInForce(ref, key, asOf)?.source ?? '', fromTierDefault: true };
}

/**
 * A short citation for a message: the source up to its first qualifier, so the specialty table's
 * long source reads "NRMP Charting Outcomes 2026" (RULES.md: cite "NRMP Charting Outcomes").
 */
export function shortSource(source: string): string {
  const cut = source.split(/\s[(:;]|[:;]/)[0].trim();
  return cut || source.trim();
}
