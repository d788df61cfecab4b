import { Alert, Badge, Button, Code, Group, Loader, NumberInput, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { OFFICE_ROLE_LABELS, type OfficeConnectionState, type OfficeLogin, type OfficeTestResult } from '../../../../shared/api';
import { ApiCallError, call } from '../../api/client';
import { useQuery } from '../../api/useQuery';

function messageOf(err: unknown): string {
  if (err instanceof ApiCallError && err.issues?.length) return err.issues.map((i) => `${i.path}: ${i.message}`).join('; ');
  return (err as Error).message;
}

const EMPTY: OfficeLogin = { host: '', port: 5432, database: 'stepwise', user: '', password: '', caFile: null };

/** Where this window's data lives now, and as whom. */
function CurrentDatabase({ state }: { state: OfficeConnectionState }) {
  return (
    <Paper withBorder p="md">
      <Stack gap={4}>
        <Text fw={600}>This window works on</Text>
        {state.engine === 'postgres' ? (
          <Group gap="xs">
            <Badge color="teal" variant="light">
              Office database
            </Badge>
            <Code>{state.current}</Code>
            <Text size="sm">
              signed in as <b>{state.user}</b>
              {state.role ? ` (${OFFICE_ROLE_LABELS[state.role]})` : ''}
            </Text>
          </Group>
        ) : (
          <Group gap="xs">
            <Badge color="gray" variant="light">
              This laptop
            </Badge>
            <Code>{state.current}</Code>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

function TestResult({ result }: { result: OfficeTestResult }) {
  return (
    <Alert color="teal" title="The login works" role="status">
      <Stack gap={2}>
        <Text size="sm">
          {result.user} — {OFFICE_ROLE_LABELS[result.role]}
        </Text>
        <Text size="sm">
          {result.schemaVersion === 0 ? 'No Stepwise data yet: IT runs stepwise office init first.' : `${result.students.toLocaleString()} students visible to this login.`}
        </Text>
        <Text size="sm">
          {result.tls ? 'The connection is encrypted (TLS, certificate verified).' : 'A connection on this machine (socket or loopback): no network to encrypt.'} PostgreSQL {result.server}.
        </Text>
      </Stack>
    </Alert>
  );
}

/**
 * Settings → Office database: the office's shared PostgreSQL database instead of this laptop's file.
 * A login is tested first (who, which role, how many students, TLS); signing in keeps the connection
 * and the password in the OS keychain, and the window switches to it. Going back to the laptop forgets both.
 */
export function OfficeDatabasePanel() {
  const { data: state, error, loading, reload } = useQuery('office.connection', {});
  const [form, setForm] = useState<OfficeLogin>(EMPTY);
  const [busy, setBusy] = useState<'test' | 'connect' | 'disconnect' | null>(null);
  const [tested, setTested] = useState<OfficeTestResult | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    if (state?.saved) setForm({ ...state.saved, password: '' });
  }, [state?.saved]);

  const set = <K extends keyof OfficeLogin>(key: K, value: OfficeLogin[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setTested(null);
  };

  const run = async (kind: 'test' | 'connect' | 'disconnect') => {
    setBusy(kind);
    setFailure(null);
    try {
      if (kind === 'test') setTested(await call('office.test', form));
      else {
        await call(kind === 'connect' ? 'office.connect' : 'office.disconnect', kind === 'connect' ? form : {});
        // Every page reads its data again, from the database this window now works on.
        window.location.reload();
      }
    } catch (err) {
      setFailure(messageOf(err));
    } finally {
      setBusy(null);
      if (kind !== 'test') reload();
    }
  };

  if (loading && !state) return <Loader aria-label="Loading the office connection" />;
  if (error || !state) return <Alert color="red">{error?.message ?? 'The office connection could not be read.'}</Alert>;
  const complete = form.host.trim() && form.database.trim() && form.user.trim();
  return (
    <Stack gap="md" maw={720}>
      <Title order={2}>Office database</Title>
      <Text size="sm" c="dimmed">
        An advising office shares one PostgreSQL database that IT runs and backs up. Each person signs in with their own login; what they see and change is decided by
        their role in the database itself.
      </Text>
      <CurrentDatabase state={state} />
      {state.problem && (
        <Alert color="orange" title="The kept office connection is not in use">
          {state.problem}
        </Alert>
      )}
      <Paper withBorder p="md">
        <Stack gap="sm">
          <Group grow align="flex-start">
            <TextInput
              label="Server"
              description="Host name or address (or a socket folder on this machine)"
              placeholder="advising-db.school.edu"
              value={form.host}
              onChange={(e) => set('host', e.currentTarget.value)}
              required
            />
            <NumberInput label="Port" description="PostgreSQL's is 5432" min={1} max={65535} value={form.port} onChange={(v) => set('port', Number(v) || 5432)} w={140} />
          </Group>
          <Group grow align="flex-start">
            <TextInput label="Database" value={form.database} onChange={(e) => set('database', e.currentTarget.value)} required />
            <TextInput label="Your login" description="From IT (stepwise office add-user)" value={form.user} onChange={(e) => set('user', e.currentTarget.value)} required autoComplete="username" />
          </Group>
          <PasswordInput
            label="Password"
            description={
              !state.canKeepPassword
                ? 'Used for this test only'
                : state.passwordKept
                  ? 'A password is kept in the operating system’s keychain; type it only to sign in anew'
                  : 'Kept by the operating system’s keychain, never in a file of ours'
            }
            value={form.password}
            onChange={(e) => set('password', e.currentTarget.value)}
            autoComplete="current-password"
          />
          <TextInput
            label="Certificate authority file (optional)"
            description="Only when IT's server certificate is signed by the school's own authority (a .pem file). Connections beyond this machine always use verified TLS."
            value={form.caFile ?? ''}
            onChange={(e) => set('caFile', e.currentTarget.value || null)}
          />
          {tested && <TestResult result={tested} />}
          {failure && (
            <Alert color="red" title="Not signed in" role="alert">
              {failure}
            </Alert>
          )}
          {!state.canKeepPassword && state.keychainNote && (
            <Alert color="gray" title="This window cannot keep an office connection">
              {state.keychainNote}
            </Alert>
          )}
          <Group>
            <Button variant="light" onClick={() => void run('test')} loading={busy === 'test'} disabled={!complete || busy !== null}>
              Test connection
            </Button>
            <Button onClick={() => void run('connect')} loading={busy === 'connect'} disabled={!complete || !state.canKeepPassword || busy !== null}>
              Sign in and use this database
            </Button>
            {(state.engine === 'postgres' || state.saved) && state.canKeepPassword && (
              <Button variant="subtle" color="gray" onClick={() => void run('disconnect')} loading={busy === 'disconnect'} disabled={busy !== null}>
                Use this laptop’s database instead
              </Button>
            )}
          </Group>
        </Stack>
      </Paper>
    </Stack>
  );
}
