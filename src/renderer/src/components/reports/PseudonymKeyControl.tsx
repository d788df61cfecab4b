import { Button, Group, Text } from '@mantine/core';
import { useState } from 'react';
import { call } from '../../api/client';
import { formatInstant } from '../../format';
import { ConfirmRemoveDialog } from '../reference/ConfirmRemoveDialog';

/**
 * Retires the key behind de-identified reports' pseudonyms (for instance after a report went
 * somewhere it should not have). The key itself never reaches the page: the core makes a new one.
 */
export function PseudonymKeyControl({ disabled }: { disabled: boolean }) {
  const [asking, setAsking] = useState(false);
  const [replacedAt, setReplacedAt] = useState<string | null>(null);
  return (
    <Group gap="sm" ml={32}>
      <Button variant="subtle" size="compact-sm" onClick={() => setAsking(true)} disabled={disabled}>
        Replace the pseudonym key…
      </Button>
      {replacedAt && (
        <Text fz="sm" c="dimmed" role="status" data-testid="pseudonym-key-replaced">
          New key since {formatInstant(replacedAt)}: later reports use new pseudonyms.
        </Text>
      )}
      {asking && (
        <ConfirmRemoveDialog
          title="Replace the pseudonym key?"
          confirmLabel="Replace key"
          failedTitle="Not replaced"
          remove={async () => setReplacedAt((await call('reports.replacePseudonymKey', {})).replacedAt)}
          onClose={() => setAsking(false)}
          onRemoved={() => setAsking(false)}
        >
          <Text fz="sm">
            Every student gets a new pseudonym in de-identified reports made from now on, and no one can match them to the pseudonyms in
            earlier reports. Do this when a de-identified report reached someone it should not have, or to start a new reporting year afresh.
          </Text>
        </ConfirmRemoveDialog>
      )}
    </Group>
  );
}
