import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../db';
import { accounts, revisions } from '../db/schema';

/** What a save did, as its history entry names it. */
export const REVISION_ACTIONS = [
	'create',
	'update',
	'publish',
	'unpublish',
	'cancel',
	'reinstate',
	'archive',
	'unarchive',
	'restore'
] as const;
export type RevisionAction = (typeof REVISION_ACTIONS)[number];

/** Keeps one save of an entity, whole, as JSON. */
export function recordRevision(
	db: Db,
	entry: {
		entity: 'event' | 'post';
		entityId: number;
		version: number;
		accountId: number | null;
		action: RevisionAction;
		snapshot: unknown;
		fields?: string[];
	},
	now = Date.now()
) {
	db.insert(revisions)
		.values({
			...entry,
			fields: entry.fields ? JSON.stringify(entry.fields) : null,
			snapshot: JSON.stringify(entry.snapshot),
			createdAt: now
		})
		.run();
}

export type RevisionSummary = {
	id: number;
	version: number;
	action: string;
	/** The content fields the save changed; [] when unknown (revisions older than the column). */
	fields: string[];
	createdAt: number;
	authorName: string | null;
};

/** Field keys renamed since revisions were first kept: an older revision names them as today. */
const RENAMED_FIELDS: Record<string, string> = { organiser: 'host' };

function fieldsOf(raw: string | null): string[] {
	if (!raw) return [];
	const parsed: unknown = JSON.parse(raw);
	return Array.isArray(parsed)
		? parsed.filter((f): f is string => typeof f === 'string').map((f) => RENAMED_FIELDS[f] ?? f)
		: [];
}

/** The saves of an entity, newest first, with who made them. */
export function listRevisions(
	db: Db,
	entity: 'event' | 'post',
	entityId: number
): RevisionSummary[] {
	return db
		.select({
			id: revisions.id,
			version: revisions.version,
			action: revisions.action,
			fields: revisions.fields,
			createdAt: revisions.createdAt,
			authorName: accounts.name
		})
		.from(revisions)
		.leftJoin(accounts, eq(accounts.id, revisions.accountId))
		.where(and(eq(revisions.entity, entity), eq(revisions.entityId, entityId)))
		.orderBy(desc(revisions.id))
		.all()
		.map((row) => ({ ...row, fields: fieldsOf(row.fields) }));
}

export function findRevision<T>(
	db: Db,
	entity: 'event' | 'post',
	entityId: number,
	id: number
): (RevisionSummary & { snapshot: T }) | null {
	const row = db
		.select({
			id: revisions.id,
			version: revisions.version,
			action: revisions.action,
			fields: revisions.fields,
			createdAt: revisions.createdAt,
			authorName: accounts.name,
			snapshot: revisions.snapshot
		})
		.from(revisions)
		.leftJoin(accounts, eq(accounts.id, revisions.accountId))
		.where(
			and(eq(revisions.entity, entity), eq(revisions.entityId, entityId), eq(revisions.id, id))
		)
		.get();
	return row
		? { ...row, fields: fieldsOf(row.fields), snapshot: JSON.parse(row.snapshot) as T }
		: null;
}

/** The revisions that saved `version` of an entity (one, unless history was rewritten). */
function ofVersion(entity: 'event' | 'post', entityId: number, version: number) {
	return and(
		eq(revisions.entity, entity),
		eq(revisions.entityId, entityId),
		eq(revisions.version, version)
	);
}

/** The snapshot saved as `version` of an entity: the version an editor started from. */
export function findSnapshotOfVersion<T>(
	db: Db,
	entity: 'event' | 'post',
	entityId: number,
	version: number
): T | null {
	const row = db
		.select({ snapshot: revisions.snapshot })
		.from(revisions)
		.where(ofVersion(entity, entityId, version))
		.orderBy(desc(revisions.id))
		.get();
	return row ? (JSON.parse(row.snapshot) as T) : null;
}

/** Who saved `version` of an entity, and when: what a conflict names. */
export function whoSaved(
	db: Db,
	entity: 'event' | 'post',
	entityId: number,
	version: number
): { authorName: string | null; createdAt: number } | null {
	return (
		db
			.select({ authorName: accounts.name, createdAt: revisions.createdAt })
			.from(revisions)
			.leftJoin(accounts, eq(accounts.id, revisions.accountId))
			.where(ofVersion(entity, entityId, version))
			.orderBy(desc(revisions.id))
			.get() ?? null
	);
}

/** A restore asked for a revision the entity does not have. */
export class RevisionNotFoundError extends Error {
	constructor(entity: 'event' | 'post', entityId: number, revisionId: number) {
		super(`No revision ${revisionId} of ${entity} ${entityId}`);
		this.name = 'RevisionNotFoundError';
	}
}
