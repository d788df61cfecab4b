import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { ImportInput, ImportPreview, ImportResult, ProgressEvent } from '../../../../shared/api';
import { ApiCallError, call, newJobId, onProgress } from '../../api/client';

export type JobOutcome<T> = { status: 'done'; value: T } | { status: 'cancelled' };
export type JobKind = 'preview' | 'commit';

/**
 * The latest progress event, outside React state: only the progress line re-renders on an event,
 * not the whole page with its preview tables (which made every event a long task on large files).
 */
export interface ProgressStore {
  get(): ProgressEvent | null;
  subscribe(listener: () => void): () => void;
}

function progressStore(): ProgressStore & { set(event: ProgressEvent | null): void } {
  let value: ProgressEvent | null = null;
  const listeners = new Set<() => void>();
  return {
    get: () => value,
    set(event) {
      value = event;
      for (const l of listeners) l();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export function useProgress(store: ProgressStore): ProgressEvent | null {
  return useSyncExternalStore(store.subscribe, store.get);
}

/**
 * Runs an import preview or commit in the main process and follows its progress events. Events can
 * arrive thousands of times for a large file, so the progress line is updated at most once per frame.
 * Cancelling asks the main process to stop and waits for its answer: a commit rolls back first.
 */
export function useImportJob() {
  const [progress] = useState(progressStore);
  const [running, setRunning] = useState<JobKind | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const job = useRef<{ id: string; cancelled: boolean } | null>(null);
  const latest = useRef<ProgressEvent | null>(null);
  const frame = useRef<number | null>(null);

  useEffect(() => {
    // Subscribed for the page's whole life, so the first events of a job are not missed.
    const stop = onProgress((event) => {
      if (event.jobId !== job.current?.id) return;
      latest.current = event;
      frame.current ??= requestAnimationFrame(() => {
        frame.current = null;
        progress.set(latest.current);
      });
    });
    return () => {
      stop();
      if (frame.current !== null) cancelAnimationFrame(frame.current);
    };
  }, [progress]);

  const run = useCallback(async <T extends ImportPreview | ImportResult>(kind: JobKind, input: Omit<ImportInput, 'jobId'>): Promise<JobOutcome<T>> => {
    const mine = { id: newJobId(), cancelled: false };
    job.current = mine;
    latest.current = null;
    progress.set(null);
    setRunning(kind);
    try {
      const value = (kind === 'preview' ? await call('import.preview', { ...input, jobId: mine.id }) : await call('import.commit', { ...input, jobId: mine.id })) as T;
      // A preview that finished as the cancel arrived is dropped (it wrote nothing); a commit that
      // answers has written its changes, cancelled or not, and the advisor must see them.
      return mine.cancelled && kind === 'preview' ? { status: 'cancelled' } : { status: 'done', value };
    } catch (err) {
      if (err instanceof ApiCallError && err.code === 'CANCELLED') return { status: 'cancelled' };
      throw err;
    } finally {
      job.current = null;
      setRunning(null);
      setCancelling(false);
    }
  }, [progress]);

  const cancel = useCallback(async () => {
    const current = job.current;
    if (!current || current.cancelled) return;
    current.cancelled = true;
    setCancelling(true);
    await call('import.cancel', { jobId: current.id });
  }, []);

  return { progress, running, cancelling, run, cancel };
}
