import type { ClientBase } from 'pg';

/**
 * Schema v5 on PostgreSQL: office mode. SQLite's 0005 adds the same row versions; the rest is what a
 * shared server needs and a laptop does not (README, "Office mode"):
 *
 * - Four group roles (cluster-wide, NOLOGIN): stepwise_coordinator (everything), stepwise_dean
 *   (reads everything, writes notes), stepwise_advisor (reads every student's name, class, advisor,
 *   target and exam record — the facts the risk is computed from — and writes only the students
 *   assigned to them, whose private columns they read through `my_students`), stepwise_committee
 *   (de-identified views only). A person is a LOGIN role granted one of them, listed in
 *   `office_users` with the name the office knows them by (an advisor's students are those whose
 *   Advisor field is that name).
 * - Row-level security on every table and column grants, so a direct psql session gets exactly what
 *   the app gives.
 * - The audit log written by the database: row triggers (SECURITY DEFINER) record every insert,
 *   update (one row per changed field) and delete, with the session's user as the actor and the
 *   time of the server; no role may write, change or delete audit rows itself. Rows an import
 *   creates are audited once, by their import batch.
 * - A row version bumped on every update, whoever updates: a save names the version it read and
 *   changes nothing if the row moved on.
 * - NOTIFY on `stepwise_changes` after each statement that changes a table, for live screens.
 */
export async function up(db: ClientBase): Promise<void> {
  await db.query(`
    DO $$
    DECLARE r text;
    BEGIN
      FOREACH r IN ARRAY ARRAY['stepwise_coordinator', 'stepwise_dean', 'stepwise_advisor', 'stepwise_committee'] LOOP
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r) THEN
          EXECUTE format('CREATE ROLE %I NOLOGIN', r);
        END IF;
      END LOOP;
    END
    $$;

    CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA stepwise;

    CREATE TABLE office_users (
      login        text PRIMARY KEY,
      display_name text NOT NULL,
      role         text NOT NULL CHECK (role IN ('coordinator', 'dean', 'advisor', 'committee')),
      created_at   timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX office_users_by_name ON office_users (lower(btrim(display_name)));

    ALTER TABLE audit_log ADD COLUMN student_id text;
    CREATE INDEX audit_log_by_student ON audit_log (student_id);

    -- The cohort is read a chunk at a time in Student ID order compared byte by byte, as SQLite
    -- compares them (store/postgres/cohort.ts); the primary key's index follows the database's
    -- collation, which in an office's UTF-8 locale is another order, and each chunk would sort them all.
    CREATE INDEX students_by_id_bytes ON students (id COLLATE "C");
  `);

  const editable = ['students', 'exam_attempts', 'practice_exams', 'advising_notes', 'action_items', 'settings', 'specialties', 'programs', 'saved_filters'];
  const audited: [table: string, entity: string][] = [
    ['students', 'student'],
    ['exam_attempts', 'exam_attempt'],
    ['practice_exams', 'practice_exam'],
    ['advising_notes', 'advising_note'],
    ['action_items', 'action_item'],
    ['settings', 'setting'],
    ['specialties', 'specialty'],
    ['programs', 'program'],
    ['saved_filters', 'saved_filter'],
    ['import_batches', 'import_batch'],
  ];

  await db.query(`
    CREATE FUNCTION bump_version() RETURNS trigger LANGUAGE plpgsql SET search_path = stepwise, pg_temp AS $$
    BEGIN
      NEW.version := OLD.version + 1;
      RETURN NEW;
    END
    $$;

    -- "first_name" -> "firstName": audit rows name fields as the app and the SQLite log do.
    CREATE FUNCTION camel_key(k text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT lower(left(x, 1)) || substr(x, 2) FROM (SELECT replace(initcap(replace(k, '_', ' ')), ' ', '') AS x) t
    $$;
    CREATE FUNCTION camel_record(j jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT coalesce(jsonb_object_agg(camel_key(key), value), '{}'::jsonb) FROM jsonb_each(j)
    $$;

    -- The office user's name (or the login, for IT's own accounts).
    CREATE FUNCTION office_user_name() RETURNS text LANGUAGE sql STABLE SECURITY DEFINER SET search_path = stepwise, pg_temp AS $$
      SELECT coalesce((SELECT display_name FROM office_users WHERE login = session_user), session_user::text)
    $$;
    CREATE FUNCTION is_my_student(sid text) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = stepwise, pg_temp AS $$
      SELECT EXISTS (
        SELECT 1 FROM students s JOIN office_users u ON u.login = session_user AND u.role = 'advisor'
        WHERE s.id = sid AND lower(btrim(s.advisor)) = lower(btrim(u.display_name)))
    $$;
    CREATE FUNCTION is_my_note(nid bigint) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = stepwise, pg_temp AS $$
      SELECT EXISTS (SELECT 1 FROM advising_notes n WHERE n.id = nid AND is_my_student(n.student_id))
    $$;

    -- \`stepwise office copy\` moves a laptop's roster in with its audit history: only the schema's
    -- owner (IT's account that ran \`office init\`), and only with stepwise.copying set, may insert
    -- rows without a row-by-row audit and audit rows with their original actor and time.
    CREATE FUNCTION copying_history() RETURNS boolean LANGUAGE sql STABLE SET search_path = stepwise, pg_temp AS $$
      SELECT coalesce(current_setting('stepwise.copying', true), '') = 'on'
        AND pg_has_role(session_user, (SELECT nspowner FROM pg_namespace WHERE nspname = 'stepwise'), 'MEMBER')
    $$;

    CREATE FUNCTION audit_row() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = stepwise, pg_temp AS $$
    DECLARE
      entity text := TG_ARGV[0];
      o jsonb;
      n jsonb;
      r jsonb;
      k text;
      eid text;
      sid text;
      secret boolean;
      ctx text := nullif(current_setting('stepwise.context', true), '');
      quiet text[] := ARRAY['version', 'created_at', 'updated_at'];
    BEGIN
      IF copying_history() THEN RETURN NULL; END IF;
      IF TG_OP <> 'INSERT' THEN o := to_jsonb(OLD); END IF;
      IF TG_OP <> 'DELETE' THEN n := to_jsonb(NEW); END IF;
      r := coalesce(n, o);
      eid := CASE entity WHEN 'setting' THEN (r ->> 'key') || '@' || coalesce(r ->> 'effective_from', 'always') ELSE r ->> 'id' END;
      sid := CASE entity
        WHEN 'student' THEN r ->> 'id'
        WHEN 'action_item' THEN (SELECT student_id FROM advising_notes WHERE id = (r ->> 'note_id')::bigint)
        ELSE r ->> 'student_id' END;
      -- The pseudonym key is a secret: its changes are audited, its value never.
      secret := entity = 'setting' AND r ->> 'key' = 'reports.pseudonymKey';
      IF TG_OP = 'INSERT' THEN
        -- Rows an import creates are accounted for by their batch's own audit row.
        IF entity <> 'import_batch' AND r ->> 'import_batch' IS NOT NULL THEN RETURN NULL; END IF;
        INSERT INTO audit_log (at, actor, action, entity, entity_id, new_value, context, student_id)
        VALUES (now(), session_user, 'insert', entity, eid,
                CASE WHEN secret THEN '(value not logged)' ELSE camel_record(n - quiet - 'import_batch')::text END, ctx, sid);
      ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO audit_log (at, actor, action, entity, entity_id, old_value, context, student_id)
        VALUES (now(), session_user, 'delete', entity, eid,
                CASE WHEN secret THEN '(value not logged)' ELSE camel_record(jsonb_strip_nulls(jsonb_build_object('import_batch', o -> 'import_batch')) || (o - quiet - 'import_batch'))::text END, ctx, sid);
      ELSE
        FOR k IN SELECT key FROM jsonb_each(n) LOOP
          CONTINUE WHEN k = ANY (quiet) OR k = 'import_batch';
          IF (o -> k) IS DISTINCT FROM (n -> k) THEN
            INSERT INTO audit_log (at, actor, action, entity, entity_id, field, old_value, new_value, context, student_id)
            VALUES (now(), session_user, 'update', entity, eid, camel_key(k),
                    CASE WHEN secret THEN '(value not logged)' ELSE o ->> k END,
                    CASE WHEN secret THEN '(value not logged)' ELSE n ->> k END, ctx, sid);
          END IF;
        END LOOP;
      END IF;
      RETURN NULL;
    END
    $$;

    -- Append-only, and its actor and time are the database's, whoever inserts.
    CREATE FUNCTION audit_log_sealed() RETURNS trigger LANGUAGE plpgsql SET search_path = stepwise, pg_temp AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        IF NOT copying_history() THEN
          NEW.actor := session_user;
          NEW.at := now();
        END IF;
        RETURN NEW;
      END IF;
      RAISE EXCEPTION 'The audit log is append-only: % is refused', lower(TG_OP) USING ERRCODE = 'insufficient_privilege';
    END
    $$;
    CREATE TRIGGER audit_log_sealed BEFORE INSERT OR UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_sealed();

    -- Who wrote a note and who ran an import: the database says.
    CREATE FUNCTION signed_by_session() RETURNS trigger LANGUAGE plpgsql SET search_path = stepwise, pg_temp AS $$
    BEGIN
      IF copying_history() THEN RETURN NEW; END IF;
      IF TG_TABLE_NAME = 'advising_notes' THEN NEW.author := office_user_name();
      ELSE NEW.actor := session_user;
      END IF;
      RETURN NEW;
    END
    $$;
    CREATE TRIGGER advising_notes_signed BEFORE INSERT ON advising_notes FOR EACH ROW EXECUTE FUNCTION signed_by_session();
    CREATE TRIGGER import_batches_signed BEFORE INSERT ON import_batches FOR EACH ROW EXECUTE FUNCTION signed_by_session();

    CREATE FUNCTION notify_change() RETURNS trigger LANGUAGE plpgsql SET search_path = stepwise, pg_temp AS $$
    BEGIN
      PERFORM pg_notify('stepwise_changes', json_build_object('table', TG_TABLE_NAME, 'by', session_user)::text);
      RETURN NULL;
    END
    $$;

    -- "P-" and 12 Crockford base-32 characters of an HMAC-SHA256 of the ID: reports/pseudonyms.ts, in SQL.
    CREATE FUNCTION pseudonym(key text, student_id text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE SET search_path = stepwise, pg_temp AS $$
      SELECT 'P-' || string_agg(substr('0123456789ABCDEFGHJKMNPQRSTVWXYZ', substring(b FROM 1 + 5 * i FOR 5)::int + 1, 1), '' ORDER BY i)
      FROM (SELECT ('x' || encode(substr(hmac(convert_to(student_id, 'UTF8'), convert_to(key, 'UTF8'), 'sha256'), 1, 8), 'hex'))::bit(64) AS b) h,
           generate_series(0, 11) AS i
    $$;
  `);

  // A student's version guards their record; the checklist in the same row merges item by item (SQLite's 0005 alike).
  const studentRecord = 'first_name, last_name, email, grad_year, applicant_type, target_specialty, backup_specialty, advisor, usce_months, us_letters, step1_deadline, notes, custom_fields';
  for (const t of editable)
    await db.query(`
      ALTER TABLE ${t} ADD COLUMN version integer NOT NULL DEFAULT 1;
      CREATE TRIGGER ${t}_version BEFORE UPDATE${t === 'students' ? ` OF ${studentRecord}` : ''} ON ${t} FOR EACH ROW EXECUTE FUNCTION bump_version();
    `);
  for (const [t, entity] of audited)
    await db.query(`
      CREATE TRIGGER ${t}_audit AFTER INSERT OR UPDATE OR DELETE ON ${t} FOR EACH ROW EXECUTE FUNCTION audit_row('${entity}');
      CREATE TRIGGER ${t}_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${t} FOR EACH STATEMENT EXECUTE FUNCTION notify_change();
      ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY;
      CREATE POLICY coordinator_all ON ${t} FOR ALL TO stepwise_coordinator USING (true) WITH CHECK (true);
    `);
  await db.query(`ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY`);

  // The pseudonym key the committee views use (the SQLite app makes its own on the first de-identified report).
  await db.query(`
    INSERT INTO settings (key, effective_from, kind, value, label, source, note, updated_at)
    VALUES ('reports.pseudonymKey', NULL, 'text', encode(gen_random_bytes(32), 'hex'), 'Key for the pseudonyms in de-identified reports',
            'generated by Stepwise (random, 256 bits)', 'Keep it private. Replacing it changes every pseudonym in later reports.', now())
    ON CONFLICT (key, effective_from) DO NOTHING;
  `);

  const readers = 'stepwise_dean, stepwise_advisor';
  const directory = 'id, first_name, last_name, grad_year, applicant_type, target_specialty, backup_specialty, advisor, usce_months, us_letters, step1_deadline, created_at, updated_at, import_batch, version';
  await db.query(`
    GRANT USAGE ON SCHEMA stepwise TO stepwise_coordinator, stepwise_dean, stepwise_advisor, stepwise_committee;
    GRANT SELECT ON schema_version TO stepwise_coordinator, stepwise_dean, stepwise_advisor, stepwise_committee;
    GRANT EXECUTE ON FUNCTION office_user_name(), pseudonym(text, text) TO stepwise_coordinator, stepwise_dean, stepwise_advisor, stepwise_committee;

    GRANT SELECT, INSERT, UPDATE, DELETE ON students, exam_attempts, practice_exams, advising_notes, action_items, settings, specialties, programs, saved_filters, import_batches TO stepwise_coordinator;
    GRANT SELECT ON audit_log, office_users TO stepwise_coordinator;

    GRANT SELECT ON students, exam_attempts, practice_exams, advising_notes, action_items, settings, specialties, programs, saved_filters, import_batches, audit_log, office_users TO stepwise_dean;
    GRANT INSERT, UPDATE ON advising_notes, action_items TO stepwise_dean;
    GRANT INSERT, UPDATE, DELETE ON saved_filters TO stepwise_dean;

    GRANT SELECT (${directory}) ON students TO stepwise_advisor;
    GRANT UPDATE (first_name, last_name, email, grad_year, applicant_type, target_specialty, backup_specialty, usce_months, us_letters, step1_deadline, notes, custom_fields, checklist, updated_at) ON students TO stepwise_advisor;
    GRANT SELECT, INSERT, UPDATE, DELETE ON exam_attempts, practice_exams, advising_notes, action_items, saved_filters TO stepwise_advisor;
    GRANT SELECT ON settings, specialties, programs, import_batches, audit_log, office_users TO stepwise_advisor;

    GRANT SELECT ON settings, specialties TO stepwise_committee;

    -- Students: everyone who reads, reads every row (advisors only the directory columns, by grant);
    -- an advisor changes only their own students and cannot hand one to someone else.
    CREATE POLICY read_all ON students FOR SELECT TO ${readers} USING (true);
    CREATE POLICY advisor_own ON students FOR UPDATE TO stepwise_advisor
      USING (is_my_student(id)) WITH CHECK (lower(btrim(advisor)) = lower(btrim(office_user_name())));

    -- Exam records: read by all who read; written by an advisor for their own students only.
    CREATE POLICY read_all ON exam_attempts FOR SELECT TO ${readers} USING (true);
    CREATE POLICY advisor_insert ON exam_attempts FOR INSERT TO stepwise_advisor WITH CHECK (is_my_student(student_id));
    CREATE POLICY advisor_update ON exam_attempts FOR UPDATE TO stepwise_advisor USING (is_my_student(student_id)) WITH CHECK (is_my_student(student_id));
    CREATE POLICY advisor_delete ON exam_attempts FOR DELETE TO stepwise_advisor USING (is_my_student(student_id));
    CREATE POLICY read_all ON practice_exams FOR SELECT TO ${readers} USING (true);
    CREATE POLICY advisor_insert ON practice_exams FOR INSERT TO stepwise_advisor WITH CHECK (is_my_student(student_id));
    CREATE POLICY advisor_update ON practice_exams FOR UPDATE TO stepwise_advisor USING (is_my_student(student_id)) WITH CHECK (is_my_student(student_id));
    CREATE POLICY advisor_delete ON practice_exams FOR DELETE TO stepwise_advisor USING (is_my_student(student_id));

    -- Notes: the dean reads all and writes (and edits their own); an advisor keeps their own students' notes.
    CREATE POLICY dean_read ON advising_notes FOR SELECT TO stepwise_dean USING (true);
    CREATE POLICY dean_insert ON advising_notes FOR INSERT TO stepwise_dean WITH CHECK (true);
    CREATE POLICY dean_update ON advising_notes FOR UPDATE TO stepwise_dean USING (author = office_user_name()) WITH CHECK (author = office_user_name());
    CREATE POLICY advisor_own ON advising_notes FOR ALL TO stepwise_advisor USING (is_my_student(student_id)) WITH CHECK (is_my_student(student_id));
    CREATE POLICY dean_read ON action_items FOR SELECT TO stepwise_dean USING (true);
    CREATE POLICY dean_insert ON action_items FOR INSERT TO stepwise_dean WITH CHECK (true);
    CREATE POLICY dean_update ON action_items FOR UPDATE TO stepwise_dean USING (true) WITH CHECK (true);
    CREATE POLICY advisor_own ON action_items FOR ALL TO stepwise_advisor USING (is_my_note(note_id)) WITH CHECK (is_my_note(note_id));

    -- Reference data: read by all who read (the committee too: the rules need it); never the pseudonym key.
    CREATE POLICY read_public ON settings FOR SELECT TO ${readers}, stepwise_committee USING (key <> 'reports.pseudonymKey');
    CREATE POLICY read_all ON specialties FOR SELECT TO ${readers}, stepwise_committee USING (true);
    CREATE POLICY read_all ON programs FOR SELECT TO ${readers} USING (true);
    CREATE POLICY read_all ON import_batches FOR SELECT TO ${readers} USING (true);
    CREATE POLICY shared ON saved_filters FOR ALL TO ${readers} USING (true) WITH CHECK (true);

    -- The audit log: the coordinator and the dean read it all; an advisor, their own actions and their students' history.
    CREATE POLICY read_all ON audit_log FOR SELECT TO stepwise_coordinator, stepwise_dean USING (true);
    CREATE POLICY advisor_read ON audit_log FOR SELECT TO stepwise_advisor USING (actor = session_user OR is_my_student(student_id));

    -- An advisor's own students, every column.
    CREATE VIEW my_students WITH (security_barrier) AS
      SELECT s.* FROM students s JOIN office_users u ON u.login = session_user AND u.role = 'advisor'
      WHERE lower(btrim(s.advisor)) = lower(btrim(u.display_name));
    GRANT SELECT ON my_students TO stepwise_advisor;

    -- The committee's de-identified data: pseudonyms for IDs, no names, contacts, notes or custom fields.
    CREATE VIEW committee_students WITH (security_barrier) AS
      SELECT pseudonym(k.value, s.id) AS student, s.grad_year, s.applicant_type, s.target_specialty, s.backup_specialty, s.usce_months, s.us_letters, s.step1_deadline
      FROM students s, (SELECT value FROM settings WHERE key = 'reports.pseudonymKey' AND effective_from IS NULL) k;
    CREATE VIEW committee_exam_attempts WITH (security_barrier) AS
      SELECT pseudonym(k.value, a.student_id) AS student, a.exam, a.test_date, a.outcome, a.score, a.attempt_order
      FROM exam_attempts a, (SELECT value FROM settings WHERE key = 'reports.pseudonymKey' AND effective_from IS NULL) k;
    CREATE VIEW committee_practice_exams WITH (security_barrier) AS
      SELECT pseudonym(k.value, p.student_id) AS student, p.exam, p.form, p.taken_on, p.score, p.pass_probability
      FROM practice_exams p, (SELECT value FROM settings WHERE key = 'reports.pseudonymKey' AND effective_from IS NULL) k;
    GRANT SELECT ON committee_students, committee_exam_attempts, committee_practice_exams TO stepwise_committee, stepwise_coordinator, stepwise_dean;
  `);
}
