/**
 * Connections to a database file opened outside the app's own handle: the committee report's
 * worker thread reads on a connection of its own. Before the file is replaced (a restore from a
 * backup), each one is asked to stop and close: a reader must never hold the old file open while
 * it is swapped (on Windows the swap would fail outright; elsewhere the reader would go on
 * reading a database that is no longer the app's).
 */
import path from 'node:path';

/** Stops the reader and resolves once its connection is closed; `reason` is what its caller is told. */
export type StopReader = (reason: string) => Promise<void>;

const readers = new Map<symbol, { file: string; stop: StopReader }>();

/** Registers a reader of `file`; call the returned function once it has closed its connection. */
export function registerReader(file: string, stop: StopReader): () => void {
  const key = Symbol(file);
  readers.set(key, { file: path.resolve(file), stop });
  return () => void readers.delete(key);
}

/** Stops every reader of `file` and waits until all of them have closed. */
export async function stopReaders(file: string, reason: string): Promise<number> {
  const target = path.resolve(file);
  const stopping = [...readers.values()].filter((r) => r.file === target).map((r) => r.stop(reason));
  await Promise.all(stopping);
  return stopping.length;
}
