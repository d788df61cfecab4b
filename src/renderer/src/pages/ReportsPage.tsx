import { Alert, Button, Checkbox, Group, MultiSelect, Paper, Progress, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { reportProgress, type CommitteeReport, type ProgressEvent, type ReportOptions } from '../../../shared/api';
import { describeEnrolmentFilter, ENROLMENT_LABELS, ENROLMENT_STATUSES, SEVERITIES, type EnrolmentStatus, type Severity } from '../../../shared/domain';
import { ApiCallError, call, newJobId, onProgress } from '../api/client';
import { useQuery } from '../api/useQuery';
import { PseudonymKeyControl } from '../components/reports/PseudonymKeyControl';
import { SchoolNameControl } from '../components/reports/SchoolNameControl';
import { formatDate } from '../format';
import type { Route } from '../router';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Saves bytes the core made through the browser's own download, under the given name (Electron: its save dialog). */
function downloadBytes(bytes: Uint8Array, fileName: string): void {
  // A copy into a fresh ArrayBuffer: the Blob must own plain bytes, whatever buffer the transport used.
  const url = URL.createObjectURL(new Blob([new Uint8Array(bytes)], { type: XLSX_TYPE }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

const SEVERITY_CHOICES: { value: Severity; label: string }[] = SEVERITIES.map((s) => ({
  value: s,
  label: s === 'low' ? 'Low and above (every flagged student)' : s === 'critical' ? 'Critical only' : `${s.charAt(0).toUpperCase()}${s.slice(1)} and above`,
}));

function progressText(p: ProgressEvent | null): string {
  if (!p) return 'Starting…';
  return p.total ? `${p.phase}: ${p.done.toLocaleString()} of ${p.total.toLocaleString()}` : `${p.phase}…`;
}

/**
 * Reports: the committee workbook with the same options as `stepwise report`. The core makes the
 * file and sends its bytes; the page saves them (one code path for Electron and the web host).
 */
export function ReportsPage(_props: { route: Route }) {
  const choices = useQuery('reports.choices', {});
  const [classYears, setClassYears] = useState<string[]>([]);
  const [advisor, setAdvisor] = useState<string | null>(null);
  const [minSeverity, setMinSeverity] = useState<Severity>('low');
  const [asOf, setAsOf] = useState('');
  const [deidentify, setDeidentify] = useState(false);
  // Active students unless asked (ReportOptions' default); every sheet's title row says which.
  const [statuses, setStatuses] = useState<EnrolmentStatus[]>(['active']);
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<ProgressEvent | null>(null);
  const [made, setMade] = useState<CommitteeReport | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const job = useRef<string | null>(null);
  const latest = useRef<ProgressEvent | null>(null);
  const frame = useRef<number | null>(null);

  useEffect(() => {
    if (choices.data && asOf === '') setAsOf(choices.data.today);
  }, [choices.data, asOf]);

  useEffect(() => {
    // Subscribed for the page's life so a job's first events are not missed; drawn at most once a frame.
    const stop = onProgress((event) => {
      if (event.jobId !== job.current) return;
      latest.current = event;
      frame.current ??= requestAnimationFrame(() => {
        frame.current = null;
        setProgress(latest.current);
      });
    });
    return () => {
      stop();
      if (frame.current !== null) cancelAnimationFrame(frame.current);
    };
  }, []);

  const create = async () => {
    const jobId = newJobId();
    job.current = jobId;
    setRunning(true);
    setProblem(null);
    setMade(null);
    setProgress(null);
    const input: ReportOptions & { jobId: string } = {
      jobId,
      classYears: classYears.map(Number),
      minSeverity,
      deidentify,
      statuses,
      ...(advisor ? { advisor } : {}),
      ...(asOf ? { asOf } : {}),
    };
    try {
      const report = await call('reports.committee', input);
      setMade(report);
      downloadBytes(report.bytes, report.fileName);
    } catch (err) {
      setProblem(err instanceof ApiCallError && err.code === 'CANCELLED' ? 'The report was cancelled; nothing was saved.' : (err as Error).message);
    } finally {
      job.current = null;
      setRunning(false);
    }
  };

  const cancel = () => {
    if (job.current) void call('reports.cancel', { jobId: job.current });
  };

  const percent = Math.round(100 * (progress ? reportProgress(progress.phase, progress.done, progress.total) : 0));
  return (
    <Stack maw={760}>
      <Title order={1}>Reports</Title>
      <Text c="dimmed">
        The committee workbook: Summary (counts and risk by class), At risk (one row per flagged student, most severe first), Roster, By specialty, and Sources (every
        reference value used, as of which date). The same workbook as <code>stepwise report</code>.
      </Text>
      {choices.error && <Alert color="red">{choices.error.message}</Alert>}
      <Paper withBorder p="md">
        <Stack>
          <Group grow align="flex-start">
            <MultiSelect
              label="Classes"
              placeholder={classYears.length ? undefined : 'Every class'}
              data={(choices.data?.classYears ?? []).map((y) => ({ value: String(y), label: `Class of ${y}` }))}
              value={classYears}
              onChange={setClassYears}
              clearable
              disabled={running}
            />
            <Select label="Advisor" placeholder="Every advisor" data={choices.data?.advisors ?? []} value={advisor} onChange={setAdvisor} clearable searchable disabled={running} />
          </Group>
          <MultiSelect
            label="Students by enrolment status"
            description={`The workbook covers ${describeEnrolmentFilter({ statuses })} on the as-of date (archived students never); every sheet's title row says so.`}
            data={ENROLMENT_STATUSES.map((s) => ({ value: s, label: ENROLMENT_LABELS[s] }))}
            value={statuses}
            // Never none: an emptied choice goes back to active students.
            onChange={(v) => setStatuses(v.length ? (v as EnrolmentStatus[]) : ['active'])}
            disabled={running}
            data-testid="report-statuses"
          />
          <Group grow align="flex-start">
            <Select
              label="At risk sheet lists"
              data={SEVERITY_CHOICES}
              value={minSeverity}
              onChange={(v) => v && setMinSeverity(v as Severity)}
              allowDeselect={false}
              disabled={running}
            />
            <TextInput label="As of" description="Flags are evaluated on this date" type="date" value={asOf} onChange={(e) => setAsOf(e.currentTarget.value)} disabled={running} />
          </Group>
          <Checkbox
            label="De-identify"
            description="Pseudonyms instead of Student IDs; no names, emails, notes or identifying custom fields. The same student keeps the same pseudonym in every report from this database."
            checked={deidentify}
            onChange={(e) => setDeidentify(e.currentTarget.checked)}
            disabled={running}
          />
          {deidentify && <PseudonymKeyControl disabled={running} />}
          <SchoolNameControl saved={choices.data?.schoolName ?? null} disabled={running || !choices.data} onSaved={() => choices.reload()} />
          <Group>
            <Button onClick={create} loading={running} disabled={!choices.data}>
              Create and save workbook
            </Button>
            {running && (
              <Button variant="default" color="red" onClick={cancel}>
                Cancel
              </Button>
            )}
          </Group>
        </Stack>
      </Paper>
      {running && (
        <Paper withBorder p="md" aria-busy="true">
          <Stack gap="xs">
            <Progress value={percent} size="lg" aria-label="Report progress" data-testid="report-progress-bar" />
            <Text fz="sm" c="dimmed" aria-live="polite" data-testid="report-progress">
              {progressText(progress)}
            </Text>
          </Stack>
        </Paper>
      )}
      {problem && (
        <Alert color="red" title="No report saved" data-testid="report-problem">
          {problem}
        </Alert>
      )}
      {made && (
        <Alert color="green" title={`Saved ${made.fileName}`} data-testid="report-done">
          <Stack gap={4}>
            <Text fz="sm">
              {made.counts.students.toLocaleString()} {describeEnrolmentFilter({ statuses: made.counts.statuses })} (class {made.counts.classYears.join(', ')}), {made.counts.flagged.toLocaleString()} flagged,{' '}
              {made.counts.atRisk.toLocaleString()} on the At risk sheet, as of {formatDate(made.counts.asOf)}
              {made.counts.deidentified ? ', de-identified' : ''}.
            </Text>
            <Group>
              <Button size="xs" variant="light" onClick={() => downloadBytes(made.bytes, made.fileName)}>
                Save again
              </Button>
            </Group>
          </Stack>
        </Alert>
      )}
    </Stack>
  );
}
