import { z } from 'zod';
import { IsoDate, Specialty, Tier, type Setting } from '../domain';
import { endpoint } from './contract';

/**
 * Editing the office's reference facts (Settings) and specialty table (Specialties). Every change is
 * validated by the fact's kind in the main process and written to the audit log.
 */

/** A setting row is named by its fact and the date it takes effect (null = in force since always). */
const SettingRowRef = {
  key: z.string().trim().min(1).max(100),
  effectiveFrom: IsoDate.nullable(),
};

export const SettingUpdateInput = z.object({
  ...SettingRowRef,
  patch: z
    .object({
      value: z.string().trim().min(1, 'a value is required').max(500).optional(),
      source: z.string().trim().min(1, 'a source is required').max(500).optional(),
      note: z.string().max(1000).nullable().optional(),
      effectiveFrom: IsoDate.nullable().optional(),
    })
    .refine((p) => Object.values(p).some((v) => v !== undefined), { message: 'nothing to change' }),
});
export type SettingUpdateInput = z.input<typeof SettingUpdateInput>;

export const SettingAddInput = z.object({
  ...SettingRowRef,
  value: z.string().trim().min(1, 'a value is required').max(500),
  source: z.string().trim().min(1, 'a source is required').max(500),
  note: z.string().max(1000).nullable().optional(),
});
export type SettingAddInput = z.input<typeof SettingAddInput>;

export const SettingRemoveInput = z.object(SettingRowRef);

const specialtyFields = {
  name: Specialty.shape.name,
  tier: Tier,
  /** Null = use the tier default (specialty.tierDefault.<tier>). */
  referenceCk: Specialty.shape.referenceCk,
  aliases: z.array(z.string().trim().max(100)).max(50),
  source: z.string().trim().min(1, 'a source is required').max(500),
  effectiveDate: IsoDate,
  note: z.string().max(1000).nullable(),
};

export const SpecialtyInput = z.object(specialtyFields);
export type SpecialtyInput = z.input<typeof SpecialtyInput>;

export const SpecialtyUpdateInput = z.object({
  id: z.number().int().positive(),
  patch: z.object(specialtyFields).partial(),
});
export type SpecialtyUpdateInput = z.input<typeof SpecialtyUpdateInput>;

export const referenceApi = {
  'settings.update': endpoint<Setting>()(SettingUpdateInput),
  'settings.add': endpoint<Setting>()(SettingAddInput),
  'settings.remove': endpoint<{ key: string; effectiveFrom: string | null }>()(SettingRemoveInput),
  'specialties.update': endpoint<Specialty>()(SpecialtyUpdateInput),
  'specialties.add': endpoint<Specialty>()(SpecialtyInput),
  'specialties.remove': endpoint<{ id: number }>()(z.object({ id: z.number().int().positive() })),
};
