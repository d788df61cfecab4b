import type { RosterPage, RosterQuery, RosterRow } from '../../shared/api/students';
import type { Db } from './open';

type ParsedRosterQuery = Required<Pick<RosterQuery, 'sort' | 'direction' | 'offset' | 'limit'>> & RosterQuery;

/** Step 1 status; a COMLEX Level 1 pass meets Step 1 for DO students (RULES.md §2). */
const STEP1_STATUS = `(
  SELECT CASE
    WHEN sum(a.outcome = 'PASS') > 0 THEN 'passed'
    WHEN sum(a.outcome IN ('FAIL', 'INCOMPLETE')) > 0 THEN 'failed'
    WHEN sum(a.outcome = 'PENDING') > 0 THEN 'pending'
    WHEN sum(a.outcome = 'SCHEDULED') > 0 THEN 'scheduled'
    ELSE 'not yet' END
  FROM exam_attempts a
  WHERE a.student_id = s.id AND (a.exam = 'STEP1' OR (a.exam = 'COMLEX1' AND s.applicant_type = 'US_DO'))
)`;
const CK_LATEST = `(SELECT a.score FROM exam_attempts a WHERE a.student_id = s.id AND a.exam = 'STEP2CK' AND a.score IS NOT NULL ORDER BY a.test_date DESC LIMIT 1)`;
const CK_DATE = `(SELECT max(a.test_date) FROM exam_attempts a WHERE a.student_id = s.id AND a.exam = 'STEP2CK')`;

const SORT_SQL: Record<ParsedRosterQuery['sort'], string> = {
  id: 's.id',
  name: 's.last_name COLLATE NOCASE, s.first_name COLLATE NOCASE',
  gradYear: 's.grad_year',
  applicantType: 's.applicant_type',
  targetSpecialty: 's.target_specialty COLLATE NOCASE',
  advisor: 's.advisor COLLATE NOCASE',
  step1: 'step1',
  ckScore: 'ck_score',
  ckDate: 'ck_date',
};

export function queryRoster(db: Db, q: ParsedRosterQuery): RosterPage {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (q.search?.trim()) {
    where.push(`(s.id LIKE @search ESCAPE '\\' OR s.first_name LIKE @search ESCAPE '\\' OR s.last_name LIKE @search ESCAPE '\\' OR (s.first_name || ' ' || s.last_name) LIKE @search ESCAPE '\\' OR s.email LIKE @search ESCAPE '\\')`);
    params.search = `%${q.search.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  }
  if (q.gradYears?.length) {
    where.push(`s.grad_year IN (${q.gradYears.map((_, i) => `@y${i}`).join(', ')})`);
    q.gradYears.forEach((y, i) => (params[`y${i}`] = y));
  }
  if (q.advisor) (where.push('s.advisor = @advisor'), (params.advisor = q.advisor));
  if (q.applicantType) (where.push('s.applicant_type = @applicantType'), (params.applicantType = q.applicantType));
  if (q.targetSpecialty) (where.push('s.target_specialty = @target COLLATE NOCASE'), (params.target = q.targetSpecialty));
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = (db.prepare(`SELECT count(*) AS n FROM students s ${clause}`).get(params) as { n: number }).n;
  const dir = q.direction === 'desc' ? 'DESC' : 'ASC';
  const order = SORT_SQL[q.sort]
    .split(', ')
    .map((c) => `${c} ${dir}`)
    .join(', ');
  const rows = db
    .prepare(
      `SELECT s.id, s.first_name AS firstName, s.last_name AS lastName, s.grad_year AS gradYear, s.applicant_type AS applicantType,
              s.target_specialty AS targetSpecialty, s.advisor, ${STEP1_STATUS} AS step1, ${CK_LATEST} AS ck_score, ${CK_DATE} AS ck_date
       FROM students s ${clause}
       ORDER BY ${order}, s.id ${dir}
       LIMIT @limit OFFSET @offset`,
    )
    .all({ ...params, limit: q.limit, offset: q.offset }) as (Omit<RosterRow, 'ckScore' | 'ckDate'> & { ck_score: number | null; ck_date: string | null })[];
  return {
    total,
    offset: q.offset,
    rows: rows.map(({ ck_score, ck_date, ...r }) => ({ ...r, ckScore: ck_score, ckDate: ck_date })),
  };
}
