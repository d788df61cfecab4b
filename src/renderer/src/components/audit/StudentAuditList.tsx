import { Alert, Loader, Stack, Title } from '@mantine/core';
import { useState } from 'react';
import { useQuery } from '../../api/useQuery';
import { AuditTable } from './AuditTable';

const PAGE = 20;

/**
 * Every change to one student, newest first: their profile fields, exam attempts, practice exams
 * and notes, with who made it and the old and new value. For the student page.
 */
export function StudentAuditList({ studentId }: { studentId: string }) {
  const [offset, setOffset] = useState(0);
  const { data, error, loading } = useQuery('audit.list', { studentId, offset, limit: PAGE });
  return (
    <Stack gap="xs" component="section" aria-labelledby="student-history">
      <Title order={3} fz="h4" id="student-history">
        History of changes
      </Title>
      {error && <Alert color="red">{error.message}</Alert>}
      {loading && !data && <Loader size="sm" aria-label="Loading the history" />}
      {data && <AuditTable page={data} pageSize={PAGE} onPage={setOffset} showRecord={false} />}
    </Stack>
  );
}
