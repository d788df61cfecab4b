/**
 * Rows read with COPY … TO STDOUT (store/postgres/copy-out.ts) are the rows a SELECT returns: every
 * type the office schema uses (text with tabs, newlines, backslashes and characters of several
 * bytes; NULL and empty text; integers, reals, booleans, dates, instants, JSON), across the stream's
 * chunk boundaries (a table of many rows), and under row-level security (a role that sees some rows).
 */
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { domainTypes } from '../../src/main/store/postgres/connect';
import { copyRows, copyTextField } from '../../src/main/store/postgres/copy-out';
import { createTestDatabase, describePostgres, type TestDatabase } from '../pg/databases';

it('decodes COPY text fields: \\N is NULL, escapes are the characters they stand for', () => {
  expect(copyTextField('\\N')).toBeNull();
  expect(copyTextField('')).toBe('');
  expect(copyTextField('a\\tb\\nc\\\\d\\re\\bf\\fg\\vh')).toBe('a\tb\nc\\d\re\bf\fg\vh');
  expect(copyTextField('\\\\N')).toBe('\\N');
});

describePostgres('COPY out of PostgreSQL', (cluster) => {
  let d: TestDatabase;
  let client: pg.Client;
  const role = `copy_out_reader_${process.pid}`;

  beforeAll(async () => {
    d = await createTestDatabase(cluster);
    client = new pg.Client({ ...d.config, types: domainTypes });
    await client.connect();
    await client.query(`CREATE TABLE t (id int PRIMARY KEY, txt text, n double precision, b boolean, day date, at timestamptz, j jsonb, big bigint)`);
    const awkward = ['plain', 'tab\there', 'new\nline', 'back\\slash', '\\N', '', 'Zoë Ångström 東京 😀', 'quote " and \' and ,', 'cr\r\nlf', '\\t literal'];
    await client.query(
      `INSERT INTO t SELECT g, CASE WHEN g % 11 = 0 THEN NULL ELSE ($1::text[])[1 + g % 10] || g END, g / 7.0, g % 3 = 0, DATE '2026-01-01' + g % 400,
         TIMESTAMPTZ '2026-05-01 12:34:56.789+00' + g * interval '1 minute', jsonb_build_object('k', $1::text[], 'g', g), g::bigint * 1000000
       FROM generate_series(1, 20000) g`,
      [awkward],
    );
    await client.query(`INSERT INTO t (id) VALUES (0)`);
  });
  afterAll(async () => {
    await client?.query(`DROP OWNED BY ${role}`).catch(() => undefined);
    await client?.query(`DROP ROLE IF EXISTS ${role}`).catch(() => undefined);
    await client?.end();
    await d?.drop();
  });

  const select = 'SELECT id, txt, n, b, day, at, j, big FROM t ORDER BY id';

  it('gives exactly the rows and values a SELECT gives', async () => {
    const expected = (await client.query({ text: select, rowMode: 'array' })).rows;
    const got: unknown[][] = [];
    const n = await copyRows(client, select, (row) => got.push(row));
    expect(n).toBe(20001);
    expect(got).toEqual(expected);
    // Spot checks that the comparison is not of two wrong things.
    expect(got[0]).toEqual([0, null, null, null, null, null, null, null]);
    expect(got[1]).toEqual([1, 'tab\there1', 1 / 7, false, '2026-01-02', '2026-05-01T12:35:56.789Z', { k: expect.any(Array), g: 1 }, 1000000]);
  });

  it('gives instants as a SELECT does in any time zone, to the millisecond as Date gives them', async () => {
    const select = `SELECT at FROM (VALUES (TIMESTAMPTZ '2026-05-01 12:34:56.789999+00'), (TIMESTAMPTZ '2026-05-01 12:34:56+00'), (TIMESTAMPTZ '1999-12-31 23:59:59.5+00'),
      (TIMESTAMPTZ '2026-03-29 01:30:00.12+00'), (TIMESTAMPTZ '2026-11-01 06:59:59.000001+00'), (NULL)) v(at)`;
    for (const zone of ['UTC', 'America/Chicago', 'Asia/Kolkata']) {
      await client.query(`SET TIME ZONE '${zone}'`);
      const expected = (await client.query({ text: select, rowMode: 'array' })).rows;
      const got: unknown[][] = [];
      await copyRows(client, select, (row) => got.push(row));
      expect(got, zone).toEqual(expected);
      expect(got[0], zone).toEqual(['2026-05-01T12:34:56.789Z']);
    }
    await client.query('RESET TIME ZONE');
  });

  it('reads only the rows row-level security lets the session read', async () => {
    await client.query(`CREATE ROLE ${role} LOGIN`);
    await client.query(`GRANT SELECT ON t TO ${role}`);
    await client.query(`ALTER TABLE t ENABLE ROW LEVEL SECURITY`);
    await client.query(`CREATE POLICY few ON t FOR SELECT TO ${role} USING (id % 1000 = 0)`);
    const reader = new pg.Client({ ...d.config, user: role, types: domainTypes });
    await reader.connect();
    try {
      const got: unknown[][] = [];
      await copyRows(reader, 'SELECT id FROM t ORDER BY id', (row) => got.push(row));
      expect(got).toEqual(Array.from({ length: 21 }, (_, i) => [i * 1000]));
    } finally {
      await reader.end();
    }
  });
});
