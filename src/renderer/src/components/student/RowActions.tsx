import { ActionIcon, Group, Tooltip } from '@mantine/core';

/** Edit and remove buttons for one row of a student's records; `what` names the row for screen readers. */
export function RowActions({ what, onEdit, onRemove }: { what: string; onEdit: () => void; onRemove: () => void }) {
  return (
    <Group gap={4} wrap="nowrap">
      <Tooltip label="Edit">
        <ActionIcon variant="subtle" aria-label={`Edit ${what}`} onClick={onEdit}>
          ✎
        </ActionIcon>
      </Tooltip>
      <Tooltip label="Remove">
        <ActionIcon variant="subtle" color="red" aria-label={`Remove ${what}`} onClick={onRemove}>
          ✕
        </ActionIcon>
      </Tooltip>
    </Group>
  );
}
