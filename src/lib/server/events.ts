import { randomUUID } from 'node:crypto';
import { asc, desc, eq, gt, inArray, lte, sql } from 'drizzle-orm';
import { CONTENT_LOCALES, type ContentLocale } from '$lib/content';
import { addDays, isIsoDate, isValidTimeZone, startOfDayUtc } from '$lib/time';
import type { Db } from './db';
import { eventTexts, events, type EventRow, type EventStatus } from './db/schema';

export type EventText = { title: string; summary: string; description: string };

export type HubEvent = EventRow & { texts: Partial<Record<ContentLocale, EventText>> };

export type EventInput = {
	slug: string;
	allDay: boolean;
	/** All-day: first day YYYY-MM-DD. Timed: an ISO 8601 instant. */
	start: string;
	/** All-day: last day YYYY-MM-DD, inclusive. Timed: an ISO 8601 instant. */
	end: string;
	timeZone: string;
	venue?: string | null;
	city?: string | null;
	country?: string | null;
	organiser?: string | null;
	status?: EventStatus;
	texts: Partial<Record<ContentLocale, { title: string; summary?: string; description?: string }>>;
};

export type EventInputProblem = {
	field: 'slug' | 'start' | 'end' | 'timeZone' | 'country' | 'status' | 'texts';
	code: 'required' | 'invalid' | 'before_start' | 'taken';
};

export class EventInputError extends Error {
	constructor(readonly problems: EventInputProblem[]) {
		super(`Invalid event: ${problems.map((p) => `${p.field} ${p.code}`).join(', ')}`);
		this.name = 'EventInputError';
	}
}

const SLUG_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** Every problem with `input`, empty when it can be stored. */
export function checkEventInput(input: EventInput): EventInputProblem[] {
	const problems: EventInputProblem[] = [];
	if (!input.slug) problems.push({ field: 'slug', code: 'required' });
	else if (!SLUG_RE.test(input.slug) || input.slug.length > 120) problems.push({ field: 'slug', code: 'invalid' });

	if (!isValidTimeZone(input.timeZone)) problems.push({ field: 'timeZone', code: 'invalid' });

	const valid = input.allDay ? isIsoDate : (v: string) => INSTANT_RE.test(v) && !Number.isNaN(Date.parse(v));
	if (!input.start) problems.push({ field: 'start', code: 'required' });
	else if (!valid(input.start)) problems.push({ field: 'start', code: 'invalid' });
	if (!input.end) problems.push({ field: 'end', code: 'required' });
	else if (!valid(input.end)) problems.push({ field: 'end', code: 'invalid' });
	else if (valid(input.start)) {
		const ordered = input.allDay ? input.end >= input.start : Date.parse(input.end) > Date.parse(input.start);
		if (!ordered) problems.push({ field: 'end', code: 'before_start' });
	}

	if (input.country && !/^[A-Z]{2}$/.test(input.country)) problems.push({ field: 'country', code: 'invalid' });
	if (input.status && input.status !== 'scheduled' && input.status !== 'cancelled') {
		problems.push({ field: 'status', code: 'invalid' });
	}
	if (!CONTENT_LOCALES.some((l) => input.texts[l]?.title.trim())) problems.push({ field: 'texts', code: 'required' });
	return problems;
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

function normalise(input: EventInput) {
	const instants = spanInstants(input);
	return {
		slug: input.slug,
		allDay: input.allDay,
		start: input.allDay ? input.start : new Date(instants.startsAt).toISOString(),
		end: input.allDay ? input.end : new Date(instants.endsAt).toISOString(),
		timeZone: input.timeZone,
		...instants,
		venue: input.venue?.trim() || null,
		city: input.city?.trim() || null,
		country: input.country || null,
		organiser: input.organiser?.trim() || null,
		status: input.status ?? 'scheduled'
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
				description: t.description ?? ''
			}
		];
	});
}

/** Stores a new event with its texts, all or nothing. */
export function createEvent(db: Db, input: EventInput, now = Date.now()): HubEvent {
	const problems = checkEventInput(input);
	if (problems.length === 0 && findEventBySlug(db, input.slug)) problems.push({ field: 'slug', code: 'taken' });
	if (problems.length > 0) throw new EventInputError(problems);
	return db.transaction((tx) => {
		const row = tx
			.insert(events)
			.values({
				...normalise(input),
				uid: `${randomUUID()}@rencontres`,
				sequence: 0,
				createdAt: now,
				updatedAt: now
			})
			.returning()
			.get();
		const texts = textRows(row.id, input.texts);
		if (texts.length > 0) tx.insert(eventTexts).values(texts).run();
		return withTexts(tx as unknown as Db, [row])[0]!;
	});
}

/** Fields whose change calendars must hear about: SEQUENCE rises when one of them moves. */
const SCHEDULE_FIELDS = ['allDay', 'start', 'end', 'timeZone', 'venue', 'city', 'country', 'status'] as const;

/**
 * Replaces an event's fields and texts. SEQUENCE rises when time, place or status changed,
 * so calendar clients replace their copy instead of ignoring the update.
 */
export function updateEvent(db: Db, id: number, input: EventInput, now = Date.now()): HubEvent {
	const problems = checkEventInput(input);
	const clash = problems.length === 0 ? findEventBySlug(db, input.slug) : null;
	if (clash && clash.id !== id) problems.push({ field: 'slug', code: 'taken' });
	if (problems.length > 0) throw new EventInputError(problems);
	return db.transaction((tx) => {
		const current = tx.select().from(events).where(eq(events.id, id)).get();
		if (!current) throw new Error(`No event ${id}`);
		const next = normalise(input);
		const rescheduled = SCHEDULE_FIELDS.some((f) => current[f] !== next[f]);
		const row = tx
			.update(events)
			.set({
				...next,
				sequence: rescheduled ? current.sequence + 1 : current.sequence,
				// Calendars order versions by DTSTAMP too: never let it go backwards.
				updatedAt: Math.max(now, current.updatedAt + 1)
			})
			.where(eq(events.id, id))
			.returning()
			.get();
		tx.delete(eventTexts).where(eq(eventTexts.eventId, id)).run();
		const texts = textRows(id, input.texts);
		if (texts.length > 0) tx.insert(eventTexts).values(texts).run();
		return withTexts(tx as unknown as Db, [row])[0]!;
	});
}

/** The fields of a stored event as an input, to change a few and save. */
export function toInput(event: HubEvent): EventInput {
	const { slug, allDay, start, end, timeZone, venue, city, country, organiser, status, texts } = event;
	return { slug, allDay, start, end, timeZone, venue, city, country, organiser, status, texts };
}

export function findEventBySlug(db: Db, slug: string): HubEvent | null {
	const row = db.select().from(events).where(eq(events.slug, slug)).get();
	return row ? withTexts(db, [row])[0]! : null;
}

/** The events with these ids, in no particular order. */
export function listEventsByIds(db: Db, ids: number[]): HubEvent[] {
	if (ids.length === 0) return [];
	return withTexts(db, db.select().from(events).where(inArray(events.id, ids)).all());
}

/** Events not yet over at `now`, soonest first. */
export function listUpcomingEvents(db: Db, now = Date.now()): HubEvent[] {
	const rows = db.select().from(events).where(gt(events.endsAt, now)).orderBy(asc(events.startsAt), asc(events.id)).all();
	return withTexts(db, rows);
}

/** Events over at `now`, latest first. */
export function listPastEvents(db: Db, now = Date.now()): HubEvent[] {
	const rows = db
		.select()
		.from(events)
		.where(lte(events.endsAt, now))
		.orderBy(desc(events.startsAt), desc(events.id))
		.all();
	return withTexts(db, rows);
}

/** Every event, for the calendar feed. */
export function listAllEvents(db: Db): HubEvent[] {
	return withTexts(db, db.select().from(events).orderBy(asc(events.startsAt), asc(events.id)).all());
}

/** When the set of events last changed and how many there are: the feed's validator. */
export function eventsVersion(db: Db): { lastModified: number; count: number } {
	const row = db
		.select({ lastModified: sql<number | null>`max(${events.updatedAt})`, count: sql<number>`count(*)` })
		.from(events)
		.get();
	return { lastModified: row?.lastModified ?? 0, count: row?.count ?? 0 };
}

function withTexts(db: Db, rows: EventRow[]): HubEvent[] {
	if (rows.length === 0) return [];
	const texts = db
		.select()
		.from(eventTexts)
		.where(
			inArray(
				eventTexts.eventId,
				rows.map((r) => r.id)
			)
		)
		.all();
	const byEvent = new Map<number, HubEvent['texts']>();
	for (const t of texts) {
		const entry = byEvent.get(t.eventId) ?? {};
		entry[t.locale] = { title: t.title, summary: t.summary, description: t.description };
		byEvent.set(t.eventId, entry);
	}
	return rows.map((row) => ({ ...row, texts: byEvent.get(row.id) ?? {} }));
}
