import os from 'node:os';
import path from 'node:path';

export const APP_NAME = 'Stepwise';

/** The folder Electron's app.getPath('userData') names for this app, computed without Electron. */
export function userDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), APP_NAME);
}

/** The database the desktop app uses; STEPWISE_DB overrides it for every entry point. */
export function defaultDatabasePath(env: NodeJS.ProcessEnv = process.env): string {
  return env.STEPWISE_DB ?? path.join(userDataDir(env), 'stepwise.db');
}

export function backupsDirFor(dbPath: string): string {
  return path.join(path.dirname(dbPath), 'backups');
}
