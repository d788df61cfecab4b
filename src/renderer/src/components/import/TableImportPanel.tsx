import { Alert, Button, FileButton, Group, Loader, Paper, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useRef, useState } from 'react';
import type { TableImportResult } from '../../../../shared/api';
import { ApiCallError, call, newJobId } from '../../api/client';
import { fileProblem } from './FileChooser';
import { ProblemTable } from './ProblemTable';

type Kind = 'programs' | 'outcomes';

const KINDS: Record<Kind, { label: string; file: string; about: string }> = {
  programs: {
    label: 'Program directory',
    file: 'Program directory file',
    about: 'The NRMP program directory or a FREIDA export: one row per program with its program code. A re-import updates the programs it names; a blank cell keeps what is stored.',
  },
  outcomes: {
    label: 'Match list',
    file: 'Match list file',
    about: 'The office’s match list: one row per graduate, season and specialty, and optionally a sheet of the programs each applied to. A re-import updates rather than duplicates.',
  },
};

/** What each count is of, as a person says it. */
const WORDS: Record<string, [one: string, many: string]> = {
  programs: ['program', 'programs'],
  outcomes: ['outcome', 'outcomes'],
  applications: ['application', 'applications'],
  consents: ['consent', 'consents'],
};

interface ChosenFile {
  name: string;
  bytes: Uint8Array<ArrayBuffer>;
}

function CountsTable({ result, verb }: { result: TableImportResult; verb: 'will' | 'would' | 'did' }) {
  return (
    <Table withTableBorder w="auto" fz="sm" aria-label={verb === 'did' ? 'What the import did' : `What the import ${verb} do`}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Records</Table.Th>
          <Table.Th ta="right">Added</Table.Th>
          <Table.Th ta="right">Updated</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {Object.entries(result.counts).map(([k, n]) => (
          <Table.Tr key={k} data-testid={`count-${k}`}>
            <Table.Td>{WORDS[k]?.[1] ?? k}</Table.Td>
            <Table.Td ta="right" ff="monospace">
              {n.added.toLocaleString()}
            </Table.Td>
            <Table.Td ta="right" ff="monospace">
              {n.updated.toLocaleString()}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/**
 * Import page: the program directory and the office's match list (issues 12 and 15). A chosen file
 * is checked first (everything counted and every error located, nothing written), then confirmed;
 * one error anywhere and nothing is written. Cancelling rolls back.
 */
export function TableImportPanel() {
  // Opened on request: the roster import above stays the page's one file input until then.
  const [open, setOpen] = useState(false);
  const [kind, setKind] = useState<Kind>('programs');
  const [file, setFile] = useState<ChosenFile | null>(null);
  const [checked, setChecked] = useState<TableImportResult | null>(null);
  const [done, setDone] = useState<TableImportResult | null>(null);
  const [busy, setBusy] = useState<'check' | 'import' | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [cancelled, setCancelled] = useState<string | null>(null);
  const job = useRef<string | null>(null);
  // Cleared after each pick so choosing the same file again (after fixing it) is noticed.
  const reset = useRef<() => void>(null);

  const run = async (f: ChosenFile, dryRun: boolean): Promise<TableImportResult | null> => {
    const jobId = newJobId();
    job.current = jobId;
    setBusy(dryRun ? 'check' : 'import');
    setProblem(null);
    setCancelled(null);
    try {
      const input = { file: f.bytes, fileName: f.name, dryRun, jobId };
      return kind === 'programs' ? await call('programs.import', input) : await call('outcomes.import', input);
    } catch (err) {
      if (err instanceof ApiCallError && err.code === 'CANCELLED') setCancelled(dryRun ? 'The check was cancelled: nothing was imported.' : 'The import was cancelled and rolled back: nothing was written.');
      else setProblem((err as Error).message);
      return null;
    } finally {
      job.current = null;
      setBusy(null);
    }
  };

  const choose = async (picked: File | null) => {
    reset.current?.();
    if (!picked) return;
    const bad = fileProblem(picked);
    if (bad) return setProblem(bad);
    const chosen = { name: picked.name, bytes: new Uint8Array(await picked.arrayBuffer()) };
    setFile(chosen);
    setChecked(null);
    setDone(null);
    setChecked(await run(chosen, true));
  };

  const confirm = async () => {
    if (!file) return;
    const result = await run(file, false);
    if (!result) return;
    if (result.committed) {
      setDone(result);
      setChecked(null);
    } else {
      // The database changed since the check: the errors say why, nothing was written.
      setChecked(result);
      setProblem('The import was rejected and nothing was written: see the errors below.');
    }
  };

  const startOver = () => {
    setFile(null);
    setChecked(null);
    setDone(null);
    setProblem(null);
    setCancelled(null);
  };

  const what = KINDS[kind];
  const hasErrors = (checked?.errorCount ?? 0) > 0;
  const shown = checked ?? done;

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="table-import-title" data-testid="table-import">
      <Stack>
        <div>
          <Title order={2} fz="h3" id="table-import-title">
            Program directory and match list
          </Title>
          <Text c="dimmed" fz="sm">
            The programs the Specialties page and the program lists read, and the school’s own Match outcomes behind its charts.
          </Text>
        </div>
        {!open && (
          <Group>
            <Button variant="light" onClick={() => setOpen(true)}>
              Import a program directory or match list
            </Button>
          </Group>
        )}
        {open && (
          <>
            <Group align="flex-end">
              <SegmentedControl
                aria-label="What the file is"
                value={kind}
                onChange={(v) => {
                  setKind(v as Kind);
                  startOver();
                }}
                disabled={busy !== null}
                data={(Object.keys(KINDS) as Kind[]).map((k) => ({ value: k, label: KINDS[k].label }))}
              />
              <FileButton resetRef={reset} onChange={(f) => void choose(f)} accept=".xlsx,.csv" disabled={busy !== null} inputProps={{ 'aria-label': what.file }}>
                {(props) => (
                  <Button {...props} variant={shown ? 'default' : 'filled'} disabled={busy !== null}>
                    {shown ? 'Choose another file' : `Choose a ${what.label.toLowerCase()}`}
                  </Button>
                )}
              </FileButton>
            </Group>
            <Text fz="sm" c="dimmed" maw={760}>
              {what.about} Nothing is written until you have seen the check and confirmed.
            </Text>

            {busy && (
              <Group gap="sm" role="status">
                <Loader size="sm" />
                <Text fz="sm">
                  {busy === 'check' ? 'Checking' : 'Importing'} {file?.name}…
                </Text>
                <Button size="xs" variant="default" onClick={() => job.current && void call('outcomes.importCancel', { jobId: job.current })}>
                  Cancel
                </Button>
              </Group>
            )}
            {cancelled && (
              <Alert color="blue" role="alert" title="Cancelled" withCloseButton onClose={() => setCancelled(null)}>
                {cancelled}
              </Alert>
            )}
            {problem && (
              <Alert color="red" role="alert" title="Import problem" withCloseButton onClose={() => setProblem(null)}>
                {problem}
              </Alert>
            )}

            {done && (
              <Stack data-testid="table-import-result">
                <Alert color="teal" title={`Imported ${done.fileName}`} role="status">
                  The changes are saved and recorded in the audit log.{done.warnings.length ? ` ${done.warnings.length} warning(s) below.` : ''}
                </Alert>
                <CountsTable result={done} verb="did" />
              </Stack>
            )}

            {checked && !busy && (
              <Stack data-testid="table-import-check">
                <Text fw={700}>
                  {checked.fileName}{' '}
                  <Text span c="dimmed" fz="sm" fw={400}>
                    {checked.sheets.map((s) => `${s.name}: ${s.dataRows.toLocaleString()} ${WORDS[s.kind]?.[s.dataRows === 1 ? 0 : 1] ?? s.kind} (header on row ${s.headerRow})`).join(' · ')}
                  </Text>
                </Text>
                {hasErrors ? (
                  <Alert color="red" title={`${checked.errorCount.toLocaleString()} ${checked.errorCount === 1 ? 'error' : 'errors'}: nothing will be imported`}>
                    One bad row rejects the whole file, so the database stays exactly as it is. Fix each row below in the file, then choose it again.
                  </Alert>
                ) : (
                  <Alert color="teal" title="Ready to import">
                    No errors found. Check what will change, then confirm.
                  </Alert>
                )}
                <Text fw={600} fz="sm" mb={-8}>
                  What {hasErrors ? 'the rows without errors would change' : 'will change'}
                </Text>
                <CountsTable result={checked} verb={hasErrors ? 'would' : 'will'} />
                {hasErrors && <ProblemTable problems={checked.errors} total={checked.errorCount} tone="error" label={`${what.label} errors`} />}
                <Group>
                  <Button onClick={() => void confirm()} disabled={hasErrors} data-testid="confirm-table-import">
                    Confirm import
                  </Button>
                  <Button variant="default" onClick={startOver}>
                    Start over
                  </Button>
                </Group>
              </Stack>
            )}
            {shown && shown.warnings.length > 0 && !busy && <ProblemTable problems={shown.warnings} total={shown.warnings.length} tone="warning" label={`${what.label} warnings`} />}
          </>
        )}
      </Stack>
    </Paper>
  );
}
