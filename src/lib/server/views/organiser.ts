import { HUB_TIME_ZONE, pickText, type ContentLocale } from '$lib/content';
import { formatEventSpan, formatMoment } from '$lib/format';
import type { Db } from '../db';
import * as events from '../content/events';
import { fieldLabel } from '../forms/fields';
import * as posts from '../content/posts';
import * as revisions from '../content/revisions';

/* What the organisers' pages show, shaped from the entity modules (views.ts is the readers'). */

function titleOf<T extends { title: string }>(
	texts: Partial<Record<ContentLocale, T>>,
	locale: ContentLocale,
	fallback: string
) {
	const picked = pickText(texts, locale);
	return { title: picked?.value.title ?? fallback, lang: picked?.lang ?? locale };
}

export function dashboard(db: Db, locale: ContentLocale) {
	/*
	 * An event's dates as the listing shows them, short enough for a phone (360 px): the days
	 * with abbreviated months on one line, and for a timed event its hours and UTC offset on a
	 * second. The whole span, zone name and all, is on the event's own page.
	 */
	const intl = locale === 'fr' ? 'fr-FR' : 'en-GB';
	// One formatter per set of options: building one costs more than formatting with it.
	const made = new Map<string, Intl.DateTimeFormat>();
	const format = (options: Intl.DateTimeFormatOptions) => {
		const key = JSON.stringify(options);
		let fmt = made.get(key);
		if (!fmt) made.set(key, (fmt = new Intl.DateTimeFormat(intl, options)));
		return fmt;
	};
	const shortDates = (e: events.HubEvent) => {
		const days = { day: 'numeric', month: 'short', year: 'numeric' } as const;
		if (e.allDay) {
			const fmt = format({ ...days, timeZone: 'UTC' });
			const noon = (date: string) => Date.parse(`${date}T12:00:00Z`);
			return {
				days:
					e.start === e.end
						? fmt.format(noon(e.start))
						: fmt.formatRange(noon(e.start), noon(e.end)),
				times: null
			};
		}
		const start = Date.parse(e.start);
		const end = Date.parse(e.end);
		const fmt = format({ ...days, timeZone: e.timeZone });
		const clock = format({ hour: '2-digit', minute: '2-digit', timeZone: e.timeZone });
		const offset = format({ timeZoneName: 'shortOffset', timeZone: e.timeZone })
			.formatToParts(start)
			.find((part) => part.type === 'timeZoneName')?.value;
		const sameDay = fmt.format(start) === fmt.format(end);
		return {
			days: sameDay ? fmt.format(start) : fmt.formatRange(start, end),
			times: `${clock.format(start)}–${clock.format(end)}${offset ? ` (${offset})` : ''}`
		};
	};
	return {
		events: events
			.listAll(db)
			.reverse()
			.map((e) => ({
				id: e.id,
				...titleOf(e.texts, locale, e.slug),
				dates: shortDates(e),
				cancelled: e.status === 'cancelled',
				draft: e.draft,
				archived: e.archivedAt !== null
			})),
		posts: posts.listAll(db).map((p) => ({
			id: p.id,
			...titleOf(p.texts, locale, p.slug),
			kind: p.kind,
			status: p.status,
			archived: p.archivedAt !== null
		}))
	};
}

/**
 * The events a post may be attached to: none archived, except the one it is attached to
 * already, so that saving the post does not silently drop that link.
 */
export function eventChoices(db: Db, locale: ContentLocale, attachedTo: number | null = null) {
	return events
		.listAll(db)
		.filter((e) => e.archivedAt === null || e.id === attachedTo)
		.reverse()
		.map((e) => ({
			id: e.id,
			...titleOf(e.texts, locale, e.slug),
			dates: formatEventSpan(e, locale, 'short'),
			archived: e.archivedAt !== null
		}));
}

/** An entity's saves, newest first: what each did, the fields it changed, who and when (zone named). */
export function history(db: Db, entity: 'event' | 'post', id: number, locale: ContentLocale) {
	return revisions.listRevisions(db, entity, id).map((r) => ({
		id: r.id,
		version: r.version,
		action: r.action,
		fields: r.fields.map(fieldLabel),
		authorName: r.authorName,
		when: formatMoment(r.createdAt, HUB_TIME_ZONE, locale)
	}));
}

/** The title an organiser's page shows for an entity, in their language when it has one. */
export function titleIn<T extends { title: string }>(
	texts: Partial<Record<ContentLocale, T>>,
	locale: ContentLocale,
	fallback: string
) {
	return titleOf(texts, locale, fallback);
}

type SnapshotTexts = Partial<
	Record<ContentLocale, { title: string; summary?: string; description?: string; body?: string }>
>;

/** One revision's texts, to read before restoring it. */
export function revisionContent(
	db: Db,
	entity: 'event' | 'post',
	id: number,
	revisionId: string | null
) {
	if (!revisionId || !/^\d{1,9}$/.test(revisionId)) return null;
	const revision = revisions.findRevision<{ texts: SnapshotTexts }>(
		db,
		entity,
		id,
		Number(revisionId)
	);
	if (!revision) return null;
	const texts = (['fr', 'en'] as const).flatMap((lang) => {
		const t = revision.snapshot.texts?.[lang];
		return t
			? [
					{
						lang,
						title: t.title,
						text: [t.summary, t.description ?? t.body].filter(Boolean).join('\n\n')
					}
				]
			: [];
	});
	return { version: revision.version, texts };
}
