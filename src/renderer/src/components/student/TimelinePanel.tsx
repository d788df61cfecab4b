import { Card, Table, Text, Title } from '@mantine/core';
import type { StudentEvaluation } from '../../../../shared/rules/evaluation';
import { formatDate } from '../../format';

const DEADLINE_ORIGIN = { student: "the student's own deadline", class: "the class's deadline in Settings", default: "the default rule in Settings" };

/** The timeline facts the rules used, as the core computed them. */
export function TimelinePanel({ evaluation }: { evaluation: StudentEvaluation }) {
  const f = evaluation.facts;
  const rows: [string, string, string?][] = [
    ['ERAS season', String(f.season)],
    ['Programs review from', formatDate(f.reviewDate), f.reviewDatePublished ? 'published date' : 'derived from the default rule in Settings (no published date entered)'],
    ['CK safe date', formatDate(f.ckSafeDate), 'a Step 2 CK taken by then reports before review'],
    ['Step 1 deadline', formatDate(f.step1Deadline), DEADLINE_ORIGIN[f.step1DeadlineOrigin]],
    ['Step 1', f.step1Passed ? `passed${f.step1PassDate ? ` ${formatDate(f.step1PassDate)}` : ''}` : 'not passed'],
    ['Step 2 CK', f.ckPassed ? `passed${f.ckScore !== null ? `, ${f.ckScore}` : ''}` : 'not passed'],
    [
      'Target reference',
      f.targetSpecialty ? `${f.targetSpecialty.referenceCk} (${f.targetSpecialty.name})` : 'no target in the reference table',
      f.targetSpecialty ? (f.targetSpecialty.fromTierDefault ? `tier default; ${f.targetSpecialty.source}` : f.targetSpecialty.source) : undefined,
    ],
  ];
  return (
    <Card withBorder padding="md" component="section" aria-labelledby="timeline-title" data-testid="student-timeline">
      <Title order={3} fz="md" mb="xs" id="timeline-title">
        Timeline
      </Title>
      <Table verticalSpacing={4} fz="sm" aria-label="Timeline facts">
        <Table.Tbody>
          {rows.map(([k, v, note]) => (
            <Table.Tr key={k}>
              <Table.Th w="40%" fw={500} c="dimmed">
                {k}
              </Table.Th>
              <Table.Td>
                {v}
                {note && (
                  <Text fz="xs" c="dimmed">
                    {note}
                  </Text>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}
