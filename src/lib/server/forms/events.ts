import * as m from '$lib/paraglide/messages';
import { CONTENT_LOCALES } from '$lib/content';
import { wallClock, zonedTimeToUtc } from '$lib/time';
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
	'slug', 'allDay', 'startDate', 'endDate', 'startLocal', 'endLocal', 'timeZone', 'country', 'organiser', 'status',
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

export function eventFormValues(event: HubEvent): EventFormValues {
	return {
		slug: event.slug,
		allDay: event.allDay ? 'on' : '',
		startDate: event.allDay ? event.start : '',
		endDate: event.allDay ? event.end : '',
		startLocal: event.allDay ? '' : localInput(event.start, event.timeZone),
		endLocal: event.allDay ? '' : localInput(event.end, event.timeZone),
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

/** A datetime-local value in `timeZone` as an ISO instant, or '' when it is not one. */
function toInstant(local: string, timeZone: string): string {
	const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/.exec(local);
	if (!match) return local ? 'invalid' : '';
	try {
		return new Date(zonedTimeToUtc(match[1]!, match[2]!, timeZone)).toISOString();
	} catch {
		return 'invalid';
	}
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
	let zoneOk = true;
	try {
		new Intl.DateTimeFormat('en', { timeZone });
	} catch {
		zoneOk = false;
	}
	return {
		slug: values.slug.trim(),
		allDay,
		start: allDay ? values.startDate : zoneOk ? toInstant(values.startLocal, timeZone) : values.startLocal,
		end: allDay ? values.endDate || values.startDate : zoneOk ? toInstant(values.endLocal, timeZone) : values.endLocal,
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
