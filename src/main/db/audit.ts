import type { AuditEntry } from '../../shared/domain';
import type { Statement } from 'better-sqlite3';
import type { Db } from './open';

/** Who is making a change and why (e.g. "import roster.xlsx"); every write carries one. */
export interface AuditContext {
  actor: string;
  context: string | null;
}

export interface AuditRecord {
  action: AuditEntry['action'];
  entity: string;
  entityId: string;
  field?: string | null;
  oldValue?: unknown;
  newValue?: unknown;
}

function asText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

const statements = new WeakMap<Db, Statement<unknown[]>>();

export function writeAudit(db: Db, who: AuditContext, rec: AuditRecord, at: string = new Date().toISOString()): void {
  let stmt = statements.get(db);
  if (!stmt) {
    stmt = db.prepare(
      `INSERT INTO audit_log (at, actor, action, entity, entity_id, field, old_value, new_value, context)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    statements.set(db, stmt);
  }
  stmt.run(at, who.actor, rec.action, rec.entity, rec.entityId, rec.field ?? null, asText(rec.oldValue), asText(rec.newValue), who.context);
}

/**
 * What a delete row keeps of a record: the record, and the import batch that created it (migration
 * 0003), so the record's history still names the file it came from once the record is gone.
 */
export function deletedRecord(db: Db, table: 'students' | 'exam_attempts' | 'practice_exams', id: string | number, record: object): object {
  const batch = db.prepare(`SELECT import_batch FROM ${table} WHERE id = ?`).pluck().get(id) as number | null | undefined;
  return batch == null ? record : { ...record, importBatch: batch };
}

/** One audit row per field whose value changed; returns the names of the changed fields. */
export function auditChanges<T extends object>(db: Db, who: AuditContext, entity: string, entityId: string, before: T, after: T): string[] {
  const changed: string[] = [];
  const at = new Date().toISOString();
  for (const field of Object.keys(after) as (keyof T & string)[]) {
    const a = asText(before[field]);
    const b = asText(after[field]);
    if (a !== b) {
      changed.push(field);
      writeAudit(db, who, { action: 'update', entity, entityId, field, oldValue: a, newValue: b }, at);
    }
  }
  return changed;
}

export interface AuditQuery {
  entity?: string;
  entityId?: string;
  actor?: string;
  since?: string;
  limit: number;
  offset: number;
}

export function listAudit(db: Db, q: AuditQuery): { total: number; entries: AuditEntry[] } {
  const where: string[] = [];
  const params: Record<string, unknown> = { limit: q.limit, offset: q.offset };
  if (q.entity) (where.push('entity = @entity'), (params.entity = q.entity));
  if (q.entityId) (where.push('entity_id = @entityId'), (params.entityId = q.entityId));
  if (q.actor) (where.push('actor = @actor'), (params.actor = q.actor));
  if (q.since) (where.push('at >= @since'), (params.since = q.since));
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = (db.prepare(`SELECT count(*) AS n FROM audit_log ${clause}`).get(params) as { n: number }).n;
  const entries = db
    .prepare(
      `SELECT id, at, actor, action, entity, entity_id AS entityId, field, old_value AS oldValue, new_value AS newValue, context
       FROM audit_log ${clause} ORDER BY id DESC LIMIT @limit OFFSET @offset`,
    )
    .all(params) as AuditEntry[];
  return { total, entries };
}
