/**
 * Migration 0006 on the real engine, through each role's own connection (what `psql` would get):
 * flag acknowledgements — advisors only their own students', the dean reads all and writes none,
 * the coordinator everything — signed, versioned and audited by the database; a follow-up and an
 * action item marked done are signed by the database too.
 */
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describePostgres } from '../pg/databases';
import { officeTeam, type Team } from '../pg/office';

const PASSWORD = 'correct horse battery';
const ACK = `INSERT INTO flag_acknowledgements (student_id, code, severity, message, note, acknowledged_by, acknowledged_at, acknowledged_on)
             VALUES ($1, 'STEP1_FAIL', 'critical', 'Step 1 failed once', 'Discussed', 'forged name', now(), '2026-12-05') RETURNING id, acknowledged_by`;

describePostgres('flag acknowledgements and done follow-ups under the office roles', (cluster) => {
  let team: Team;
  let coord: pg.Client, dean: pg.Client, adams: pg.Client, baker: pg.Client, panel: pg.Client;
  const login = (who: string) => team.login(who);

  beforeAll(async () => {
    team = await officeTeam(cluster, PASSWORD);
    ({ coord, dean, adams, baker, panel } = team.as);
    await coord.query(`INSERT INTO students (id, first_name, last_name, grad_year, advisor, created_at, updated_at) VALUES
      ('S1', 'Ada', 'Lovelace', 2027, 'Dr. Adams', now(), now()), ('S2', 'Bo', 'Baxter', 2027, 'Dr. Baker', now(), now())`);
  });
  afterAll(async () => {
    await team?.close();
  });

  it("an advisor acknowledges their own students' flags only, signed and audited by the database", async () => {
    const mine = await adams.query(ACK, ['S1']);
    expect(mine.rows[0].acknowledged_by).toBe('Dr. Adams'); // the database signs, whatever the client sent
    await expect(adams.query(ACK, ['S2'])).rejects.toThrow(/row-level security/);
    const audit = await coord.query(`SELECT actor, action, entity, student_id, new_value FROM audit_log WHERE entity = 'flag_acknowledgement' ORDER BY id`);
    expect(audit.rows).toEqual([expect.objectContaining({ actor: login('adams'), action: 'insert', student_id: 'S1' })]);
    expect(JSON.parse(audit.rows[0].new_value)).toMatchObject({ studentId: 'S1', code: 'STEP1_FAIL', note: 'Discussed', acknowledgedBy: 'Dr. Adams' });

    await baker.query(ACK, ['S2']);
    // Each advisor sees only their own students' acknowledgements.
    expect((await adams.query(`SELECT student_id FROM flag_acknowledgements ORDER BY 1`)).rows).toEqual([{ student_id: 'S1' }]);
    expect((await baker.query(`SELECT student_id FROM flag_acknowledgements ORDER BY 1`)).rows).toEqual([{ student_id: 'S2' }]);
    expect((await baker.query(`UPDATE flag_acknowledgements SET note = 'hijacked' WHERE student_id = 'S1'`)).rowCount).toBe(0);
    expect((await baker.query(`DELETE FROM flag_acknowledgements WHERE student_id = 'S1'`)).rowCount).toBe(0);
  });

  it('a lapse is an update: versioned and audited field by field, without re-signing the acknowledgement', async () => {
    const r = await adams.query(`UPDATE flag_acknowledgements SET lapsed_at = now(), lapse_reason = 'expired' WHERE student_id = 'S1' RETURNING version, acknowledged_by`);
    expect(r.rows).toEqual([{ version: 2, acknowledged_by: 'Dr. Adams' }]);
    const fields = await coord.query(`SELECT field, new_value FROM audit_log WHERE entity = 'flag_acknowledgement' AND action = 'update' ORDER BY id`);
    expect(fields.rows.map((x) => x.field).sort()).toEqual(['lapseReason', 'lapsedAt']);
  });

  it('the dean reads every acknowledgement and writes none; the committee sees none', async () => {
    expect((await dean.query(`SELECT student_id FROM flag_acknowledgements ORDER BY 1`)).rows).toEqual([{ student_id: 'S1' }, { student_id: 'S2' }]);
    await expect(dean.query(ACK, ['S1'])).rejects.toThrow(/permission denied/);
    await expect(dean.query(`UPDATE flag_acknowledgements SET note = 'x'`)).rejects.toThrow(/permission denied/);
    await expect(panel.query(`SELECT * FROM flag_acknowledgements`)).rejects.toThrow(/permission denied/);
    expect((await coord.query(`DELETE FROM flag_acknowledgements WHERE student_id = 'S2'`)).rowCount).toBe(1);
  });

  it('a follow-up and an action item marked done are signed by the database; reopening clears who', async () => {
    const note = await adams.query(`INSERT INTO advising_notes (student_id, author, created_at, body, follow_up_date) VALUES ('S1', 'x', now(), 'Check in', '2026-12-01') RETURNING id`);
    const id = note.rows[0].id as string;
    const item = await adams.query(`INSERT INTO action_items (note_id, text, done) VALUES ($1, 'Book CK', false) RETURNING id, done_by`, [id]);
    expect(item.rows[0].done_by).toBeNull();
    const done = await adams.query(`UPDATE advising_notes SET follow_up_done_at = now(), follow_up_done_by = 'forged' WHERE id = $1 RETURNING follow_up_done_by`, [id]);
    expect(done.rows[0].follow_up_done_by).toBe('Dr. Adams');
    const ticked = await dean.query(`UPDATE action_items SET done = true, done_at = now() WHERE id = $1 RETURNING done_by`, [item.rows[0].id]);
    expect(ticked.rows[0].done_by).toBe('Dr. Dana Dean');
    const reopened = await adams.query(`UPDATE advising_notes SET follow_up_done_at = NULL WHERE id = $1 RETURNING follow_up_done_by`, [id]);
    expect(reopened.rows[0].follow_up_done_by).toBeNull();
    const audit = await coord.query(`SELECT actor, field FROM audit_log WHERE entity = 'advising_note' AND action = 'update' AND field LIKE 'followUpDone%' ORDER BY id`);
    expect(audit.rows).toEqual([
      { actor: login('adams'), field: 'followUpDoneAt' },
      { actor: login('adams'), field: 'followUpDoneBy' },
      { actor: login('adams'), field: 'followUpDoneAt' },
      { actor: login('adams'), field: 'followUpDoneBy' },
    ]);
    // Baker cannot mark Adams's student's follow-up done.
    expect((await baker.query(`UPDATE advising_notes SET follow_up_done_at = now() WHERE id = $1`, [id])).rowCount).toBe(0);
  });
});
