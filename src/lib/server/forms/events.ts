import * as m from '$lib/paraglide/messages';
import { CONTENT_LOCALES } from '$lib/content';
import * as format from '$lib/format';
import { getLocale } from '$lib/paraglide/runtime';
import { readWallTime, wallClock } from '$lib/time';
import * as timezones from '$lib/timezones';
import type { EventStatus } from '../db/schema';
import type { EventInput, EventInputProblem, HubEvent } from '../events';
import { tooLongMessage } from './limits';
import { readFields } from './read';

/** What the event form holds, as typed: handed back on an error so nothing is lost. */
export type EventFormValues = {
	slug: string;
	allDay: string;
	startDate: string;
	endDate: string;
	startLocal: string;
	endLocal: string;
	/** For a time the autumn change repeats: 'earlier' or 'later'; '' until the organiser chose. */
	startOccurrence: string;
	endOccurrence: string;
	timeZone: string;
	country: string;
	organiser: string;
	status: string;
	title_fr: string;
	summary_fr: string;
	description_fr: string;
	venue_fr: string;
	city_fr: string;
	title_en: string;
	summary_en: string;
	description_en: string;
	venue_en: string;
	city_en: string;
	version: string;
};

const FIELDS: (keyof EventFormValues)[] = [
	'slug', 'allDay', 'startDate', 'endDate', 'startLocal', 'endLocal', 'startOccurrence', 'endOccurrence', 'timeZone', 'country', 'organiser', 'status',
	'title_fr', 'summary_fr', 'description_fr', 'venue_fr', 'city_fr',
	'title_en', 'summary_en', 'description_en', 'venue_en', 'city_en', 'version'
];

export function readEventForm(form: FormData): EventFormValues {
	return readFields(form, FIELDS);
}

/** An instant as the wall-clock time of `timeZone`, as a datetime-local input shows it. */
function localInput(iso: string, timeZone: string): string {
	const wall = wallClock(Date.parse(iso), timeZone);
	return `${wall.date}T${wall.time}`;
}

/** Which occurrence of its wall-clock time an instant is, when that time happens twice. */
function occurrenceOf(iso: string, timeZone: string): string {
	const wall = wallClock(Date.parse(iso), timeZone);
	const reading = readWallTime(wall.date, wall.time, timeZone);
	if (reading.kind !== 'ambiguous') return '';
	return Date.parse(iso) >= reading.later ? 'later' : 'earlier';
}

export function eventFormValues(event: HubEvent): EventFormValues {
	return {
		slug: event.slug,
		allDay: event.allDay ? 'on' : '',
		startDate: event.allDay ? event.start : '',
		endDate: event.allDay ? event.end : '',
		startLocal: event.allDay ? '' : localInput(event.start, event.timeZone),
		endLocal: event.allDay ? '' : localInput(event.end, event.timeZone),
		// Saved again unchanged, a time in the repeated hour must stay the occurrence it was.
		startOccurrence: event.allDay ? '' : occurrenceOf(event.start, event.timeZone),
		endOccurrence: event.allDay ? '' : occurrenceOf(event.end, event.timeZone),
		timeZone: event.timeZone,
		country: event.country ?? '',
		organiser: event.organiser ?? '',
		status: event.status,
		title_fr: event.texts.fr?.title ?? '',
		summary_fr: event.texts.fr?.summary ?? '',
		description_fr: event.texts.fr?.description ?? '',
		venue_fr: event.texts.fr?.venue ?? '',
		city_fr: event.texts.fr?.city ?? '',
		title_en: event.texts.en?.title ?? '',
		summary_en: event.texts.en?.summary ?? '',
		description_en: event.texts.en?.description ?? '',
		venue_en: event.texts.en?.venue ?? '',
		city_en: event.texts.en?.city ?? '',
		version: String(event.version)
	};
}

export function emptyEventForm(): EventFormValues {
	return Object.fromEntries(FIELDS.map((f) => [f, ''])) as EventFormValues & Record<string, string>;
}

const LOCAL_RE = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/;

/**
 * A datetime-local value in `timeZone` as an ISO instant, or '' when it is not one. A repeated
 * time is the occurrence chosen (the first until then); a skipped one is carried past the jump,
 * but eventTimeErrors refuses both before anything is saved.
 */
function toInstant(local: string, timeZone: string, occurrence: string): string {
	const match = LOCAL_RE.exec(local);
	if (!match) return local ? 'invalid' : '';
	try {
		const reading = readWallTime(match[1]!, match[2]!, timeZone);
		const instant =
			reading.kind === 'exact' ? reading.instant : reading.kind === 'gap' ? reading.skipped : occurrence === 'later' ? reading.later : reading.earlier;
		return new Date(instant).toISOString();
	} catch {
		return 'invalid';
	}
}

/**
 * What is wrong with the typed times that only the wall clock shows: a time the zone skips that
 * day (refused, with the nearest times that exist), or one it repeats with no occurrence chosen
 * (the form then shows the choice). Keyed by field, in the organiser's language.
 */
export function eventTimeErrors(values: EventFormValues): Record<string, string> {
	const errors: Record<string, string> = {};
	const zone = timezones.canonicalTimeZone(values.timeZone);
	if (values.allDay === 'on' || !zone) return errors;
	const locale = getLocale() as format.UiLocale;
	for (const [field, occurrence] of [['startLocal', values.startOccurrence], ['endLocal', values.endOccurrence]] as const) {
		const match = LOCAL_RE.exec(values[field]);
		if (!match) continue;
		const [, date, time] = match as unknown as [string, string, string];
		const reading = readWallTime(date, time, zone);
		const where = { time, date: format.formatDate(date, locale), zone };
		if (reading.kind === 'gap') {
			errors[field] = m.error_time_skipped({ ...where, from: reading.jumpFrom, to: reading.jumpTo, before: reading.lastBefore, after: reading.jumpTo });
		} else if (reading.kind === 'ambiguous' && occurrence !== 'earlier' && occurrence !== 'later') {
			errors[field] = m.error_time_repeated(where);
		}
	}
	return errors;
}

export function eventInputFromForm(values: EventFormValues): EventInput {
	const allDay = values.allDay === 'on';
	const timeZone = values.timeZone.trim();
	const texts: EventInput['texts'] = {};
	for (const l of CONTENT_LOCALES) {
		const t = {
			title: values[`title_${l}`].trim(),
			summary: values[`summary_${l}`].trim(),
			description: values[`description_${l}`],
			venue: values[`venue_${l}`],
			city: values[`city_${l}`]
		};
		// A language counts as given when any of its fields is: a venue typed without a title
		// is then refused (title required) rather than silently dropped.
		if (t.title || t.summary || t.description.trim() || t.venue.trim() || t.city.trim()) texts[l] = t;
	}
	// An unknown zone is one error, on its field: the times are read in UTC meanwhile so they
	// are not reported wrong as well.
	const zone = timezones.canonicalTimeZone(timeZone) ?? 'UTC';
	return {
		slug: values.slug.trim(),
		allDay,
		start: allDay ? values.startDate : toInstant(values.startLocal, zone, values.startOccurrence),
		end: allDay ? values.endDate || values.startDate : toInstant(values.endLocal, zone, values.endOccurrence),
		timeZone,
		country: values.country.trim().toUpperCase(),
		organiser: values.organiser,
		status: (values.status || 'scheduled') as EventStatus,
		texts
	};
}

/** A message per field, in the organiser's language. */
export function eventProblemMessages(problems: EventInputProblem[], allDay: boolean): Record<string, string> {
	const errors: Record<string, string> = {};
	const startField = allDay ? 'startDate' : 'startLocal';
	const endField = allDay ? 'endDate' : 'endLocal';
	for (const p of problems) {
		if (p.code === 'too_long') errors[p.field] = tooLongMessage(p.max);
		else if (p.field === 'texts') errors.title_fr = m.error_title_required();
		else if (p.field === 'title_fr' || p.field === 'title_en') errors[p.field] = m.error_title_required();
		else if (p.field === 'slug') errors.slug = p.code === 'taken' ? m.error_slug_taken() : m.error_slug_invalid();
		else if (p.field === 'start') errors[startField] = m.error_start_invalid();
		else if (p.field === 'end') errors[endField] = p.code === 'before_start' ? m.error_end_before_start() : m.error_end_invalid();
		else if (p.field === 'timeZone') errors.timeZone = m.error_time_zone_invalid();
		else if (p.field === 'country') errors.country = m.error_country_invalid();
	}
	return errors;
}
