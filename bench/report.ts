/** How a benchmark reports one measurement: one JSON line on stdout, read by bench/run.ts. */
export function report(name: string, value: number, unit: string, goal?: { text: string; ok: boolean }): void {
  process.stdout.write(`${JSON.stringify({ name, value: Math.round(value * 1000) / 1000, unit, goal: goal?.text, ok: goal?.ok })}\n`);
}

export function time<T>(fn: () => T): { ms: number; value: T } {
  const t0 = performance.now();
  const value = fn();
  return { ms: performance.now() - t0, value };
}
