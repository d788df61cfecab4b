/**
 * A throwaway PostgreSQL cluster for the tests and benchmarks: initdb in a temporary folder,
 * listening on a Unix socket in that folder and on 127.0.0.1 (a free port), stopped and deleted at
 * the end. PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user
 * Debian's package creates. Local connections (the socket) trust the superuser; TCP connections
 * need a password (SCRAM), as an office server's would, so sign-in is tested for real.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface ClusterInfo {
  /** Folder of the Unix socket (libpq's `host` for a socket). */
  socketDir: string;
  port: number;
  /** The superuser, reachable through the socket without a password. */
  superuser: string;
  dataDir: string;
}

/** The folder of PostgreSQL's server programs, or null when PostgreSQL is not installed. */
export function postgresBinDir(): string | null {
  const fromConfig = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  const candidates: string[] = [];
  if (fromConfig.status === 0) candidates.push(fromConfig.stdout.trim());
  const debian = '/usr/lib/postgresql';
  if (fs.existsSync(debian))
    for (const v of fs.readdirSync(debian).sort((a, b) => Number(b) - Number(a))) candidates.push(path.join(debian, v, 'bin'));
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'initdb')) && fs.existsSync(path.join(dir, 'pg_ctl'))) ?? null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Runs a server program as the user that owns the cluster (`postgres` when we are root). */
function runAs(owner: { uid: number; gid: number; name: string } | null, program: string, args: string[]): void {
  const [file, argv] = owner ? ['runuser', ['-u', owner.name, '--', program, ...args]] : [program, args];
  execFileSync(file, argv, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
}

function serverOwner(): { uid: number; gid: number; name: string } | null {
  if (process.getuid?.() !== 0) return null;
  const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (id.status !== 0) throw new Error('Running as root, PostgreSQL needs a non-root user to run as, and there is no `postgres` user (Debian\'s postgresql package creates it).');
  return { uid: Number(id.stdout), gid: Number(gid.stdout), name: 'postgres' };
}

export interface Cluster extends ClusterInfo {
  stop(): void;
}

export async function startCluster(binDir: string): Promise<Cluster> {
  const owner = serverOwner();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'stepwise-pg-'));
  const dataDir = path.join(root, 'data');
  const log = path.join(root, 'server.log');
  if (owner) fs.chownSync(root, owner.uid, owner.gid);
  const superuser = 'stepwise_admin';
  const port = await freePort();
  const bin = (name: string) => path.join(binDir, name);
  runAs(owner, bin('initdb'), ['-D', dataDir, '-U', superuser, '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--locale=C', '--no-sync']);
  const options = [
    `-c listen_addresses=127.0.0.1`,
    `-p ${port}`,
    `-k ${root}`,
    // A throwaway cluster: durability is not what is tested here (crash tests kill clients, not the server).
    `-c fsync=off -c synchronous_commit=off -c full_page_writes=off`,
    `-c max_connections=200`,
  ].join(' ');
  runAs(owner, bin('pg_ctl'), ['-D', dataDir, '-l', log, '-w', '-t', '60', '-o', options, 'start']);
  let stopped = false;
  return {
    socketDir: root,
    port,
    superuser,
    dataDir,
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        runAs(owner, bin('pg_ctl'), ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      } finally {
        fs.rmSync(root, { recursive: true, force: true });
      }
    },
  };
}
