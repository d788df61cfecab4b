import { Alert, Button, Card, Group, List, Loader, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ListSpecialty, ProgramListView } from '../../../../shared/api';
import { LIST_TIERS, type ListTier, type ProgramListEntry } from '../../../../shared/domain';
import { ApiCallError, call } from '../../api/client';
import { useQuery } from '../../api/useQuery';
import { formatDatesIn, formatInstant } from '../../format';
import { draftTier, ProgramListTable, type Draft } from './ProgramListTable';
import { saveProgramListExport } from './saveProgramListExport';
import { TierBadge } from './TierBadge';

/** Who saved the list in between, as the save's CONFLICT carries it. */
interface StaleList {
  savedBy: string;
  savedAt: string;
  version: number;
}

const blank = (programId: number): ProgramListEntry => ({ programId, tierOverride: null, pinned: false, excluded: false, annotation: null });
const isChange = (e: ProgramListEntry) => e.tierOverride !== null || e.pinned || e.excluded || (e.annotation ?? '').trim() !== '';

function draftOf(view: ProgramListView): Draft {
  return new Map(view.lines.map((l) => [l.programId, { programId: l.programId, tierOverride: l.tierOverride, pinned: l.pinned, excluded: l.excluded, annotation: l.annotation }]));
}

/** The entries a save sends: only programs the advisor changed (a program with no change is computed afresh each time). */
function entriesOf(draft: Draft): ProgramListEntry[] {
  return [...draft.values()].filter(isChange).map((e) => ({ ...e, annotation: e.annotation?.trim() ? e.annotation.trim() : null }));
}

/**
 * The program list builder (issue 15) for the student's target or backup specialty: the tier counts
 * and the suggested number of applications, then every program with its tier and because-line; the
 * advisor overrides, pins, excludes and annotates, saves (a save over someone else's newer one is
 * refused and says who), and exports the saved list as a workbook for the student.
 */
export function ProgramListPanel({ studentId, asOf, target, backup }: { studentId: string; asOf: string; target: string | null; backup: string | null }) {
  const [which, setWhich] = useState<ListSpecialty>('target');
  const specialty = which === 'backup' && backup ? 'backup' : 'target';
  const list = useQuery('programList.build', { studentId, specialty, asOf });
  const name = specialty === 'backup' ? backup : target;

  return (
    <Card withBorder padding="md" component="section" aria-labelledby="program-list-title">
      <Group justify="space-between" mb="xs">
        <Title order={3} fz="md" id="program-list-title">
          Program list{list.data?.specialtyKnown ? `: ${list.data.specialty}` : name ? `: ${name}` : ''}
        </Title>
        <SegmentedControl
          size="xs"
          aria-label="Which specialty"
          value={specialty}
          onChange={(v) => setWhich(v as ListSpecialty)}
          data={[
            { value: 'target', label: `Target${target ? ` (${target})` : ''}`, disabled: !target },
            { value: 'backup', label: backup ? `Backup (${backup})` : 'No backup specialty', disabled: !backup },
          ]}
        />
      </Group>
      {!target && specialty === 'target' ? (
        <Text c="dimmed" fz="sm">
          No target specialty recorded: set one in Profile and plan to build a list.
        </Text>
      ) : list.error ? (
        <Alert color="red" title="The list could not be built">
          {list.error.message}
        </Alert>
      ) : !list.data ? (
        <Loader size="sm" aria-label="Building the program list" />
      ) : (
        // A fresh editor for each specialty and date; within one, the editor decides when a newer list replaces its draft.
        <ListEditor key={`${list.data.which}-${list.data.asOf}`} latest={list.data} asOf={asOf} onSaved={list.reload} />
      )}
    </Card>
  );
}

/**
 * `latest` is the list as last read (it is read again whenever anyone commits a change to an office
 * database). The editor shows the list its draft started from: a newer one replaces it only while
 * there is nothing unsaved, so an advisor's edits are never swapped out under them; saving then
 * names whoever saved in between (CONFLICT).
 */
function ListEditor({ latest, asOf, onSaved }: { latest: ProgramListView; asOf: string; onSaved: () => void }) {
  const [view, setView] = useState(latest);
  const [draft, setDraft] = useState<Draft>(() => draftOf(latest));
  const [busy, setBusy] = useState(false);
  const [stale, setStale] = useState<StaleList | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [exported, setExported] = useState<string | null>(null);
  const [find, setFind] = useState('');
  const ref = { studentId: view.studentId, specialty: view.which, asOf };

  const savedEntries = useMemo(() => JSON.stringify(entriesOf(draftOf(view))), [view]);
  const dirty = JSON.stringify(entriesOf(draft)) !== savedEntries;
  useEffect(() => {
    if (latest === view || dirty) return;
    setView(latest);
    setDraft(draftOf(latest));
  }, [latest, view, dirty]);
  const show = (v: ProgramListView) => {
    setView(v);
    setDraft(draftOf(v));
    setStale(null);
  };

  const counts = useMemo(() => {
    const c = Object.fromEntries(LIST_TIERS.map((t) => [t, 0])) as Record<ListTier, number>;
    let pinned = 0;
    let excluded = 0;
    for (const l of view.lines) {
      const e = draft.get(l.programId);
      if (e?.excluded) excluded++;
      else c[draftTier(l, e)]++;
      if (e?.pinned) pinned++;
    }
    return { ...c, pinned, excluded };
  }, [draft, view.lines]);

  // A directory specialty can have hundreds of programs (internal medicine: over 600); the search only narrows what is shown.
  const shown = useMemo(() => {
    const needle = find.trim().toLowerCase();
    if (!needle) return view.lines;
    return view.lines.filter((l) => [l.name, l.city, l.state, l.code].some((f) => f?.toLowerCase().includes(needle)));
  }, [find, view.lines]);

  // Stable, so that a change re-renders only its own row (ProgramListTable's rows are memoised).
  const change = useCallback((programId: number, patch: Partial<ProgramListEntry>) => {
    setExported(null);
    setDraft((d) => new Map(d).set(programId, { ...(d.get(programId) ?? blank(programId)), ...patch }));
  }, []);

  const save = async (onVersion = view.saved?.version ?? null) => {
    setBusy(true);
    setError(null);
    try {
      show(await call('programList.save', { ...ref, entries: entriesOf(draft), version: onVersion }));
      onSaved();
    } catch (err) {
      if (err instanceof ApiCallError && err.code === 'CONFLICT' && err.detail) setStale(err.detail as StaleList);
      else setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  /** Their list, replacing the draft (the advisor chose to lose their changes). */
  const load = async () => {
    setError(null);
    try {
      show(await call('programList.build', ref));
      onSaved();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  const exportList = async () => {
    setBusy(true);
    setError(null);
    try {
      const out = await saveProgramListExport(ref);
      setExported(`Saved ${out.fileName} (${out.lines} programs).`);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  if (!view.specialtyKnown)
    return (
      <Alert color="yellow" title={`“${view.specialty}” is not in the specialty table`}>
        No programs can be listed for it. Correct the student's specialty, or add it on the Specialties page.
      </Alert>
    );

  return (
    <Stack gap="sm">
      <Text fz="sm" c="dimmed">
        {view.studentName} · {view.ckScore !== null ? `Step 2 CK ${view.ckScore}` : 'no passing Step 2 CK yet'} ·{' '}
        {view.saved ? `saved by ${view.saved.savedBy} at ${formatInstant(view.saved.savedAt)}` : 'not saved yet'}
      </Text>
      <Group gap="xs" aria-label="Programs per tier" role="group">
        {LIST_TIERS.map((t) => (
          <Group key={t} gap={4} data-testid={`count-${t}`}>
            <TierBadge tier={t} />
            <Text fz="sm" fw={600}>
              {counts[t]}
            </Text>
          </Group>
        ))}
        <Text fz="sm" c="dimmed" data-testid="count-pinned-excluded">
          · {counts.pinned} pinned · {counts.excluded} excluded
        </Text>
      </Group>
      <Alert color="blue" variant="light" title="Suggested number of applications" data-testid="suggestion" role="note">
        {view.suggestion.goal ? (
          <>
            <Text fz="sm">
              Goal: {view.suggestion.goal.interviews} interviews, the median of the school's graduates who matched in {view.specialty} (n = {view.suggestion.goal.n},{' '}
              {view.suggestion.goal.years}). What each tier alone would take to reach it, from the school's own data:
            </Text>
            <List fz="sm" spacing={2} mt={4}>
              {view.suggestion.tiers.map((t) => (
                <List.Item key={t.tier}>{t.text}</List.Item>
              ))}
            </List>
          </>
        ) : (
          // Without a goal the core's sentences say why (n too small), which is the answer.
          <Text fz="sm">{view.suggestion.text}</Text>
        )}
        {view.signalAllowance && (
          <Text fz="sm" mt={4}>
            ERAS signals: {view.signalAllowance}
          </Text>
        )}
      </Alert>
      {view.orphanEntries.length > 0 && (
        <Alert color="yellow" role="note" title="Saved changes for programs no longer in this specialty">
          {view.orphanEntries.length} saved {view.orphanEntries.length === 1 ? 'entry is' : 'entries are'} for programs the directory no longer lists under {view.specialty} (program IDs{' '}
          {view.orphanEntries.map((e) => e.programId).join(', ')}). They are kept until the list is saved again.
        </Alert>
      )}
      {view.lines.length === 0 ? (
        <Text c="dimmed" fz="sm">
          The program directory has no {view.specialty} programs. Import a program directory on the Import page, or add programs on the Specialties page.
        </Text>
      ) : (
        <>
          <Group gap="md">
            <TextInput
              size="xs"
              w={320}
              aria-label="Find a program"
              placeholder="Find a program by name, city, state or code"
              value={find}
              onChange={(e) => setFind(e.currentTarget.value)}
            />
            <Text fz="xs" c="dimmed" aria-live="polite">
              {shown.length === view.lines.length ? `${view.lines.length} programs` : `${shown.length} of ${view.lines.length} programs shown; the others keep their changes`}
            </Text>
          </Group>
          <ProgramListTable lines={shown} draft={draft} onChange={change} disabled={busy} />
        </>
      )}
      {/* Beside the Save button, where the advisor is looking when a save is refused. */}
      {stale && (
        <Alert color="orange" role="alert" title={`Saved by ${stale.savedBy} at ${formatInstant(stale.savedAt)} while you were editing`}>
          <Text fz="sm" mb="xs">
            Nothing was saved, and nothing of theirs was overwritten. Keep your list (saved over theirs), or load theirs and lose your changes.
          </Text>
          <Group gap="xs">
            <Button size="xs" onClick={() => void save(stale.version)} loading={busy}>
              Save mine over theirs
            </Button>
            <Button size="xs" variant="default" onClick={() => void load()}>
              Load the saved list
            </Button>
          </Group>
        </Alert>
      )}
      {error && (
        <Alert color="red" role="alert" title="Not done">
          {formatDatesIn(error)}
        </Alert>
      )}
      <Group justify="space-between">
        <Text fz="xs" c="dimmed">
          {dirty ? 'Unsaved changes: the export has the saved list.' : exported ?? (view.saved ? 'The export has the saved list.' : 'Nothing saved yet: the export has the computed list.')}
        </Text>
        <Group gap="xs">
          <Button size="sm" variant="default" onClick={() => setDraft(draftOf(view))} disabled={!dirty || busy}>
            Undo changes
          </Button>
          <Button size="sm" onClick={() => void save()} disabled={!dirty} loading={busy && !stale}>
            Save list
          </Button>
          <Button size="sm" variant="light" onClick={() => void exportList()} disabled={dirty || busy || view.lines.length === 0}>
            Export for the student
          </Button>
        </Group>
      </Group>
      <details>
        <summary>
          <Text span fz="sm">
            How the tiers are read
          </Text>
        </summary>
        <List fz="xs" c="dimmed" mt={4} spacing={2}>
          {view.method.map((m) => (
            <List.Item key={m}>{m}</List.Item>
          ))}
        </List>
      </details>
    </Stack>
  );
}
