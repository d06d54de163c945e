import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, gt, inArray, isNull, lte, sql } from 'drizzle-orm';
import { CONTENT_LOCALES, type ContentLocale } from '$lib/content';
import { addDays, isIsoDate, startOfDayUtc } from '$lib/time';
import * as timezones from '$lib/timezones';
import type { Db } from '../db';
import { eventTexts, events, type EventRow, type EventStatus } from '../db/schema';
import { authorize, SYSTEM, type Actor } from '../auth/policy';
import * as merge from './merge';
import * as revisions from './revisions';
import * as slugs from './slugs';
import * as text from './text';
import { inSlices } from './slices';
import { idList, inIds, preparedFor } from '../db/prepared';
import * as versions from './versions';

/** One language's texts. Venue and city are per language too: "Bruxelles" and "Brussels". */
export type EventText = {
	title: string;
	summary: string;
	description: string;
	venue: string;
	city: string;
};

export type HubEvent = EventRow & { texts: Partial<Record<ContentLocale, EventText>> };

export type EventInput = {
	/** Made from the title when empty. */
	slug?: string;
	allDay: boolean;
	/** All-day: first day YYYY-MM-DD. Timed: an ISO 8601 instant. */
	start: string;
	/** All-day: last day YYYY-MM-DD, inclusive. Timed: an ISO 8601 instant. */
	end: string;
	timeZone: string;
	country?: string | null;
	/** Who holds the event, as free text ("Organised by"). */
	host?: string | null;
	status?: EventStatus;
	texts: Partial<Record<ContentLocale, TextInput>>;
};

export type TextInput = {
	title: string;
	summary?: string;
	description?: string;
	venue?: string | null;
	city?: string | null;
};

export type EventInputProblem =
	| {
			field:
				| 'slug'
				| 'start'
				| 'end'
				| 'timeZone'
				| 'country'
				| 'status'
				| 'texts'
				| 'title_fr'
				| 'title_en';
			code: 'required' | 'invalid' | 'before_start' | 'taken';
	  }
	| { field: LongField; code: 'too_long'; max: number };

type LongField =
	`${'title' | 'summary' | 'description' | 'venue' | 'city'}_${ContentLocale}` | 'host' | 'slug';

/**
 * A save made from an older version than the stored one, that both changed in the same fields:
 * nothing was written. `fields` are the keys (contentFields) both changed differently; `merged`
 * is the save with every other change of theirs applied, to show in the form.
 */
export class EventConflictError extends Error {
	constructor(
		readonly current: HubEvent,
		readonly fields: string[] = [],
		readonly merged: EventInput | null = null
	) {
		super(`Event ${current.id} has changed since (now version ${current.version})`);
		this.name = 'EventConflictError';
	}
}

export type { EditOptions, SaveOptions, SaveOutcome } from './versions';
type SaveOptions = versions.SaveOptions;
type SaveOutcome = versions.SaveOutcome;

export class EventInputError extends Error {
	constructor(readonly problems: EventInputProblem[]) {
		super(`Invalid event: ${problems.map((p) => `${p.field} ${p.code}`).join(', ')}`);
		this.name = 'EventInputError';
	}
}

const SLUG_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** Every problem with `input`, empty when it can be stored. */
export function checkInput(input: EventInput): EventInputProblem[] {
	const problems: EventInputProblem[] = [];
	if (input.slug && text.tooLong(input.slug, 'slug'))
		problems.push({ field: 'slug', code: 'too_long', max: text.MAX_LENGTH.slug });
	else if (input.slug && !SLUG_RE.test(input.slug))
		problems.push({ field: 'slug', code: 'invalid' });

	if (!timezones.canonicalTimeZone(input.timeZone))
		problems.push({ field: 'timeZone', code: 'invalid' });

	const valid = input.allDay
		? isIsoDate
		: (v: string) => INSTANT_RE.test(v) && !Number.isNaN(Date.parse(v));
	if (!input.start) problems.push({ field: 'start', code: 'required' });
	else if (!valid(input.start)) problems.push({ field: 'start', code: 'invalid' });
	if (!input.end) problems.push({ field: 'end', code: 'required' });
	else if (!valid(input.end)) problems.push({ field: 'end', code: 'invalid' });
	else if (valid(input.start)) {
		const ordered = input.allDay
			? input.end >= input.start
			: Date.parse(input.end) > Date.parse(input.start);
		if (!ordered) problems.push({ field: 'end', code: 'before_start' });
	}

	if (input.country && !/^[A-Z]{2}$/.test(input.country))
		problems.push({ field: 'country', code: 'invalid' });
	if (input.status && input.status !== 'scheduled' && input.status !== 'cancelled') {
		problems.push({ field: 'status', code: 'invalid' });
	}
	if (!CONTENT_LOCALES.some((l) => input.texts[l]?.title.trim()))
		problems.push({ field: 'texts', code: 'required' });
	// A text without a title would not be stored: refuse it rather than drop it.
	for (const l of CONTENT_LOCALES) {
		const t = input.texts[l];
		if (
			t &&
			!t.title.trim() &&
			(t.summary?.trim() || t.description?.trim() || t.venue?.trim() || t.city?.trim())
		)
			problems.push({ field: `title_${l}`, code: 'required' });
	}
	const tooLong = (field: LongField, value: string | null | undefined, kind: text.LengthKind) => {
		if (text.tooLong(value, kind))
			problems.push({ field, code: 'too_long', max: text.MAX_LENGTH[kind] });
	};
	for (const l of CONTENT_LOCALES) {
		tooLong(`title_${l}`, input.texts[l]?.title, 'title');
		tooLong(`summary_${l}`, input.texts[l]?.summary, 'summary');
		tooLong(`description_${l}`, input.texts[l]?.description, 'description');
		tooLong(`venue_${l}`, input.texts[l]?.venue, 'line');
		tooLong(`city_${l}`, input.texts[l]?.city, 'line');
	}
	tooLong('host', input.host, 'line');
	return problems;
}

const cleanOptional = (value: string | null | undefined) =>
	value == null ? value : text.cleanLine(value);

/**
 * `input` with its free text cleaned (text.ts): one-line fields on one line, nothing a feed or
 * calendar forbids. The fields checked against a strict pattern (dates, zone, country) are
 * left as given, so a stray character there is refused rather than hidden; a known zone is
 * spelled by its one current name, so feeds never show two TZIDs for one zone.
 */
function cleanEventInput(input: EventInput): EventInput {
	const texts: EventInput['texts'] = {};
	for (const locale of CONTENT_LOCALES) {
		const t = input.texts[locale];
		if (!t) continue;
		texts[locale] = {
			title: text.cleanLine(t.title),
			summary: cleanOptional(t.summary) ?? undefined,
			description: t.description === undefined ? undefined : text.cleanText(t.description),
			venue: cleanOptional(t.venue),
			city: cleanOptional(t.city)
		};
	}
	return {
		...input,
		timeZone: timezones.canonicalTimeZone(input.timeZone) ?? input.timeZone,
		slug: cleanOptional(input.slug) ?? undefined,
		host: cleanOptional(input.host),
		texts
	};
}

/** The span as UTC milliseconds, end exclusive: an all-day event ends at the next local midnight. */
export function spanInstants(input: Pick<EventInput, 'allDay' | 'start' | 'end' | 'timeZone'>) {
	if (input.allDay) {
		return {
			startsAt: startOfDayUtc(input.start, input.timeZone),
			endsAt: startOfDayUtc(addDays(input.end, 1), input.timeZone)
		};
	}
	return { startsAt: Date.parse(input.start), endsAt: Date.parse(input.end) };
}

function slugTaken(db: Db, slug: string, exceptId?: number): boolean {
	const row = db.select({ id: events.id }).from(events).where(eq(events.slug, slug)).get();
	return Boolean(row && row.id !== exceptId);
}

/** Every problem with `input`, a slug another event has included: what a form reports at once. */
export function findProblems(db: Db, given: EventInput, exceptId?: number): EventInputProblem[] {
	try {
		validate(db, cleanEventInput(given), exceptId);
		return [];
	} catch (error) {
		if (error instanceof EventInputError) return error.problems;
		throw error;
	}
}

/** Checks `input` and settles its slug (given and free, or made from the title). */
function validate(db: Db, input: EventInput, exceptId?: number): string {
	const problems = checkInput(input);
	let slug = input.slug ?? '';
	// Checked with every other problem, so that one round trip shows them all.
	if (slug && !problems.some((p) => p.field === 'slug') && slugTaken(db, slug, exceptId))
		problems.push({ field: 'slug', code: 'taken' });
	if (problems.length === 0 && !slug) {
		const title = input.texts.fr?.title.trim() || input.texts.en?.title.trim() || '';
		slug = slugs.uniqueSlug(slugs.slugify(title), (s) => slugTaken(db, s, exceptId));
	}
	if (problems.length > 0) throw new EventInputError(problems);
	return slug;
}

function normalise(input: EventInput, slug: string, status: EventStatus = 'scheduled') {
	const instants = spanInstants(input);
	return {
		slug,
		allDay: input.allDay,
		start: input.allDay ? input.start : new Date(instants.startsAt).toISOString(),
		end: input.allDay ? input.end : new Date(instants.endsAt).toISOString(),
		timeZone: input.timeZone,
		...instants,
		country: input.country || null,
		host: input.host?.trim() || null,
		status: input.status ?? status
	};
}

function textRows(eventId: number, texts: EventInput['texts']) {
	return CONTENT_LOCALES.flatMap((locale) => {
		const t = texts[locale];
		if (!t?.title.trim()) return [];
		return [
			{
				eventId,
				locale,
				title: t.title.trim(),
				summary: t.summary?.trim() ?? '',
				description: t.description ?? '',
				venue: t.venue?.trim() ?? '',
				city: t.city?.trim() ?? ''
			}
		];
	});
}

/** Stores a new event with its texts, all or nothing. */
export function create(
	db: Db,
	given: EventInput,
	{ now = Date.now(), actor = SYSTEM, draft = false }: SaveOptions & { draft?: boolean } = {}
): HubEvent {
	authorize(actor, 'create', { type: 'event' });
	const input = cleanEventInput(given);
	const slug = validate(db, input);
	return db.transaction((tx) => {
		const txDb = tx as unknown as Db;
		const row = tx
			.insert(events)
			.values({
				...normalise(input, slug),
				uid: `${randomUUID()}@rencontres`,
				draft,
				sequence: 0,
				version: 1,
				createdAt: now,
				updatedAt: now
			})
			.returning()
			.get();
		const texts = textRows(row.id, input.texts);
		if (texts.length > 0) tx.insert(eventTexts).values(texts).run();
		slugs.forgetOldSlug(txDb, 'event', slug);
		const event = withTexts(txDb, [row])[0]!;
		revisions.recordRevision(
			txDb,
			{
				entity: 'event',
				entityId: row.id,
				version: 1,
				accountId: actor.id,
				action: 'create',
				snapshot: snapshotOf(event)
			},
			now
		);
		return event;
	});
}

/** Fields whose change calendars must hear about: SEQUENCE rises when one of them moves. */
const SCHEDULE_FIELDS = ['allDay', 'start', 'end', 'timeZone', 'country', 'status'] as const;
/** The same for each language's texts: a calendar's LOCATION is made of them. */
const PLACE_FIELDS = ['venue', 'city'] as const;
/** Every stored field of an event row that a save sets. */
const SAVED_FIELDS = [...SCHEDULE_FIELDS, 'slug', 'startsAt', 'endsAt', 'host'] as const;
const TEXT_FIELDS = ['title', 'summary', 'description', ...PLACE_FIELDS] as const;

type TextRow = ReturnType<typeof textRows>[number];

/** Whether each language's place (venue, city) differs between the stored texts and the new rows. */
function placeChanged(current: HubEvent['texts'], rows: TextRow[]): boolean {
	return CONTENT_LOCALES.some((locale) => {
		const before = current[locale];
		const after = rows.find((r) => r.locale === locale);
		return PLACE_FIELDS.some((f) => (before?.[f] ?? '') !== (after?.[f] ?? ''));
	});
}

function textsChanged(current: HubEvent['texts'], rows: TextRow[]): boolean {
	return CONTENT_LOCALES.some((locale) => {
		const before = current[locale];
		const after = rows.find((r) => r.locale === locale);
		if (!before || !after) return Boolean(before) !== Boolean(after);
		return TEXT_FIELDS.some((f) => before[f] !== after[f]);
	});
}

type EditOptions = versions.EditOptions;

/**
 * Saves an event's content: its fields and texts, never its status (`input.status` is ignored:
 * changeState and setArchived are the status actions). SEQUENCE rises when time, place or status changed, so
 * calendar clients replace their copy instead of ignoring the update.
 *
 * A save started from an older version (`expectedVersion`) is merged with what was saved since,
 * from the version both started from: a field only one side changed is taken from that side;
 * fields both changed differently make an EventConflictError and nothing is written.
 */
export function edit(
	db: Db,
	id: number,
	given: EventInput,
	options: EditOptions = {}
): { event: HubEvent; outcome: SaveOutcome; published: boolean } {
	const {
		now = Date.now(),
		actor = SYSTEM,
		expectedVersion,
		publish = false,
		takeTheirs = [],
		mergeStale = true
	} = options;
	authorize(actor, options.action === 'restore' ? 'restore' : publish ? 'publish' : 'edit', {
		type: 'event',
		id
	});
	// Content only, whatever the input says: a form opened before a cancellation must not undo it.
	let input: EventInput = { ...cleanEventInput(given), status: undefined };
	return db.transaction((tx) => {
		const txDb = tx as unknown as Db;
		const current = findById(txDb, id);
		if (!current) throw new Error(`No event ${id}`);
		const settled = versions.settle(txDb, SHAPE, current, input, {
			expectedVersion,
			takeTheirs,
			mergeStale
		});
		input = settled.input;
		const outcome: SaveOutcome = settled.merged ? 'merged' : 'saved';
		const slug = validate(txDb, { ...input, slug: input.slug || current.slug }, id);
		const next = normalise(input, slug, current.status);
		const texts = textRows(id, input.texts);
		// An archived draft stays one: published, the feed would carry it (as a cancellation).
		const publishing = publish && current.draft && current.archivedAt === null;
		// A save that changes nothing writes nothing: no new version, revision or updatedAt, so
		// the page's Last-Modified and the calendars' DTSTAMP/LAST-MODIFIED stay put and
		// subscribed calendars are not made to re-sync for nothing.
		if (
			!publishing &&
			!SAVED_FIELDS.some((f) => current[f] !== next[f]) &&
			!textsChanged(current.texts, texts)
		) {
			return { event: current, outcome: 'unchanged', published: false };
		}
		const rescheduled =
			SCHEDULE_FIELDS.some((f) => current[f] !== next[f]) || placeChanged(current.texts, texts);
		const event = versions.write(txDb, {
			entity: 'event',
			current,
			actor,
			action: options.action ?? (publishing ? 'publish' : 'update'),
			now,
			write: (stamp) => {
				const row = tx
					.update(events)
					.set({
						...next,
						draft: publishing ? false : current.draft,
						sequence: rescheduled ? current.sequence + 1 : current.sequence,
						...stamp
					})
					.where(eq(events.id, id))
					.returning()
					.get()!;
				tx.delete(eventTexts).where(eq(eventTexts.eventId, id)).run();
				if (texts.length > 0) tx.insert(eventTexts).values(texts).run();
				slugs.recordRename(txDb, 'event', current.slug, slug, id, now);
				return row;
			},
			load: (row) => withTexts(txDb, [row])[0]!,
			snapshot: snapshotOf,
			fields: (saved) =>
				merge.changedFields(contentFields(toInput(current)), contentFields(toInput(saved)))
		});
		return { event, outcome, published: publishing };
	});
}

/** edit's saved event, for callers that need no outcome (seed, scripts, tests). */
export function update(db: Db, id: number, given: EventInput, options: EditOptions = {}): HubEvent {
	return edit(db, id, given, options).event;
}

/**
 * Publishes a draft, cancels or reinstates: the status alone, never the content (a form's
 * stale fields cannot ride along). Doing what is already done writes nothing.
 */
export function changeState(
	db: Db,
	id: number,
	change: 'publish' | 'cancel' | 'reinstate',
	{ now = Date.now(), actor = SYSTEM }: SaveOptions = {}
) {
	authorize(actor, change, { type: 'event', id });
	return db.transaction((tx) => {
		const txDb = tx as unknown as Db;
		const current = findById(txDb, id);
		if (!current) throw new Error(`No event ${id}`);
		const set =
			change === 'publish'
				? current.draft && current.archivedAt === null && { draft: false }
				: change === 'cancel'
					? current.status !== 'cancelled' && {
							status: 'cancelled' as const,
							sequence: current.sequence + 1
						}
					: current.status !== 'scheduled' && {
							status: 'scheduled' as const,
							sequence: current.sequence + 1
						};
		if (!set) return { event: current, changed: false };
		const event = saveState(txDb, current, set, { actor, action: change, now });
		return { event, changed: true };
	});
}

/** Every content field of an event as one flat record: what merges compare and history names. */
export function contentFields(input: EventInput): merge.Flat {
	const instant = (value: string) =>
		!input.allDay && INSTANT_RE.test(value) && !Number.isNaN(Date.parse(value))
			? new Date(Date.parse(value)).toISOString()
			: value;
	const flat: merge.Flat = {
		slug: input.slug ?? '',
		allDay: input.allDay,
		start: instant(input.start),
		end: instant(input.end),
		timeZone: input.timeZone,
		country: input.country || null,
		host: input.host?.trim() || null
	};
	for (const locale of CONTENT_LOCALES) {
		const t = input.texts[locale];
		for (const field of TEXT_FIELDS) {
			const value = t?.[field] ?? '';
			flat[`${field}_${locale}`] = field === 'description' ? value : value.trim();
		}
	}
	return flat;
}

/** contentFields's record as an input again (without status: content only). */
export function fromContentFields(flat: merge.Flat): EventInput {
	const str = (key: string) => (typeof flat[key] === 'string' ? (flat[key] as string) : '');
	const texts: EventInput['texts'] = {};
	for (const locale of CONTENT_LOCALES) {
		const t = {
			title: str(`title_${locale}`),
			summary: str(`summary_${locale}`),
			description: str(`description_${locale}`),
			venue: str(`venue_${locale}`),
			city: str(`city_${locale}`)
		};
		if (Object.values(t).some((v) => v.trim())) texts[locale] = t;
	}
	return {
		slug: str('slug'),
		allDay: flat.allDay === true,
		start: str('start'),
		end: str('end'),
		timeZone: str('timeZone'),
		country: (flat.country as string | null) ?? null,
		host: (flat.host as string | null) ?? null,
		texts
	};
}

/** How events are merged and versioned (versions.ts). */
const SHAPE: versions.Shape<EventInput, HubEvent> = {
	entity: 'event',
	fields: (input) => contentFields(input),
	fromFields: (flat) => fromContentFields(flat),
	fromSnapshot: (snapshot) => fromSnapshot(snapshot as LegacySnapshot),
	toInput: (event) => toInput(event),
	conflict: (current, fields, merged) => new EventConflictError(current, fields, merged ?? null)
};

/** A new version that changes the event's state (status, draft, archive), not its content. */
function saveState(
	db: Db,
	current: HubEvent,
	set: Partial<typeof events.$inferInsert>,
	meta: { actor: Actor; action: revisions.RevisionAction; now: number }
): HubEvent {
	return versions.write(db, {
		entity: 'event',
		current,
		...meta,
		write: (stamp) =>
			db
				.update(events)
				.set({ ...set, ...stamp })
				.where(eq(events.id, current.id))
				.returning()
				.get()!,
		load: (row) => withTexts(db, [row])[0]!,
		snapshot: snapshotOf
	});
}

/** What a revision keeps: the content and the state it was in. */
function snapshotOf(event: HubEvent) {
	return { ...toInput(event), draft: event.draft, archived: event.archivedAt !== null };
}

/**
 * Deleting archives: the event leaves the pages, but stays in feeds as cancelled so that
 * subscribed calendars drop it. An admin can bring it back.
 */
export function setArchived(
	db: Db,
	id: number,
	archived: boolean,
	{ now = Date.now(), actor = SYSTEM }: SaveOptions = {}
) {
	authorize(actor, archived ? 'archive' : 'unarchive', { type: 'event', id });
	return db.transaction((tx) => {
		const txDb = tx as unknown as Db;
		const current = findById(txDb, id);
		if (!current) throw new Error(`No event ${id}`);
		if ((current.archivedAt !== null) === archived) return current;
		// Leaving or coming back to calendars is a change they must apply.
		const set = { archivedAt: archived ? now : null, sequence: current.sequence + 1 };
		const event = saveState(txDb, current, set, {
			actor,
			action: archived ? 'archive' : 'unarchive',
			now
		});
		return event;
	});
}

/**
 * Puts an event's content back as one of its revisions was, as a new version (history only
 * grows). Content only: a revision saved while the event was cancelled or a draft does not
 * cancel or hide it again.
 */
export function restoreRevision(
	db: Db,
	id: number,
	revisionId: number,
	options: SaveOptions & { expectedVersion: number }
) {
	const revision = revisions.findRevision<LegacySnapshot>(db, 'event', id, revisionId);
	if (!revision) throw new revisions.RevisionNotFoundError('event', id, revisionId);
	const snapshot = fromSnapshot(revision.snapshot);
	const slug = snapshot.slug && slugTaken(db, snapshot.slug, id) ? undefined : snapshot.slug;
	return edit(
		db,
		id,
		{ ...snapshot, slug, status: undefined },
		{ ...options, action: 'restore', mergeStale: false }
	);
}

/**
 * What older revisions kept: one venue and city for both languages (before they were per
 * language), and the host under its former name, `organiser`.
 */
type LegacySnapshot = EventInput & {
	venue?: string | null;
	city?: string | null;
	organiser?: string | null;
	draft?: boolean;
	archived?: boolean;
};

/**
 * A revision's snapshot as today's input. Older snapshots hold one venue and city for the
 * event: every text gets them (as the migration did for the stored texts), unless it has its own.
 */
export function fromSnapshot(snapshot: LegacySnapshot): EventInput {
	// eslint-disable-next-line @typescript-eslint/no-unused-vars -- state, not content
	const { venue, city, draft, archived, organiser, ...current } = snapshot;
	const rest: EventInput = 'host' in current ? current : { ...current, host: organiser ?? null };
	if (venue == null && city == null) return rest;
	const texts: EventInput['texts'] = {};
	for (const locale of CONTENT_LOCALES) {
		const t = rest.texts[locale];
		if (t) texts[locale] = { ...t, venue: t.venue ?? venue, city: t.city ?? city };
	}
	return { ...rest, texts };
}

/**
 * The place in `locale`: each of venue and city in that language, else in the other (a place
 * typed in one language only is still shown), '' when neither has it.
 */
export function eventPlace(
	event: Pick<HubEvent, 'texts'>,
	locale: ContentLocale
): { venue: string; city: string } {
	const order = [locale, ...CONTENT_LOCALES.filter((l) => l !== locale)];
	const pick = (field: 'venue' | 'city') =>
		order.map((l) => event.texts[l]?.[field]?.trim() ?? '').find(Boolean) ?? '';
	return { venue: pick('venue'), city: pick('city') };
}

/** The fields of a stored event as an input, to change a few and save (and what revisions keep). */
export function toInput(event: HubEvent): EventInput & { slug: string } {
	const { slug, allDay, start, end, timeZone, country, host, status, texts } = event;
	return { slug, allDay, start, end, timeZone, country, host, status, texts };
}

export function findById(db: Db, id: number): HubEvent | null {
	const row = db.select().from(events).where(eq(events.id, id)).get();
	return row ? withTexts(db, [row])[0]! : null;
}

/** What readers may see: neither archived nor a draft (the order of the listing index). */
const shown = and(isNull(events.archivedAt), eq(events.draft, false));

const now = sql.placeholder('now');
const limit = sql.placeholder('limit');
const offset = sql.placeholder('offset');

/** The reads of every reader page, prepared once per database (prepared.ts). */
const reads = preparedFor((db: Db) => ({
	bySlug: db
		.select()
		.from(events)
		.where(and(eq(events.slug, sql.placeholder('slug')), shown))
		.prepare(),
	publicByIds: db
		.select()
		.from(events)
		.where(and(inIds(events.id), shown))
		.prepare(),
	texts: db.select().from(eventTexts).where(inIds(eventTexts.eventId)).prepare(),
	upcoming: db
		.select()
		.from(events)
		.where(and(gt(events.endsAt, now), shown))
		.orderBy(asc(events.startsAt), asc(events.id))
		.limit(limit)
		.offset(offset)
		.prepare(),
	past: db
		.select()
		.from(events)
		.where(and(lte(events.endsAt, now), shown))
		.orderBy(desc(events.endsAt), desc(events.startsAt))
		.limit(limit)
		.offset(offset)
		.prepare(),
	count: db
		.select({
			upcoming: sql<number>`sum(case when ${events.endsAt} > ${now} then 1 else 0 end)`,
			past: sql<number>`sum(case when ${events.endsAt} <= ${now} then 1 else 0 end)`
		})
		.from(events)
		.where(shown)
		.prepare()
}));

/** An event readers may see (not archived), by its current slug. */
export function findBySlug(db: Db, slug: string): HubEvent | null {
	const row = reads(db).bySlug.get({ slug });
	return row ? withTexts(db, [row])[0]! : null;
}

/** The current slug of the event that once had `slug`, for a 301. */
export function findMoved(db: Db, slug: string): string | null {
	const id = slugs.findOldSlug(db, 'event', slug);
	if (id === null) return null;
	return (
		db
			.select({ slug: events.slug })
			.from(events)
			.where(and(eq(events.id, id), shown))
			.get()?.slug ?? null
	);
}

/**
 * The events with these ids that readers may see (not archived), in no particular order: what
 * posts may name and link to (an archived event's page answers 404).
 */
export function listPublicByIds(db: Db, ids: number[]): HubEvent[] {
	if (ids.length === 0) return [];
	const statement = reads(db).publicByIds;
	return withTexts(
		db,
		inSlices(ids, (slice) => statement.all({ ids: idList(slice) }))
	);
}

/** When the latest of these events changed, archived ones too (not drafts: nobody sees them): 0 for none. */
export function lastChangeOf(db: Db, ids: number[]): number {
	if (ids.length === 0) return 0;
	const row = db
		.select({ last: sql<number | null>`max(${events.updatedAt})` })
		.from(events)
		.where(and(inArray(events.id, ids), eq(events.draft, false)))
		.get();
	return row?.last ?? 0;
}

export type Page = { limit: number; offset: number };

/** Events not yet over at `now`, soonest first. */
export function listUpcoming(db: Db, now = Date.now(), page?: Page): HubEvent[] {
	if (page) return withTexts(db, reads(db).upcoming.all({ now, ...page }));
	const query = db
		.select()
		.from(events)
		.where(and(gt(events.endsAt, now), shown))
		.orderBy(asc(events.startsAt), asc(events.id));
	return withTexts(db, query.all());
}

/** Events over at `now`, the latest ended first (the order of the ends_at index). */
export function listPast(db: Db, now = Date.now(), page?: Page): HubEvent[] {
	if (page) return withTexts(db, reads(db).past.all({ now, ...page }));
	const query = db
		.select()
		.from(events)
		.where(and(lte(events.endsAt, now), shown))
		.orderBy(desc(events.endsAt), desc(events.startsAt));
	return withTexts(db, query.all());
}

export function count(db: Db, now = Date.now()): { upcoming: number; past: number } {
	const row = reads(db).count.get({ now });
	return { upcoming: row?.upcoming ?? 0, past: row?.past ?? 0 };
}

/** Every event, archived ones too, for the organisers' dashboard. */
export function listAll(db: Db): HubEvent[] {
	return withTexts(
		db,
		db.select().from(events).orderBy(asc(events.startsAt), asc(events.id)).all()
	);
}

/** How many past events a calendar subscription carries: a count, so small hubs keep it all. */
export const FEED_PAST_EVENTS = 250;

/**
 * The calendar feed: every event not yet over, and the latest FEED_PAST_EVENTS past ones.
 * Archived events stay in: feeds list them as cancelled so calendars drop them. Drafts never do.
 */
export function listFeed(db: Db, now = Date.now()): HubEvent[] {
	return [...feedPages(db, now)].flat();
}

/**
 * The calendar feed's events in the feed's order, a page at a time, so that a caller can let
 * other requests run between pages: a big archive's feed is thousands of events, too long a read
 * for one turn of the event loop. The order is read first from the listing index alone (ids,
 * no rows: a few ms for thousands), then each page's rows and texts.
 */
export function* feedPages(db: Db, now = Date.now(), size = 40): Generator<HubEvent[]> {
	const ids = (rows: { id: number }[]) => rows.map((r) => r.id);
	const past = ids(
		db
			.select({ id: events.id })
			.from(events)
			.where(and(eq(events.draft, false), lte(events.endsAt, now)))
			.orderBy(desc(events.endsAt))
			.limit(FEED_PAST_EVENTS)
			.all()
	).reverse();
	// `+starts_at`: ordering by the starts_at index would visit every past event's row on the way.
	const upcoming = ids(
		db
			.select({ id: events.id })
			.from(events)
			.where(and(eq(events.draft, false), gt(events.endsAt, now)))
			.orderBy(sql`+${events.startsAt}`, asc(events.id))
			.all()
	);
	const order = [...past, ...upcoming];
	for (let i = 0; i < order.length; i += size) {
		const page = order.slice(i, i + size);
		const byId = new Map(
			db
				.select()
				.from(events)
				.where(inArray(events.id, page))
				.all()
				.map((row) => [row.id, row])
		);
		yield withTexts(
			db,
			page.flatMap((id) => byId.get(id) ?? [])
		);
	}
}

/** Readers' events (not archived), by id: the address and last change of a slice of them. */
export function listPublicLinks(db: Db, page: Page): { slug: string; updatedAt: number }[] {
	return db
		.select({ slug: events.slug, updatedAt: events.updatedAt })
		.from(events)
		.where(shown)
		.orderBy(asc(events.id))
		.limit(page.limit)
		.offset(page.offset)
		.all();
}

/** The first moment after `now` at which an event ends (and moves to the past), if any. */
export function nextEndAfter(db: Db, now = Date.now()): number | null {
	const row = db
		.select({ next: sql<number | null>`min(${events.endsAt})` })
		.from(events)
		.where(gt(events.endsAt, now))
		.get();
	return row?.next ?? null;
}

/** When the set of events last changed and how many there are: the feed's validator. */
export function stateVersion(db: Db): { lastModified: number; count: number } {
	const row = db
		.select({
			lastModified: sql<number | null>`max(${events.updatedAt})`,
			count: sql<number>`count(*)`
		})
		.from(events)
		.get();
	return { lastModified: row?.lastModified ?? 0, count: row?.count ?? 0 };
}

function withTexts(db: Db, rows: EventRow[]): HubEvent[] {
	if (rows.length === 0) return [];
	const statement = reads(db).texts;
	const texts = inSlices(
		rows.map((r) => r.id),
		(slice) => statement.all({ ids: idList(slice) })
	);
	const byEvent = new Map<number, HubEvent['texts']>();
	for (const t of texts) {
		const entry = byEvent.get(t.eventId) ?? {};
		entry[t.locale] = {
			title: t.title,
			summary: t.summary,
			description: t.description,
			venue: t.venue,
			city: t.city
		};
		byEvent.set(t.eventId, entry);
	}
	return rows.map((row) => ({ ...row, texts: byEvent.get(row.id) ?? {} }));
}
