import { ActionIcon, Button, Group, Popover, Select, Stack, TextInput, Tooltip } from '@mantine/core';
import { useState } from 'react';
import type { RosterFilter, SavedFilter } from '../../../../shared/api';
import { call } from '../../api/client';
import { useQuery } from '../../api/useQuery';
import { fieldErrors } from '../student/fieldErrors';
import { rosterParams } from './rosterParams';

/** Name the current roster view and recall it later (table saved_filters; every change audited). */
export function SavedFilters({ current, onRecall }: { current: RosterFilter; onRecall: (f: SavedFilter) => void }) {
  const { data, reload } = useQuery('savedFilters.list', {});
  const [list, setList] = useState<SavedFilter[] | null>(null);
  const filters = list ?? data ?? [];
  const [chosen, setChosen] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);

  // The chosen name is shown only while the roster still shows that filter's view.
  const same = (f: SavedFilter) => JSON.stringify(rosterParams(f.filter)) === JSON.stringify(rosterParams(current));
  const shown = chosen && filters.some((f) => String(f.id) === chosen && same(f)) ? chosen : null;

  const save = async () => {
    try {
      const saved = await call('savedFilters.save', { name, filter: current });
      setList(saved);
      setChosen(String(saved.find((f) => f.name === name.trim())?.id ?? ''));
      setOpen(false);
      setName('');
      setError(null);
    } catch (err) {
      const e = fieldErrors(err);
      setError(e.name ?? e[''] ?? Object.values(e)[0] ?? 'The filter could not be saved');
    }
  };
  const remove = async () => {
    if (!shown) return;
    setList(await call('savedFilters.remove', { id: Number(shown) }));
    setChosen(null);
    reload();
  };

  return (
    <Group gap={4} align="end">
      <Select
        aria-label="Saved filters"
        placeholder={filters.length ? 'Saved filters' : 'No saved filters'}
        data={filters.map((f) => ({ value: String(f.id), label: f.name }))}
        value={shown}
        allowDeselect={false}
        // onOptionSubmit fires even when the chosen filter is picked again after the view was changed.
        onOptionSubmit={(v) => {
          setChosen(v);
          const f = filters.find((x) => String(x.id) === v);
          if (f) onRecall(f);
        }}
        disabled={!filters.length}
        w={200}
      />
      {shown && (
        <Tooltip label="Delete this saved filter">
          <ActionIcon variant="subtle" color="red" size="lg" aria-label="Delete the chosen saved filter" onClick={() => void remove()}>
            ✕
          </ActionIcon>
        </Tooltip>
      )}
      <Popover opened={open} onChange={setOpen} trapFocus position="bottom-end" withArrow>
        <Popover.Target>
          <Button variant="default" onClick={() => setOpen((o) => !o)}>
            Save filter…
          </Button>
        </Popover.Target>
        <Popover.Dropdown>
          <form
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              void save();
            }}
          >
            <Stack gap="xs" w={260}>
              <TextInput label="Name this filter" placeholder="e.g. Class of 2027, high risk" value={name} onChange={(e) => setName(e.currentTarget.value)} error={error} data-autofocus />
              <Button type="submit" size="xs">
                Save
              </Button>
            </Stack>
          </form>
        </Popover.Dropdown>
      </Popover>
    </Group>
  );
}
