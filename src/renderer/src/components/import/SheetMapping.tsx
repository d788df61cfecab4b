import { Badge, Group, Select, Table, Text } from '@mantine/core';
import { CUSTOM_FIELD, IGNORE_FIELD, type ImportSheetPreview } from '../../../../shared/api';
import { columnLetter } from './columns';

const KIND_LABELS = { students: 'one row per student', exams: 'exam attempts', practice: 'practice exams' } as const;

export function sheetDescription(sheet: ImportSheetPreview): string {
  if (sheet.kind === null) return 'not read';
  return `${KIND_LABELS[sheet.kind]}, ${sheet.dataRows.toLocaleString()} ${sheet.dataRows === 1 ? 'row' : 'rows'}${sheet.headerRow ? `, headers in row ${sheet.headerRow}` : ''}`;
}

/**
 * The header → field mapping of one sheet, one Select per column: any field of the sheet, "keep as a
 * custom field" (the column is stored with the student, never dropped silently) or "ignore".
 */
export function SheetMapping({ sheet, disabled, onChange }: { sheet: ImportSheetPreview; disabled: boolean; onChange: (header: string, field: string) => void }) {
  if (sheet.kind === null)
    return (
      <Text fz="sm" c="dimmed">
        This sheet is not imported{sheet.columns.length ? '' : ' (no header row was found)'}.
      </Text>
    );
  const options = [
    { group: 'Fields', items: sheet.fields.map((f) => ({ value: f.key, label: f.required ? `${f.label} *` : f.label })) },
    {
      group: 'Other',
      items: [
        { value: CUSTOM_FIELD, label: 'Keep as a custom field' },
        { value: IGNORE_FIELD, label: 'Ignore this column' },
      ],
    },
  ];
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table aria-label={`Column mapping of ${sheet.name}`} verticalSpacing={4} fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={70}>Column</Table.Th>
            <Table.Th>Header in the file</Table.Th>
            <Table.Th w={340}>Imported as</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sheet.columns.map((c) => (
            <Table.Tr key={c.column} data-header={c.header}>
              <Table.Td ff="monospace">{columnLetter(c.column)}</Table.Td>
              <Table.Td>
                <Group gap={6}>
                  <Text fz="sm">{c.header}</Text>
                  {c.overridden && (
                    <Badge size="xs" variant="light" color="grape">
                      changed
                    </Badge>
                  )}
                  {c.field === CUSTOM_FIELD && !c.overridden && (
                    <Badge size="xs" variant="light" color="yellow">
                      no match: kept as custom field
                    </Badge>
                  )}
                </Group>
              </Table.Td>
              <Table.Td>
                <Select
                  aria-label={`Import column ${c.header} as`}
                  data={options}
                  value={c.field}
                  onChange={(v) => v && v !== c.field && onChange(c.header, v)}
                  searchable
                  allowDeselect={false}
                  disabled={disabled}
                  size="xs"
                  comboboxProps={{ withinPortal: true }}
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
