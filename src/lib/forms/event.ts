import * as m from '$lib/paraglide/messages';
import {
	defineForm,
	inEachLanguage,
	CONTENT_MESSAGES,
	SLUG_FIELD,
	VERSION_FIELD,
	type FormValues
} from './define';

/**
 * The event form, declared once: its fields in the order it shows them, their labels, hints and
 * limits, and the words for what the domain refuses. The dates and times are read together
 * (server/forms/events.ts); each end's occurrence is chosen only when the autumn change repeats
 * its time.
 */
export const eventForm = defineForm(
	{
		allDay: { label: m.field_all_day },
		/** Both modes: the first and last day. */
		startDate: { label: m.editor_date_start },
		/** Timed events: the wall-clock times (HH:MM) in the event's zone; ignored when all-day. */
		startTime: { label: m.editor_time_start, hint: m.editor_dates_hint },
		endDate: { label: m.editor_date_end, hint: m.editor_end_follows },
		endTime: { label: m.editor_time_end },
		/** For a time the autumn change repeats: 'earlier' or 'later'; '' until the organiser chose. */
		startOccurrence: {},
		endOccurrence: {},
		timeZone: { label: m.field_time_zone },
		country: { label: m.field_country },
		/** Who hosts it, as free text ("Organised by"). */
		host: { label: m.field_organiser, max: 'line' },
		slug: SLUG_FIELD,
		...inEachLanguage({
			title: { label: m.field_title, max: 'title' },
			summary: { label: m.field_summary, max: 'summary' },
			description: { label: m.field_description, max: 'description' },
			venue: { label: m.field_venue, max: 'line' },
			city: { label: m.field_city, max: 'line' }
		}),
		version: VERSION_FIELD
	},
	{
		messages: {
			...CONTENT_MESSAGES,
			start: { '*': m.error_start_invalid },
			end: { before_start: m.error_end_before_start, '*': m.error_end_invalid },
			timeZone: { '*': m.error_time_zone_invalid },
			country: { '*': m.error_country_invalid }
		}
	}
);

/** What the event form holds, as typed: handed back on an error so nothing is lost. */
export type EventFormValues = FormValues<typeof eventForm>;
