import { Alert, Button, Group, Paper, Select, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import { PROGRAM_KIND_LABELS } from '../../../../shared/api';
import type { Program, Specialty } from '../../../../shared/domain';
import { call } from '../../api/client';
import { ConfirmRemoveDialog } from './ConfirmRemoveDialog';
import { ProgramForm, type ProgramFormMode } from './ProgramForm';

export const ALL_PROGRAMS = 'all';
export const NO_SPECIALTY_PROGRAMS = 'none';

/** Which programs are listed: every one, those without a specialty, or one specialty's. */
export function programsShown(programs: Program[], selected: string): Program[] {
  if (selected === ALL_PROGRAMS) return programs;
  if (selected === NO_SPECIALTY_PROGRAMS) return programs.filter((p) => p.specialtyId === null);
  return programs.filter((p) => p.specialtyId === Number(selected));
}

export function ProgramsSection({
  specialties,
  programs,
  selected,
  onSelect,
  onChanged,
}: {
  specialties: Specialty[];
  programs: Program[];
  selected: string;
  onSelect: (value: string) => void;
  onChanged: () => void;
}) {
  const [form, setForm] = useState<ProgramFormMode | null>(null);
  const [removing, setRemoving] = useState<Program | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const shown = programsShown(programs, selected);
  const specialtyName = (id: number | null) => (id === null ? '—' : (specialties.find((s) => s.id === id)?.name ?? '—'));
  const selectedSpecialty = selected === ALL_PROGRAMS || selected === NO_SPECIALTY_PROGRAMS ? null : Number(selected);
  const done = (message: string) => {
    setForm(null);
    setRemoving(null);
    setSaved(message);
    onChanged();
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="programs-title" id="programs">
      <Group justify="space-between" mb="sm" align="flex-end">
        <div>
          <Title order={3} fz="h4" id="programs-title">
            Programs
          </Title>
          <Text fz="sm" c="dimmed">
            Residency programs the office advises on, with the Step 2 CK minimum each is known to screen at.
          </Text>
        </div>
        <Group align="flex-end">
          <Select
            label="Specialty"
            aria-label="Show programs of"
            data={[
              { value: ALL_PROGRAMS, label: 'All specialties' },
              { value: NO_SPECIALTY_PROGRAMS, label: 'No specialty' },
              ...specialties.map((s) => ({ value: String(s.id), label: s.name })),
            ]}
            value={selected}
            onChange={(v) => onSelect(v ?? ALL_PROGRAMS)}
            searchable
            allowDeselect={false}
            w={300}
          />
          <Button onClick={() => (setSaved(null), setForm({ type: 'add', specialtyId: selectedSpecialty }))}>Add program</Button>
        </Group>
      </Group>
      {saved && (
        <Alert color="teal" role="status" withCloseButton onClose={() => setSaved(null)} mb="sm" data-testid="program-saved">
          {saved}
        </Alert>
      )}
      {shown.length === 0 ? (
        <Text c="dimmed" fz="sm" py="md">
          No programs {selected === ALL_PROGRAMS ? 'yet' : selected === NO_SPECIALTY_PROGRAMS ? 'without a specialty' : `for ${specialtyName(selectedSpecialty)} yet`}. Add the
          programs your students apply to, with the Step 2 CK minimum they screen at, to plan a balanced list.
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={800}>
          <Table striped verticalSpacing={6} aria-label="Programs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Program</Table.Th>
                {selected === ALL_PROGRAMS && <Table.Th>Specialty</Table.Th>}
                <Table.Th>City</Table.Th>
                <Table.Th>State</Table.Th>
                <Table.Th>Kind</Table.Th>
                <Table.Th>Step 2 CK minimum</Table.Th>
                <Table.Th>Note</Table.Th>
                <Table.Th w={150}>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map((p) => (
                <Table.Tr key={p.id} data-program={p.name}>
                  <Table.Td fw={600} fz="sm">
                    {p.name}
                  </Table.Td>
                  {selected === ALL_PROGRAMS && <Table.Td fz="sm">{specialtyName(p.specialtyId)}</Table.Td>}
                  <Table.Td fz="sm">{p.city ?? '—'}</Table.Td>
                  <Table.Td fz="sm">{p.state ?? '—'}</Table.Td>
                  <Table.Td fz="sm">{p.kind ? PROGRAM_KIND_LABELS[p.kind] : '—'}</Table.Td>
                  <Table.Td fz="sm">{p.stepCkMinimum ?? '—'}</Table.Td>
                  <Table.Td fz="xs">{p.note ?? '—'}</Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap" justify="flex-end">
                      <Button size="compact-sm" variant="light" onClick={() => (setSaved(null), setForm({ type: 'edit', program: p }))} aria-label={`Edit ${p.name}`}>
                        Edit
                      </Button>
                      <Button size="compact-sm" variant="subtle" color="red" onClick={() => (setSaved(null), setRemoving(p))} aria-label={`Remove ${p.name}`}>
                        Remove
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {form && <ProgramForm mode={form} specialties={specialties} onClose={() => setForm(null)} onSaved={(m) => done(m)} />}
      {removing && (
        <ConfirmRemoveDialog
          title={`Remove ${removing.name}`}
          remove={() => call('programs.remove', { id: removing.id })}
          onClose={() => setRemoving(null)}
          onRemoved={() => done(`Removed: ${removing.name}`)}
        >
          <Text>
            Remove <b>{removing.name}</b>
            {removing.city ? ` (${removing.city})` : ''} from the programs of {specialtyName(removing.specialtyId)}?
          </Text>
        </ConfirmRemoveDialog>
      )}
    </Paper>
  );
}
