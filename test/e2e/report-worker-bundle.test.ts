/**
 * The Electron build's report worker (out/main/report-worker.js, a second entry in
 * electron.config.ts, wired in src/main/electron/main.ts) runs: no Electron binary can be fetched
 * here, so this runs the built file in a Node worker thread, as Electron's main process would.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ReportOptions } from '../../src/shared/api/reports';
import { writeCommitteeReportFile } from '../../src/main/reports/output';
import { liveReportWorkers, reportInWorker, useReportWorker } from '../../src/main/reports/report-thread';
import { reportInput } from '../../src/main/reports/workbook';
import { AS_OF, readWithOpenpyxl, seedReportDatabase, TRICKY } from '../integration/report-fixture';
import { tempDatabase } from '../helpers';

const BUILT = path.resolve('out/main/report-worker.js');
const who = { actor: 'test-advisor', context: 'bundle test' };

afterAll(() => useReportWorker(null));

describe('the bundled report worker', () => {
  it('is built next to the main bundle and writes the committee workbook', async () => {
    expect(fs.existsSync(BUILT)).toBe(true);
    expect(fs.readFileSync('out/main/index.js', 'utf8')).toContain('report-worker.js');
    const { db, dir } = await tempDatabase();
    seedReportDatabase(db, 200);
    useReportWorker(BUILT);
    // It starts (a file that failed to load would silently fall back to the main thread).
    const messages = await reportInWorker(db.name, reportInput(db, ReportOptions.parse({ asOf: AS_OF }), { who }), {});
    expect(messages).not.toBeNull();
    for await (const m of messages!.messages) if (m.kind === 'done') expect(m.counts.students).toBe(200 + TRICKY.length);
    await messages!.close();

    const out = path.join(dir, 'bundled.xlsx');
    let workers = 0;
    const counts = await writeCommitteeReportFile(db, ReportOptions.parse({ asOf: AS_OF }), out, { who, progress: () => (workers = Math.max(workers, liveReportWorkers())) });
    expect(workers).toBe(1);
    const view = readWithOpenpyxl(out);
    expect(view.sheets).toEqual(['Summary', 'At risk', 'Roster', 'By specialty', 'Outcomes', 'Sources']);
    expect(view.data.Roster.rows).toHaveLength(counts.students + 1);
    expect(view.data['At risk'].rows).toHaveLength(counts.atRisk + 1);
    expect(liveReportWorkers()).toBe(0);
    db.close();
  });
});
