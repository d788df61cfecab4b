import { Alert, Button, Group, Loader, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useCallback, useMemo, useState } from 'react';
import { localToday, type Specialty, type Tier } from '../../../shared/domain';
import { numberSetting } from '../../../shared/rules/reference';
import { findSpecialty, specialtyKeys, specialtyReference, tierDefaultKey } from '../../../shared/rules/specialties';
import { useQuery } from '../api/useQuery';
import { ConfirmRemoveDialog } from '../components/reference/ConfirmRemoveDialog';
import { OutcomesSection } from '../components/programs/OutcomesSection';
import { ALL_PROGRAMS, ProgramsSection } from '../components/reference/ProgramsSection';
import { removeSpecialty } from '../components/reference/referenceActions';
import { SpecialtyForm, type SpecialtyFormMode } from '../components/reference/SpecialtyForm';
import { SpecialtyTable } from '../components/reference/SpecialtyTable';
import type { Route } from '../router';

/**
 * Specialties and programs: the reference Step 2 CK per specialty (median of matched US MD seniors,
 * NRMP Charting Outcomes) that CK_BELOW_TARGET and the dual-apply advice compare against, and the
 * residency programs the office tracks per specialty.
 */
export function SpecialtiesPage(_props: { route: Route }) {
  const specialties = useQuery('specialties.list', {});
  const settings = useQuery('settings.list', {});
  const programs = useQuery('programs.list', {});
  const [search, setSearch] = useState('');
  const [form, setForm] = useState<SpecialtyFormMode | null>(null);
  const [removing, setRemoving] = useState<Specialty | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [programsOf, setProgramsOf] = useState(ALL_PROGRAMS);
  const today = localToday();

  const ref = useMemo(() => ({ settings: settings.data ?? [], specialties: specialties.data ?? [] }), [settings.data, specialties.data]);
  // The same lookup the rules make, so "tier default N" is the number a flag would cite.
  const referenceOf = useCallback((s: Specialty) => (settings.data ? specialtyReference(ref, s, today) : null), [ref, settings.data, today]);
  const tierDefault = useCallback((tier: Tier) => (settings.data ? numberSetting(ref, tierDefaultKey(tier), today) : null), [ref, settings.data, today]);
  const programCounts = useMemo(() => {
    const counts = new Map<number, number>();
    for (const p of programs.data ?? []) if (p.specialtyId !== null) counts.set(p.specialtyId, (counts.get(p.specialtyId) ?? 0) + 1);
    return counts;
  }, [programs.data]);
  const shown = useMemo(() => {
    const all = specialties.data ?? [];
    if (!search.trim()) return all;
    // A search matches what the rules would match (ENT, Ortho, PM&R…) as well as any part of a name.
    const exact = findSpecialty(all, search);
    const needle = search.trim().toLowerCase();
    const squashed = needle.replace(/[^a-z0-9]/g, '');
    return all.filter((s) => s === exact || s.name.toLowerCase().includes(needle) || (squashed !== '' && specialtyKeys(s).some((k) => k.includes(squashed))));
  }, [specialties.data, search]);

  const done = (message: string) => {
    setForm(null);
    setRemoving(null);
    setSaved(message);
    specialties.reload();
    programs.reload();
  };
  const latestSource = [...(specialties.data ?? [])].sort((a, b) => a.effectiveDate.localeCompare(b.effectiveDate)).at(-1)?.source ?? 'NRMP Charting Outcomes';

  const failed = specialties.error ?? settings.error ?? programs.error;
  if (failed) return <Alert color="red" title="The specialty table could not be loaded">{failed.message}</Alert>;

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1}>Specialties and programs</Title>
          <Text c="dimmed" maw={820}>
            Reference scores are the median Step 2 CK of matched US MD seniors, cited as <b>NRMP Charting Outcomes</b>; the office may replace them.
            A specialty without its own score uses its tier default (Settings → Reference facts).
          </Text>
        </div>
        <Button onClick={() => (setSaved(null), setForm({ type: 'add', source: latestSource }))}>Add specialty</Button>
      </Group>
      {saved && (
        <Alert color="teal" role="status" withCloseButton onClose={() => setSaved(null)} data-testid="specialty-saved">
          {saved}
        </Alert>
      )}
      <Paper withBorder p="md" component="section" aria-label="Specialty reference scores">
        <Group justify="space-between" mb="xs">
          <TextInput aria-label="Search specialties" placeholder="Search by name or abbreviation (ENT, PM&R…)" value={search} onChange={(e) => setSearch(e.currentTarget.value)} w={360} />
          <Text c="dimmed" fz="sm" aria-live="polite">
            {specialties.data ? `${shown.length} of ${specialties.data.length} specialties` : ''}
          </Text>
        </Group>
        {specialties.data && settings.data ? (
          <SpecialtyTable
            specialties={shown}
            referenceOf={referenceOf}
            programCounts={programCounts}
            actions={{
              edit: (s) => (setSaved(null), setForm({ type: 'edit', specialty: s })),
              remove: (s) => (setSaved(null), setRemoving(s)),
              showPrograms: (s) => {
                setProgramsOf(String(s.id));
                document.getElementById('programs')?.scrollIntoView({ behavior: 'smooth' });
              },
            }}
          />
        ) : (
          <Loader aria-label="Loading specialties" />
        )}
      </Paper>
      {specialties.data && programs.data && (
        <ProgramsSection specialties={specialties.data} programs={programs.data} selected={programsOf} onSelect={setProgramsOf} onChanged={programs.reload} />
      )}
      {specialties.data && <OutcomesSection specialties={specialties.data} />}
      {form && <SpecialtyForm key={form.type === 'edit' ? form.specialty.id : 'add'} mode={form} tierDefault={tierDefault} onClose={() => setForm(null)} onSaved={done} />}
      {removing && (
        <ConfirmRemoveDialog
          title={`Remove ${removing.name}`}
          remove={() => removeSpecialty(removing)}
          onClose={() => setRemoving(null)}
          onRemoved={() => {
            if (programsOf === String(removing.id)) setProgramsOf(ALL_PROGRAMS);
            done(`Removed: ${removing.name}`);
          }}
        >
          <Text>
            Remove <b>{removing.name}</b> from the reference table?
          </Text>
          <Text fz="sm" c="dimmed">
            Students whose target is {removing.name} will no longer be compared against a reference score (their page will say the target is not in the
            table). {programCounts.get(removing.id) ? `Its ${programCounts.get(removing.id)} program(s) are kept, without a specialty.` : ''}
          </Text>
        </ConfirmRemoveDialog>
      )}
    </Stack>
  );
}
