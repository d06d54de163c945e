import type { Actor } from '../auth/policy';
import type { Db } from '../db';
import * as merge from './merge';
import * as revisions from './revisions';

/*
 * What every versioned record (events, posts) does alike: settle a save made from an older
 * version against what was saved since, and write a new version with its revision. Each module
 * says how its records are shaped; the rules are here once.
 */

type Entity = 'event' | 'post';

/**
 * `actor`: who saves, checked against the policy (auth/policy.ts) before anything is written
 * and named in the revision; the hub itself (seed, command line, tests) when not given.
 */
export type SaveOptions = { now?: number; actor?: Actor };

/** How a save went: written as typed, written with another organiser's changes merged in, or nothing to write. */
export type SaveOutcome = 'saved' | 'merged' | 'unchanged';

/** What an edit of a record's content may say besides the content. */
export type EditOptions = SaveOptions & {
	/** The version the editor started from; a stale one is merged (three-way) or refused. */
	expectedVersion?: number;
	action?: revisions.RevisionAction;
	/** Store and publish in one write ("Publish" on a draft's editor). */
	publish?: boolean;
	/** Keys (contentFields) the organiser chose to take from the stored version after a conflict. */
	takeTheirs?: string[];
	/** false: a stale save is refused whole (restoring a revision is not an edit to merge). */
	mergeStale?: boolean;
};
type Versioned = { id: number; version: number; updatedAt: number };

/** How a kind of record is read as content fields, and how its conflicts are raised. */
export type Shape<Input extends { slug?: string }, Record> = {
	entity: Entity;
	fields(input: Input): merge.Flat;
	fromFields(flat: merge.Flat): Input;
	/** A revision's snapshot as an input (old snapshots may be shaped differently). */
	fromSnapshot(snapshot: unknown): Input;
	toInput(record: Record): Input;
	conflict(current: Record, fields?: string[], merged?: Input): Error;
};

export type Settling = {
	/** The version the editor started from; undefined: no check (scripts, seed). */
	expectedVersion?: number;
	/** Fields the organiser chose to take from the stored version after a conflict. */
	takeTheirs: string[];
	/** false: a stale save is refused whole (restoring a revision is not an edit to merge). */
	mergeStale: boolean;
};

/**
 * The input to store for `mine`, an edit of `current`. A save started from an older version is
 * merged with what was saved since, from the version both started from: a field only one side
 * changed is taken from that side; fields both changed differently raise the shape's conflict,
 * carrying the merged input, and nothing is written.
 */
export function settle<Input extends { slug?: string }, Record extends Versioned>(
	db: Db,
	shape: Shape<Input, Record>,
	current: Record,
	mine: Input,
	{ expectedVersion, takeTheirs, mergeStale }: Settling
): { input: Input; merged: boolean } {
	if (expectedVersion === undefined) return { input: mine, merged: false };
	const stale = current.version !== expectedVersion;
	if (!stale && takeTheirs.length === 0) return { input: mine, merged: false };
	if (stale && !mergeStale) throw shape.conflict(current);
	const theirs = shape.fields(shape.toInput(current));
	const started = stale
		? revisions.findSnapshotOfVersion<unknown>(db, shape.entity, current.id, expectedVersion)
		: null;
	const base = stale ? (started ? shape.fields(shape.fromSnapshot(started)) : null) : theirs;
	// An empty slug keeps the one the editor started from.
	const ours = shape.fields({ ...mine, slug: mine.slug || String((base ?? theirs).slug) });
	for (const key of takeTheirs) if (base && key in base) ours[key] = base[key]!;
	const { merged, conflicts } = stale
		? merge.threeWay(base, ours, theirs)
		: { merged: ours, conflicts: [] };
	if (conflicts.length > 0) throw shape.conflict(current, conflicts, shape.fromFields(merged));
	return { input: shape.fromFields(merged), merged: stale };
}

/** The version and time a new version of `current` gets: updatedAt never goes backwards (calendars order by it). */
export function nextStamp(current: Versioned, now: number) {
	return { version: current.version + 1, updatedAt: Math.max(now, current.updatedAt + 1) };
}

/**
 * Writes a new version of `current` (`write` updates its rows with the stamp given) and records
 * the revision that names what it did, whole, so it can be read and restored.
 */
export function write<Row extends Versioned, Full>(
	db: Db,
	plan: {
		entity: Entity;
		current: Versioned;
		actor: Actor;
		action: revisions.RevisionAction;
		now: number;
		write(stamp: { version: number; updatedAt: number }): Row;
		load(row: Row): Full;
		snapshot(full: Full): unknown;
		/** The content fields the save changed, for the history. */
		fields?(full: Full): string[];
	}
): Full {
	const row = plan.write(nextStamp(plan.current, plan.now));
	const full = plan.load(row);
	revisions.recordRevision(
		db,
		{
			entity: plan.entity,
			entityId: row.id,
			version: row.version,
			accountId: plan.actor.id,
			action: plan.action,
			fields: plan.fields?.(full),
			snapshot: plan.snapshot(full)
		},
		plan.now
	);
	return full;
}
