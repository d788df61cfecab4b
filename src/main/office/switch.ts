/**
 * Which database a desktop window works on: the laptop's own file, or the office's PostgreSQL database
 * kept in Settings → Office database. The shell builds one of these at start (it signs in with the
 * kept connection and keychain password, or says why it could not and stays on the laptop's file) and
 * hands its `context()` to the IPC binding; connecting or disconnecting switches every later call.
 */
import type { OfficeConnectionState, OfficeLogin, OfficeTestResult } from '../../shared/api/office';
import { OfficeConnection } from '../../shared/api/office';
import { ApiError } from '../../shared/api/contract';
import { officeOnlyDb, type HandlerContext } from '../handlers/context';
import { officeSessionFacts, openOfficeSession } from '../store/postgres/session';
import { redact } from '../store/postgres/url';
import type { Store, StoreChange } from '../store/store';
import { officeUrl, type OfficeConnectionFiles } from './connection';

type ShellContext = Omit<HandlerContext, 'progress' | 'signal'>;

/** What the Settings handlers (handlers/office.ts) ask of the shell. */
export interface OfficePort {
  state(): Promise<OfficeConnectionState>;
  test(login: OfficeLogin): Promise<OfficeTestResult>;
  connect(login: OfficeLogin): Promise<OfficeConnectionState>;
  disconnect(): Promise<OfficeConnectionState>;
}

interface Session {
  store: Store & { sessionUser: string };
  url: string;
  role: OfficeTestResult['role'];
}

/** A sign-in failure in words a person can act on (the driver's message names the cause: password, host, TLS). */
function refusal(err: unknown): ApiError {
  const e = err as { code?: string; message?: string };
  const why = e.code === '28P01' ? 'the password was not accepted' : e.code === 'ECONNREFUSED' ? 'nothing answered at that address and port' : e.code === 'ENOTFOUND' ? 'no server has that name' : (e.message ?? String(err));
  return new ApiError('REJECTED', `Could not sign in to the office database: ${why}.`);
}

export class OfficeSwitch implements OfficePort {
  private session: Session | null = null;
  private problem: string | null = null;
  private readonly changeListeners = new Set<(change: StoreChange) => void>();
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly files: OfficeConnectionFiles,
    /** The laptop's context (its getters follow a restored file). */
    private readonly laptop: () => ShellContext,
  ) {}

  /** At start: sign in with the kept connection, or keep the reason it failed (shown in Settings) and stay on the laptop. */
  async start(): Promise<void> {
    const { connection, problem } = this.files.read();
    this.problem = problem;
    if (!connection) return;
    const password = this.files.password();
    if (password === null) {
      this.problem = this.files.canKeepPassword
        ? 'The office database password is no longer in the keychain: sign in again in Settings → Office database.'
        : `The office database cannot be used here: ${this.files.keychainNote}`;
      return;
    }
    try {
      const url = officeUrl(connection);
      const { store, facts } = await openOfficeSession(url, password);
      this.use({ store, url, role: facts.role });
    } catch (err) {
      this.problem = `${refusal(err).message} This window works on the laptop's own file until it can.`;
    }
  }

  /** Announcements of changes to the office database in use (re-subscribed when the window switches). */
  onChange(listener: (change: StoreChange) => void): () => void {
    this.changeListeners.add(listener);
    return () => void this.changeListeners.delete(listener);
  }

  private use(session: Session | null): Session | null {
    const before = this.session;
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.session = session;
    if (session) this.unsubscribe = session.store.onChange((change) => this.changeListeners.forEach((l) => l(change)));
    return before;
  }

  /** The context every call gets: the office database's store while signed in, else the laptop's. */
  context(): ShellContext {
    const self = this;
    return {
      get db() {
        return self.session ? officeOnlyDb() : self.laptop().db;
      },
      get store() {
        return self.session?.store;
      },
      get databasePath() {
        return self.session ? redact(self.session.url) : self.laptop().databasePath;
      },
      get actor() {
        return self.session ? self.session.store.sessionUser : self.laptop().actor;
      },
      get databaseHolder() {
        return self.session ? undefined : self.laptop().databaseHolder;
      },
      office: self,
    };
  }

  async state(): Promise<OfficeConnectionState> {
    const { connection } = this.files.read();
    return {
      engine: this.session ? 'postgres' : 'sqlite',
      current: this.session ? redact(this.session.url) : this.laptop().databasePath,
      user: this.session?.store.sessionUser ?? null,
      role: this.session?.role ?? null,
      saved: connection,
      passwordKept: this.files.hasPassword(),
      canKeepPassword: this.files.canKeepPassword,
      keychainNote: this.files.keychainNote,
      problem: this.session ? null : this.problem,
    };
  }

  async test(login: OfficeLogin): Promise<OfficeTestResult> {
    const { password, ...rest } = login;
    try {
      const { user, role, students, schemaVersion, tls, server } = await officeSessionFacts(officeUrl(OfficeConnection.parse(rest)), password || undefined);
      return { user, role, students, schemaVersion, tls, server };
    } catch (err) {
      throw refusal(err);
    }
  }

  async connect(login: OfficeLogin): Promise<OfficeConnectionState> {
    const { password, ...rest } = login;
    const connection = OfficeConnection.parse(rest);
    if (!this.files.canKeepPassword) throw new ApiError('REJECTED', `This window cannot keep a password: ${this.files.keychainNote}`);
    const url = officeUrl(connection);
    let opened: Awaited<ReturnType<typeof openOfficeSession>>;
    try {
      opened = await openOfficeSession(url, password || undefined);
    } catch (err) {
      throw refusal(err);
    }
    // Kept only once the database accepted it; the session it replaces is closed.
    this.files.save(connection, password);
    const before = this.use({ store: opened.store, url, role: opened.facts.role });
    this.problem = null;
    await before?.store.close();
    return this.state();
  }

  async disconnect(): Promise<OfficeConnectionState> {
    this.files.forget();
    const before = this.use(null);
    this.problem = null;
    await before?.store.close();
    return this.state();
  }

  async close(): Promise<void> {
    await this.use(null)?.store.close();
  }
}
