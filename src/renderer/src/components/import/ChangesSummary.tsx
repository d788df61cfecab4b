import { Accordion, Badge, Group, Paper, SimpleGrid, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import type { AttemptChange, FieldChange, ImportCounts, ImportChanges, PracticeChange, StudentChange } from '../../../../shared/api';
import { EXAM_LABELS, OUTCOME_LABELS } from '../../../../shared/domain';
import { formatDate } from '../../format';

/** The six numbers an advisor checks before confirming (and reads again after the commit). */
export function CountTiles({ counts, verb }: { counts: ImportCounts; verb: 'will' | 'did' }) {
  const tiles: [string, number][] = [
    ['New students', counts.students.added],
    ['Updated students', counts.students.updated],
    ['New exam attempts', counts.exams.added],
    ['Updated exam attempts', counts.exams.updated],
    ['New practice exams', counts.practice.added],
    ['Updated practice exams', counts.practice.updated],
  ];
  return (
    <SimpleGrid cols={{ base: 2, md: 3, lg: 6 }} spacing="sm" aria-label={verb === 'will' ? 'What the import will change' : 'What the import changed'}>
      {tiles.map(([label, n]) => (
        <Paper key={label} withBorder p="sm" data-testid={`count-${label.toLowerCase().replace(/ /g, '-')}`}>
          {/* Two lines tall whether or not the label wraps, so the numbers line up. */}
          <Text fz="xs" c="dimmed" tt="uppercase" fw={600} mih={38}>
            {label}
          </Text>
          <Text fz={26} fw={700} c={n ? undefined : 'dimmed'}>
            {n.toLocaleString()}
          </Text>
        </Paper>
      ))}
    </SimpleGrid>
  );
}

function FieldChanges({ fields }: { fields: FieldChange[] }) {
  return (
    <Group gap={6}>
      {fields.map((f) => (
        <Text key={f.field} fz="xs" span>
          <b>{f.label}</b>: <s style={{ opacity: 0.6 }}>{f.from ?? '—'}</s> → {f.to ?? '—'}
        </Text>
      ))}
    </Group>
  );
}

const at = (c: { sheet: string; row: number }) => `${c.sheet} · row ${c.row}`;

function ChangeTable({ label, head, rows }: { label: string; head: string[]; rows: ReactNode[][] }) {
  return (
    <Table.ScrollContainer minWidth={640} mah={360}>
      <Table stickyHeader fz="sm" verticalSpacing={4} aria-label={label} striped>
        <Table.Thead>
          <Table.Tr>
            {head.map((h) => (
              <Table.Th key={h}>{h}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((cells, i) => (
            <Table.Tr key={i}>
              {cells.map((c, j) => (
                <Table.Td key={j}>{c}</Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

const studentRows = (list: StudentChange[], withFields: boolean): ReactNode[][] =>
  list.map((s) => [at(s), s.id, s.name, ...(withFields ? [<FieldChanges key="f" fields={s.fields} />] : [])]);

const attemptRows = (list: AttemptChange[], withFields: boolean): ReactNode[][] =>
  list.map((a) => [
    at(a),
    a.studentId,
    EXAM_LABELS[a.exam],
    a.testDate ? formatDate(a.testDate) : 'date unknown',
    <Group key="r" gap={4}>
      {a.outcome ? OUTCOME_LABELS[a.outcome] : '—'}
      {a.inferred && (
        <Badge size="xs" variant="light" color="orange" title="Implied by an attempt count: an earlier unsuccessful attempt of unknown date">
          from attempt count
        </Badge>
      )}
    </Group>,
    a.score ?? '—',
    ...(withFields ? [<FieldChanges key="f" fields={a.fields} />] : []),
  ]);

const practiceRows = (list: PracticeChange[], withFields: boolean): ReactNode[][] =>
  list.map((p) => [
    at(p),
    p.studentId,
    EXAM_LABELS[p.exam],
    p.form,
    formatDate(p.takenOn),
    p.score ?? (p.passProbability !== null ? `${p.passProbability}% pass probability` : '—'),
    ...(withFields ? [<FieldChanges key="f" fields={p.fields} />] : []),
  ]);

/**
 * What the commit would do, list by list, each entry located at its sheet and row. The lists carry
 * at most the preview's detail limit; the counts above them are always complete.
 */
export function ChangeDetails({ counts, changes }: { counts: ImportCounts; changes: ImportChanges }) {
  const sections: { key: string; title: string; total: number; listed: number; body: ReactNode }[] = [
    { key: 'new-students', title: 'New students', total: counts.students.added, listed: changes.newStudents.length, body: <ChangeTable label="New students" head={['Where', 'Student ID', 'Name']} rows={studentRows(changes.newStudents, false)} /> },
    {
      key: 'updated-students',
      title: 'Updated students',
      total: counts.students.updated,
      listed: changes.updatedStudents.length,
      body: <ChangeTable label="Updated students" head={['Where', 'Student ID', 'Name', 'Changes']} rows={studentRows(changes.updatedStudents, true)} />,
    },
    {
      key: 'new-attempts',
      title: 'New exam attempts',
      total: counts.exams.added,
      listed: changes.newAttempts.length,
      body: <ChangeTable label="New exam attempts" head={['Where', 'Student ID', 'Exam', 'Date', 'Result', 'Score']} rows={attemptRows(changes.newAttempts, false)} />,
    },
    {
      key: 'updated-attempts',
      title: 'Updated exam attempts',
      total: counts.exams.updated,
      listed: changes.updatedAttempts.length,
      body: <ChangeTable label="Updated exam attempts" head={['Where', 'Student ID', 'Exam', 'Date', 'Result', 'Score', 'Changes']} rows={attemptRows(changes.updatedAttempts, true)} />,
    },
    {
      key: 'new-practice',
      title: 'New practice exams',
      total: counts.practice.added,
      listed: changes.newPractice.length,
      body: <ChangeTable label="New practice exams" head={['Where', 'Student ID', 'Exam', 'Form', 'Date', 'Result']} rows={practiceRows(changes.newPractice, false)} />,
    },
    {
      key: 'updated-practice',
      title: 'Updated practice exams',
      total: counts.practice.updated,
      listed: changes.updatedPractice.length,
      body: <ChangeTable label="Updated practice exams" head={['Where', 'Student ID', 'Exam', 'Form', 'Date', 'Result', 'Changes']} rows={practiceRows(changes.updatedPractice, true)} />,
    },
  ].filter((s) => s.total > 0);
  if (!sections.length) return <Text c="dimmed">Nothing would change: every row matches what is already stored.</Text>;
  return (
    <Accordion variant="separated" multiple defaultValue={[sections[0].key]}>
      {sections.map((s) => (
        <Accordion.Item key={s.key} value={s.key}>
          <Accordion.Control>
            {s.title} ({s.total.toLocaleString()})
          </Accordion.Control>
          <Accordion.Panel>
            {s.body}
            {s.total > s.listed && (
              <Text fz="xs" c="dimmed" mt={4}>
                The first {s.listed.toLocaleString()} of {s.total.toLocaleString()} are listed.
              </Text>
            )}
          </Accordion.Panel>
        </Accordion.Item>
      ))}
    </Accordion>
  );
}
