/**
 * Running previews and commits by job ID, so `import.cancel` from the Import page can stop one.
 * The shell's own signal (ctx.signal: a closed window, a dropped HTTP request) stops it too.
 */
const running = new Map<string, AbortController>();

export interface ImportJob {
  signal: AbortSignal;
  finish(): void;
}

export function startImportJob(jobId: string | undefined, outer?: AbortSignal): ImportJob {
  const own = new AbortController();
  if (jobId !== undefined) {
    // A job ID reused while its first run is still going cancels nothing: the newer run takes the name.
    running.set(jobId, own);
  }
  return {
    signal: outer ? AbortSignal.any([outer, own.signal]) : own.signal,
    finish: () => {
      if (jobId !== undefined && running.get(jobId) === own) running.delete(jobId);
    },
  };
}

export function cancelImportJob(jobId: string): boolean {
  const job = running.get(jobId);
  if (!job) return false;
  job.abort();
  running.delete(jobId);
  return true;
}
