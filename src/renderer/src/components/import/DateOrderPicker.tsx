import { Select } from '@mantine/core';
import type { DateOrder } from '../../../../shared/api';

/** The choices, and what each means for a date such as 01/07/2025. */
const CHOICES: { value: DateOrder | 'column'; label: string }[] = [
  { value: 'column', label: 'Judge each column' },
  { value: 'mdy', label: 'Month/day/year (07/01/2025)' },
  { value: 'dmy', label: 'Day/month/year (01/07/2025)' },
];

/**
 * The order of day and month in the file's text dates. By default the import judges each column
 * from its dates (one 25/06/2025 makes a column day/month; a column where every date reads either
 * way is read month/day, with a warning); an advisor who knows the file's order says so here.
 */
export function DateOrderPicker({ value, onChange, disabled }: { value: DateOrder | undefined; onChange: (order: DateOrder | undefined) => void; disabled: boolean }) {
  return (
    <Select
      mt="xs"
      w={280}
      label="Date order"
      description="How dates such as 01/07/2025 are read"
      data={CHOICES}
      value={value ?? 'column'}
      onChange={(v) => onChange(v === 'mdy' || v === 'dmy' ? v : undefined)}
      allowDeselect={false}
      disabled={disabled}
      data-testid="import-date-order"
    />
  );
}
