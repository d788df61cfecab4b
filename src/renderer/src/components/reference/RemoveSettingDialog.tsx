import { Text } from '@mantine/core';
import type { Setting } from '../../../../shared/domain';
import { ConfirmRemoveDialog } from './ConfirmRemoveDialog';
import type { Fact } from './factGroups';
import { removeSettingRow } from './referenceActions';
import { formatEffective, formatSettingValue } from './settingValues';

/** Removing a dated row: says which value applies instead. The last row of a fact is never offered. */
export function RemoveSettingDialog({ fact, row, onClose, onRemoved }: { fact: Fact; row: Setting; onClose: () => void; onRemoved: (message: string) => void }) {
  const index = fact.rows.indexOf(row);
  const earlier = index > 0 ? fact.rows[index - 1] : null;
  const later = fact.rows[index + 1];
  const what = `${formatSettingValue(row.kind, row.value)} ${formatEffective(row.effectiveFrom)}`;
  return (
    <ConfirmRemoveDialog title={`Remove a value of ${fact.label}`} remove={() => removeSettingRow(row)} onClose={onClose} onRemoved={() => onRemoved(`Removed: ${fact.label}, ${what}`)}>
      <Text>
        Remove <b>{what}</b>?
      </Text>
      <Text c="dimmed" fz="sm">
        {earlier
          ? `${formatSettingValue(earlier.kind, earlier.value)} (${formatEffective(earlier.effectiveFrom)}) then applies in its place${later ? ` until ${formatEffective(later.effectiveFrom).replace(/^from /, '')}` : ''}.`
          : later
            ? `No value will apply before ${formatEffective(later.effectiveFrom).replace(/^from /, '')}.`
            : null}
      </Text>
    </ConfirmRemoveDialog>
  );
}
