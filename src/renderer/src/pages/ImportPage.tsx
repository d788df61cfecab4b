import { Alert, Badge, Button, Group, Paper, Select, Stack, Tabs, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { DateOrder, ImportPreview, ImportResult, MappingOverride } from '../../../shared/api';
import { DateOrderPicker } from '../components/import/DateOrderPicker';
import { ChangeDetails, CountTiles } from '../components/import/ChangesSummary';
import { FileChooser, fileProblem } from '../components/import/FileChooser';
import { ImportProgress } from '../components/import/ImportProgress';
import { ProblemTable } from '../components/import/ProblemTable';
import { saveTemplate } from '../components/import/saveTemplate';
import { SheetMapping, sheetDescription } from '../components/import/SheetMapping';
import { TableImportPanel } from '../components/import/TableImportPanel';
import { useImportJob } from '../components/import/useImportJob';
import { withOverride } from '../components/import/columns';
import { href, type Route } from '../router';

interface ChosenFile {
  name: string;
  bytes: Uint8Array<ArrayBuffer>;
}

/** How many entries of each change list the preview carries: enough to check, few enough to render at once. */
const DETAIL_LIMIT = 100;

/**
 * Import: choose a roster (drop or pick), see how its sheets and columns were understood and change
 * that, see every error at its row and what would change, then confirm. Nothing is written before the
 * confirmation, and an import with any error writes nothing at all (PRODUCT.md "Import formats").
 */
export function ImportPage(_props: { route: Route }) {
  const job = useImportJob();
  const [file, setFile] = useState<ChosenFile | null>(null);
  const [mapping, setMapping] = useState<MappingOverride[]>([]);
  // A roster's sheet chosen by the advisor; undefined: the import picks the first with a Student ID column.
  const [sheet, setSheet] = useState<string | undefined>(undefined);
  // The order of day and month in text dates; undefined: the import judges each column from its dates.
  const [dateOrder, setDateOrder] = useState<DateOrder | undefined>(undefined);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  // A cancellation is not a problem: said in a calmer colour, with what it means for the data.
  const [cancelled, setCancelled] = useState<string | null>(null);
  const [templateBusy, setTemplateBusy] = useState(false);

  /** Checks the file with these overrides; false when the advisor cancelled (or the check failed). */
  const runPreview = async (f: ChosenFile, overrides: MappingOverride[], rosterSheet = sheet, order = dateOrder): Promise<boolean> => {
    setProblem(null);
    setCancelled(null);
    setResult(null);
    try {
      const outcome = await job.run<ImportPreview>('preview', { file: f.bytes, fileName: f.name, mapping: overrides, sheet: rosterSheet, dateOrder: order, detailLimit: DETAIL_LIMIT });
      if (outcome.status === 'done') {
        setPreview(outcome.value);
        return true;
      }
      setCancelled('The check was cancelled: nothing was imported.');
      if (!preview) setFile(null);
    } catch (err) {
      setPreview(null);
      setProblem((err as Error).message);
    }
    return false;
  };

  const choose = async (picked: File) => {
    const bad = fileProblem(picked);
    if (bad) return setProblem(bad);
    // Read here, sent as bytes: the main process never needs a path the renderer chose.
    const chosen = { name: picked.name, bytes: new Uint8Array(await picked.arrayBuffer()) };
    setFile(chosen);
    setMapping([]);
    setSheet(undefined);
    setDateOrder(undefined);
    setPreview(null);
    await runPreview(chosen, [], undefined, undefined);
  };

  const remap = (sheet: string, header: string, field: string) => {
    if (!file || !preview) return;
    const before = mapping;
    const next = withOverride(mapping, preview, sheet, header, field);
    setMapping(next);
    // A cancelled re-check leaves the preview as it was, so the mapping goes back with it.
    void runPreview(file, next).then((done) => done || setMapping(before));
  };

  const chooseSheet = (name: string) => {
    if (!file) return;
    const before = sheet;
    setSheet(name);
    void runPreview(file, mapping, name).then((done) => done || setSheet(before));
  };

  const chooseDateOrder = (order: DateOrder | undefined) => {
    if (!file) return;
    const before = dateOrder;
    setDateOrder(order);
    void runPreview(file, mapping, sheet, order).then((done) => done || setDateOrder(before));
  };

  const commit = async () => {
    if (!file) return;
    setProblem(null);
    setCancelled(null);
    try {
      const outcome = await job.run<ImportResult>('commit', { file: file.bytes, fileName: file.name, mapping, sheet, dateOrder, detailLimit: 0 });
      if (outcome.status === 'cancelled') return setCancelled('The import was cancelled and rolled back: nothing was written.');
      if (outcome.value.committed) {
        setResult(outcome.value);
        setPreview(null);
      } else {
        // The file changed between preview and commit, or the database did: show why, nothing was written.
        setPreview((p) => p && { ...p, errors: outcome.value.errors, errorCount: outcome.value.errorCount, warnings: outcome.value.warnings });
        setProblem('The import was rejected and nothing was written: see the errors below.');
      }
    } catch (err) {
      setProblem((err as Error).message);
    }
  };

  const cancel = async () => {
    try {
      await job.cancel();
    } catch (err) {
      setProblem(`Could not cancel: ${(err as Error).message}`);
    }
  };

  const downloadTemplate = async () => {
    setTemplateBusy(true);
    try {
      await saveTemplate();
    } catch (err) {
      setProblem(`The template could not be saved: ${(err as Error).message}`);
    } finally {
      setTemplateBusy(false);
    }
  };

  const startOver = () => {
    setFile(null);
    setPreview(null);
    setResult(null);
    setMapping([]);
    setSheet(undefined);
    setDateOrder(undefined);
    setProblem(null);
    setCancelled(null);
  };

  const busy = job.running !== null;
  const hasErrors = (preview?.errorCount ?? 0) > 0;

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1}>Import</Title>
          <Text c="dimmed">Bring in the roster your office keeps today. Stepwise shows how it read the file before anything is saved.</Text>
        </div>
        <Button variant="light" onClick={() => void downloadTemplate()} loading={templateBusy}>
          Save an empty template
        </Button>
      </Group>

      {!preview && !result && !busy && <FileChooser onFile={(f) => void choose(f)} />}
      {(preview || result) && !busy && <FileChooser onFile={(f) => void choose(f)} compact />}

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

      {job.running && file && <ImportProgress kind={job.running} fileName={file.name} store={job.progress} onCancel={() => void cancel()} cancelling={job.cancelling} />}

      {result && (
        <Paper withBorder p="md" data-testid="import-result">
          <Stack>
            <Alert color="teal" title={`Imported ${file?.name ?? 'the file'}`} role="status">
              The changes are saved and recorded in the audit log.{result.warnings.length ? ` ${result.warnings.length} warning(s) below.` : ''}
            </Alert>
            <CountTiles counts={result} verb="did" />
            <Group>
              <Button component="a" href={href('/roster')}>
                Open the roster
              </Button>
              <Button variant="default" onClick={startOver}>
                Import another file
              </Button>
            </Group>
            {result.warnings.length > 0 && <ProblemTable problems={result.warnings} total={result.warnings.length} tone="warning" label="Warnings" />}
          </Stack>
        </Paper>
      )}

      {preview && (
        <Stack data-testid="import-preview" style={{ opacity: busy ? 0.55 : 1 }}>
          <Paper withBorder p="md">
            <Group justify="space-between" align="flex-start">
              <div>
                <Text fw={700} fz="lg">
                  {preview.fileName}
                </Text>
                <Group gap={6}>
                  <Badge variant="light">{preview.format}</Badge>
                  <Badge variant="light" color="gray">
                    {preview.shape === 'template' ? 'template workbook' : 'single-sheet roster'}
                  </Badge>
                  {preview.sheets.map((s) => (
                    <Text key={s.name} fz="sm" c="dimmed">
                      {s.name}: {sheetDescription(s)}
                    </Text>
                  ))}
                </Group>
                <Group align="flex-end" gap="md">
                  {preview.shape === 'roster' && preview.sheets.length > 1 && (
                    <Select
                      mt="xs"
                      w={280}
                      label="Roster sheet"
                      description="The sheet the students are read from"
                      data={preview.sheets.map((s) => s.name)}
                      value={preview.sheets.find((s) => s.kind === 'students')?.name ?? null}
                      onChange={(name) => name && chooseSheet(name)}
                      allowDeselect={false}
                      disabled={busy}
                      data-testid="import-roster-sheet"
                    />
                  )}
                  <DateOrderPicker value={dateOrder} onChange={chooseDateOrder} disabled={busy} />
                </Group>
              </div>
              <Group>
                <Button variant="default" onClick={startOver} disabled={busy}>
                  Start over
                </Button>
                <Button onClick={() => void commit()} disabled={busy || hasErrors} data-testid="confirm-import">
                  Confirm import
                </Button>
              </Group>
            </Group>
          </Paper>

          {hasErrors ? (
            <Alert color="red" title={`${preview.errorCount.toLocaleString()} ${preview.errorCount === 1 ? 'error' : 'errors'}: nothing will be imported`} data-testid="import-errors-alert">
              One bad row rejects the whole file, so the database stays exactly as it is. Fix each row below in the file (or change a column's mapping), then
              choose it again.
            </Alert>
          ) : (
            <Alert color="teal" title="Ready to import">
              No errors found. Check the mapping and the changes below, then confirm.
            </Alert>
          )}

          {hasErrors && (
            <Paper withBorder p="md">
              <Title order={3} fz="h4" mb="xs">
                Errors
              </Title>
              <ProblemTable problems={preview.errors} total={preview.errorCount} tone="error" label="Errors" />
            </Paper>
          )}

          <Paper withBorder p="md">
            <Title order={3} fz="h4" mb="xs">
              What {hasErrors ? 'would' : 'will'} change
            </Title>
            <Stack>
              <CountTiles counts={preview} verb="will" />
              <ChangeDetails counts={preview} changes={preview.changes} />
            </Stack>
          </Paper>

          <Paper withBorder p="md">
            <Title order={3} fz="h4">
              Columns
            </Title>
            <Text fz="sm" c="dimmed" mb="xs">
              How each column was understood. Change a column to re-check the file with the new mapping; a column that matches no field is kept with the
              student as a custom field unless you choose to ignore it.
            </Text>
            <Tabs defaultValue={preview.sheets.find((s) => s.kind)?.name ?? preview.sheets[0]?.name}>
              <Tabs.List>
                {preview.sheets.map((s) => (
                  <Tabs.Tab key={s.name} value={s.name} c={s.kind ? undefined : 'dimmed'}>
                    {s.name}
                  </Tabs.Tab>
                ))}
              </Tabs.List>
              {preview.sheets.map((s) => (
                <Tabs.Panel key={s.name} value={s.name} pt="sm">
                  <SheetMapping sheet={s} disabled={busy} onChange={(header, field) => remap(s.name, header, field)} />
                </Tabs.Panel>
              ))}
            </Tabs>
          </Paper>

          {preview.warnings.length > 0 && (
            <Paper withBorder p="md">
              <Title order={3} fz="h4" mb="xs">
                Warnings ({preview.warnings.length.toLocaleString()})
              </Title>
              <ProblemTable problems={preview.warnings} total={preview.warnings.length} tone="warning" label="Warnings" />
            </Paper>
          )}
        </Stack>
      )}

      <TableImportPanel />
    </Stack>
  );
}
