import { and, desc, eq } from 'drizzle-orm';
import type { Db } from './db';
import { organisers, revisions } from './db/schema';

export type RevisionAction = 'create' | 'update' | 'archive' | 'unarchive' | 'restore';

/** Keeps one save of an entity, whole, as JSON. */
export function recordRevision(
	db: Db,
	entry: { entity: 'event' | 'post'; entityId: number; version: number; organiserId: number | null; action: RevisionAction; snapshot: unknown },
	now = Date.now()
) {
	db.insert(revisions)
		.values({ ...entry, snapshot: JSON.stringify(entry.snapshot), createdAt: now })
		.run();
}

export type RevisionSummary = {
	id: number;
	version: number;
	action: string;
	createdAt: number;
	organiserName: string | null;
};

/** The saves of an entity, newest first, with who made them. */
export function listRevisions(db: Db, entity: 'event' | 'post', entityId: number): RevisionSummary[] {
	return db
		.select({
			id: revisions.id,
			version: revisions.version,
			action: revisions.action,
			createdAt: revisions.createdAt,
			organiserName: organisers.name
		})
		.from(revisions)
		.leftJoin(organisers, eq(organisers.id, revisions.organiserId))
		.where(and(eq(revisions.entity, entity), eq(revisions.entityId, entityId)))
		.orderBy(desc(revisions.id))
		.all();
}

export function findRevision<T>(db: Db, entity: 'event' | 'post', entityId: number, id: number): (RevisionSummary & { snapshot: T }) | null {
	const row = db
		.select({
			id: revisions.id,
			version: revisions.version,
			action: revisions.action,
			createdAt: revisions.createdAt,
			organiserName: organisers.name,
			snapshot: revisions.snapshot
		})
		.from(revisions)
		.leftJoin(organisers, eq(organisers.id, revisions.organiserId))
		.where(and(eq(revisions.entity, entity), eq(revisions.entityId, entityId), eq(revisions.id, id)))
		.get();
	return row ? { ...row, snapshot: JSON.parse(row.snapshot) as T } : null;
}
