import * as m from '$lib/paraglide/messages';
import { eventForm, type EventFormValues } from '$lib/forms/event';
import { CONTENT_LOCALES } from '$lib/content';
import * as format from '$lib/format';
import { getLocale } from '$lib/paraglide/runtime';
import { isIsoDate, readWallTime, wallClock } from '$lib/time';
import * as timezones from '$lib/timezones';
import type { EventInput, EventInputProblem, HubEvent } from '../content/events';

export type { EventFormValues };

const LOCAL_RE = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/;

/** What was submitted, as typed. */
export function readEventForm(form: FormData): EventFormValues {
	const values = eventForm.read(form);
	// Older clients (and scripts) send one datetime-local value per end: split it.
	for (const which of ['start', 'end'] as const) {
		const local = form.get(`${which}Local`);
		const match = typeof local === 'string' ? LOCAL_RE.exec(local) : null;
		if (match && !values[`${which}Time`]) {
			values[`${which}Date`] = match[1]!;
			values[`${which}Time`] = match[2]!;
		}
	}
	// Scripts written before the field was called `host` still send `organiser`.
	const organiser = form.get('organiser');
	if (!values.host && typeof organiser === 'string') values.host = organiser;
	return values;
}

/** An instant as the wall-clock date and time of `timeZone`, as the form's inputs show them. */
function wallInputs(iso: string, timeZone: string): { date: string; time: string } {
	const wall = wallClock(Date.parse(iso), timeZone);
	return { date: wall.date, time: wall.time };
}

/** Which occurrence of its wall-clock time an instant is, when that time happens twice. */
function occurrenceOf(iso: string, timeZone: string): string {
	const wall = wallClock(Date.parse(iso), timeZone);
	const reading = readWallTime(wall.date, wall.time, timeZone);
	if (reading.kind !== 'ambiguous') return '';
	return Date.parse(iso) >= reading.later ? 'later' : 'earlier';
}

/** What the form shows of an event (or of a merged save: the content fields and a version). */
export function eventFormValues(
	event: Pick<
		HubEvent,
		'slug' | 'allDay' | 'start' | 'end' | 'timeZone' | 'country' | 'host' | 'texts' | 'version'
	>
): EventFormValues {
	const zone = timezones.canonicalTimeZone(event.timeZone) ?? 'UTC';
	const start = event.allDay ? { date: event.start, time: '' } : wallInputs(event.start, zone);
	const end = event.allDay ? { date: event.end, time: '' } : wallInputs(event.end, zone);
	return {
		slug: event.slug,
		allDay: event.allDay ? 'on' : '',
		startDate: start.date,
		endDate: end.date,
		startTime: start.time,
		endTime: end.time,
		// Saved again unchanged, a time in the repeated hour must stay the occurrence it was.
		startOccurrence: event.allDay ? '' : occurrenceOf(event.start, zone),
		endOccurrence: event.allDay ? '' : occurrenceOf(event.end, zone),
		timeZone: event.timeZone,
		country: event.country ?? '',
		host: event.host ?? '',
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
	return eventForm.empty();
}

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
			reading.kind === 'exact'
				? reading.instant
				: reading.kind === 'gap'
					? reading.skipped
					: occurrence === 'later'
						? reading.later
						: reading.earlier;
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
	for (const [which, occurrence] of [
		['start', values.startOccurrence],
		['end', values.endOccurrence]
	] as const) {
		const field = `${which}Time` as const;
		const match = LOCAL_RE.exec(wallValue(values, which));
		if (!match) continue;
		const [, date, time] = match as unknown as [string, string, string];
		const reading = readWallTime(date, time, zone);
		const where = { time, date: format.formatDate(date, locale), zone };
		if (reading.kind === 'gap') {
			errors[field] = m.error_time_skipped({
				...where,
				from: reading.jumpFrom,
				to: reading.jumpTo,
				before: reading.lastBefore,
				after: reading.jumpTo
			});
		} else if (reading.kind === 'ambiguous' && occurrence !== 'earlier' && occurrence !== 'later') {
			errors[field] = m.error_time_repeated(where);
		}
	}
	return errors;
}

/** The typed date and time of one end as one wall-clock value: '' when neither was typed. */
function wallValue(values: EventFormValues, which: 'start' | 'end'): string {
	// The end date follows the start when left empty: a one-day event needs no second date.
	const date = which === 'end' ? values.endDate || values.startDate : values.startDate;
	const time = values[`${which}Time`];
	if (!values[`${which}Date`] && !time) return '';
	return `${date}T${time}`;
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
		if (t.title || t.summary || t.description.trim() || t.venue.trim() || t.city.trim())
			texts[l] = t;
	}
	// An unknown zone is one error, on its field: the times are read in UTC meanwhile so they
	// are not reported wrong as well.
	const zone = timezones.canonicalTimeZone(timeZone) ?? 'UTC';
	return {
		slug: values.slug.trim(),
		allDay,
		start: allDay
			? values.startDate
			: toInstant(wallValue(values, 'start'), zone, values.startOccurrence),
		end: allDay
			? values.endDate || values.startDate
			: toInstant(wallValue(values, 'end'), zone, values.endOccurrence),
		timeZone,
		country: values.country.trim().toUpperCase(),
		host: values.host,
		texts
	};
}

/**
 * The field a problem with one end of the span belongs to: its date when that is missing or
 * not a date (or for an all-day event), else its time.
 */
function spanField(values: EventFormValues, which: 'start' | 'end', code: string): string {
	if (values.allDay === 'on') return `${which}Date`;
	const date = which === 'end' ? values.endDate || values.startDate : values.startDate;
	if (!isIsoDate(date)) return `${which}Date`;
	// An end before the start is on its date when the dates are out of order, else on its time.
	if (code === 'before_start') return date < values.startDate ? 'endDate' : 'endTime';
	return `${which}Time`;
}

/** A message per field, in the organiser's language: a problem with an end of the span on its date or time. */
export function eventProblemMessages(
	problems: EventInputProblem[],
	values: EventFormValues
): Record<string, string> {
	return eventForm.messages(problems, (p) =>
		p.field === 'start' || p.field === 'end' ? spanField(values, p.field, p.code) : undefined
	);
}
