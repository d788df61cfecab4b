import { z } from 'zod';
import { IsoDate } from './dates';

export const TIERS = ['highly', 'moderately', 'less'] as const;
export const Tier = z.enum(TIERS);
export type Tier = z.infer<typeof Tier>;
export const TIER_LABELS: Record<Tier, string> = {
  highly: 'Highly competitive',
  moderately: 'Moderately competitive',
  less: 'Less competitive',
};

export const Specialty = z.object({
  id: z.number().int(),
  name: z.string().trim().min(1).max(200),
  tier: Tier,
  /** Median Step 2 CK of matched US MD seniors; null = use the tier default. */
  referenceCk: z.number().int().min(1).max(300).nullable(),
  /** Alternative names and abbreviations matched on lookup (ENT, Ortho, …). */
  aliases: z.array(z.string().trim().min(1)).max(50),
  source: z.string().max(500),
  effectiveDate: IsoDate,
  note: z.string().max(1000).nullable(),
});
export type Specialty = z.infer<typeof Specialty>;

export const Program = z.object({
  id: z.number().int(),
  name: z.string().trim().min(1).max(300),
  specialtyId: z.number().int().nullable(),
  city: z.string().max(200).nullable(),
  state: z.string().max(100).nullable(),
  kind: z.enum(['academic', 'community', 'community-academic', 'military', 'other']).nullable(),
  stepCkMinimum: z.number().int().min(1).max(300).nullable(),
  note: z.string().max(2000).nullable(),
});
export type Program = z.infer<typeof Program>;

export const SETTING_KINDS = ['number', 'date', 'monthDay', 'text'] as const;
export const SettingKind = z.enum(SETTING_KINDS);
export type SettingKind = z.infer<typeof SettingKind>;

/**
 * One reference fact as stored: a value with its source and the date it takes effect. A fact that
 * changes over time (the Step 2 CK passing score) has one row per effective date; the value in force
 * on a date is the row with the latest effectiveFrom on or before it (null = since always).
 */
export const Setting = z.object({
  key: z.string().min(1).max(100),
  effectiveFrom: IsoDate.nullable(),
  kind: SettingKind,
  value: z.string().max(500),
  label: z.string().max(300),
  source: z.string().max(500),
  note: z.string().max(1000).nullable(),
});
export type Setting = z.infer<typeof Setting>;
