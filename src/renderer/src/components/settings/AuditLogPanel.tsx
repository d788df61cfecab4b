import { Alert, Button, Group, Loader, Paper, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import type { AuditQuery } from '../../../../shared/api';
import { ApiCallError, call } from '../../api/client';
import { useQuery } from '../../api/useQuery';
import { navigate, type Route } from '../../router';
import { AuditTable } from '../audit/AuditTable';
import { entityLabel } from '../audit/auditFormat';

const PAGE = 50;
/** Filters live in the address (#/settings?tab=audit&entity=student…), so a filtered view can be bookmarked and Back works. */
const FILTER_KEYS = ['entity', 'actor', 'from', 'to', 'q', 'student'] as const;
type FilterKey = (typeof FILTER_KEYS)[number];

/** The filter's own value stays selectable even before the list of names catches up with a new change. */
function withCurrent(values: string[] | undefined, current: string): string[] {
  const list = values ?? [];
  return current && !list.includes(current) ? [...list, current] : list;
}

function filtersOf(route: Route): Record<FilterKey, string> {
  return Object.fromEntries(FILTER_KEYS.map((k) => [k, route.params.get(k) ?? ''])) as Record<FilterKey, string>;
}

/** Who the audit log names for changes made on this computer: the advisor name, or the computer's user name. */
function IdentityForm() {
  const { data, reload } = useQuery('audit.identity', {});
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => setName(data?.userName ?? ''), [data?.userName]);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setSaved(false);
    try {
      await call('audit.setUserName', { userName: name });
      setSaved(true);
      reload();
    } catch (err) {
      setError(err instanceof ApiCallError && err.issues?.length ? err.issues[0].message : (err as Error).message);
    }
  };
  return (
    <Paper withBorder p="md" component="form" onSubmit={save} aria-labelledby="audit-identity">
      <Title order={3} fz="h5" id="audit-identity" mb={4}>
        Your name in the audit log
      </Title>
      <Text fz="sm" c="dimmed" mb="xs">
        Changes and session notes made on this computer are signed <b data-testid="audit-actor">{data?.actor ?? '…'}</b>. Left blank, they are signed with the
        computer's user name{data ? ` (${data.osUser})` : ''}, and Stepwise asks for a name when it next starts.
      </Text>
      <Group align="flex-start">
        <TextInput
          label="Advisor name"
          placeholder={data?.osUser}
          value={name}
          onChange={(e) => (setName(e.currentTarget.value), setSaved(false))}
          error={error}
          maxLength={100}
          w={320}
        />
        <Button type="submit" mt={25} variant="light">
          Save name
        </Button>
      </Group>
      {saved && (
        <Text fz="sm" c="teal" role="status" mt={4}>
          Saved: the next change is recorded under this name.
        </Text>
      )}
    </Paper>
  );
}

/**
 * Settings → Audit log: every change anyone made (students, exams, practice, settings, imports,
 * restores), newest first, filterable by what, who, when and text, a page at a time.
 */
export function AuditLogPanel({ route }: { route: Route }) {
  const filters = filtersOf(route);
  const offset = Math.max(0, Number(route.params.get('offset') ?? 0) || 0);
  const [text, setText] = useState(filters.q);
  const [student, setStudent] = useState(filters.student);
  useEffect(() => setText(filters.q), [filters.q]);
  useEffect(() => setStudent(filters.student), [filters.student]);

  const setFilters = (changes: Partial<Record<FilterKey, string>>, newOffset = 0) =>
    navigate('/settings', { tab: 'audit', ...filters, ...changes, offset: newOffset || undefined });

  // Typing waits a moment before asking the core, so each keystroke is not a query.
  useEffect(() => {
    if (text === filters.q && student === filters.student) return;
    const t = setTimeout(() => setFilters({ q: text.trim(), student: student.trim() }), 350);
    return () => clearTimeout(t);
  });

  const query: AuditQuery = {
    entity: filters.entity || undefined,
    actor: filters.actor || undefined,
    from: filters.from || undefined,
    to: filters.to || undefined,
    text: filters.q || undefined,
    studentId: filters.student || undefined,
    offset,
    limit: PAGE,
  };
  const facets = useQuery('audit.facets', {});
  const { data, error, loading } = useQuery('audit.list', query);
  const reloadFacets = facets.reload;
  useEffect(() => reloadFacets(), [data?.total, reloadFacets]);
  const filtered = FILTER_KEYS.some((k) => filters[k] !== '');

  return (
    <Stack gap="md">
      <IdentityForm />
      <Paper withBorder p="md" aria-label="Filter the audit log">
        <Group align="flex-end" gap="sm">
          <Select
            label="What"
            placeholder="Everything"
            clearable
            data={withCurrent(facets.data?.entities, filters.entity).map((e) => ({ value: e, label: entityLabel(e) }))}
            value={filters.entity || null}
            onChange={(v) => setFilters({ entity: v ?? '' })}
            w={150}
          />
          <Select
            label="Who"
            placeholder="Anyone"
            clearable
            searchable
            data={withCurrent(facets.data?.actors, filters.actor)}
            value={filters.actor || null}
            onChange={(v) => setFilters({ actor: v ?? '' })}
            w={170}
          />
          <TextInput label="From" type="date" value={filters.from} onChange={(e) => setFilters({ from: e.currentTarget.value })} w={140} />
          <TextInput label="To" type="date" value={filters.to} onChange={(e) => setFilters({ to: e.currentTarget.value })} w={140} />
          <TextInput label="Student ID" value={student} onChange={(e) => setStudent(e.currentTarget.value)} w={120} />
          <TextInput label="Text" placeholder="A name, a value, a file…" value={text} onChange={(e) => setText(e.currentTarget.value)} w={200} />
          {filtered && (
            <Button variant="subtle" onClick={() => navigate('/settings', { tab: 'audit' })}>
              Clear filters
            </Button>
          )}
        </Group>
      </Paper>
      {error && (
        <Alert color="red" title="The audit log could not be searched">
          {error instanceof ApiCallError && error.issues?.length ? error.issues.map((i) => i.message).join('; ') : error.message}
        </Alert>
      )}
      {loading && !data && <Loader aria-label="Loading the audit log" />}
      {data && <AuditTable page={data} pageSize={PAGE} onPage={(o) => setFilters({}, o)} />}
    </Stack>
  );
}
