import { Button, Group, Text, TextInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { ApiCallError, call } from '../../api/client';

/**
 * The school named in the title row of every sheet of the committee workbook (the office's
 * preference office.schoolName; saving it is audited). A printed page has no file name around it:
 * the title says whose report it is.
 */
export function SchoolNameControl({ saved, disabled, onSaved }: { saved: string | null; disabled: boolean; onSaved: (name: string | null) => void }) {
  const [name, setName] = useState(saved ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  useEffect(() => setName(saved ?? ''), [saved]);
  const save = async () => {
    setProblem(null);
    setDone(false);
    try {
      onSaved((await call('reports.setSchoolName', { schoolName: name })).schoolName);
      setDone(true);
    } catch (err) {
      setProblem(err instanceof ApiCallError && err.issues?.length ? err.issues[0].message : (err as Error).message);
    }
  };
  const changed = name.trim() !== (saved ?? '');
  return (
    <Group align="flex-end" gap="sm">
      <TextInput
        label="School name"
        description="Printed in the title row of every sheet, with the report, the as-of date and whether it names students. Blank: none."
        value={name}
        onChange={(e) => (setName(e.currentTarget.value), setDone(false))}
        error={problem}
        disabled={disabled}
        style={{ flex: 1 }}
        maxLength={200}
      />
      <Button variant="light" onClick={() => void save()} disabled={disabled || !changed}>
        Save name
      </Button>
      {done && !changed && (
        <Text fz="sm" c="dimmed" role="status" data-testid="school-name-saved">
          Saved
        </Text>
      )}
    </Group>
  );
}
