import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { database } from '../app';
import * as events from '../content/events';
import { renderPreview } from '../formats/markdown';
import type { Account } from '../accounts/accounts';
import { refusal } from './forbidden';
import * as revisions from '../content/revisions';
import {
	eventFormValues,
	eventInputFromForm,
	eventProblemMessages,
	eventTimeErrors,
	readEventForm,
	type EventFormValues
} from './events';
import * as content from './content';
import { conflictDetails } from './fields';

/* The event editor's form actions, shared by the "new" and "edit" pages. */

const EVENT_SAVE: content.SaveSpec<EventFormValues, events.EventInput> = {
	kind: 'event',
	read: readEventForm,
	input: eventInputFromForm,
	tooLong: (input, values) =>
		eventProblemMessages(
			events.checkInput(input).filter((p) => p.code === 'too_long'),
			values
		),
	problems: (input, values, id) => ({
		...eventProblemMessages(events.findProblems(database(), input, id ?? undefined), values),
		...eventTimeErrors(values)
	}),
	preview: (values) => {
		const lang = (l: 'fr' | 'en') => ({
			summary: values[`summary_${l}`],
			descriptionHtml: renderPreview(values[`description_${l}`])
		});
		return { fr: lang('fr'), en: lang('en') };
	},
	create: (input, actor, publish) => events.create(database(), input, { actor, draft: !publish }),
	edit: (id, input, options) => events.edit(database(), id, input, options),
	refused: (error, values) => {
		if (error instanceof events.EventInputError)
			return content.invalid(values, eventProblemMessages(error.problems, values));
		if (error instanceof events.EventConflictError) return conflictAnswer(error, values);
		return undefined;
	}
};

/** Preview, save or publish an event (a new one when `id` is null). */
export function saveEvent(requestEvent: RequestEvent, account: Account, id: number | null) {
	return content.save(EVENT_SAVE, requestEvent, account, id);
}

/**
 * The form with their other changes merged in, and the fields both changed side by side, with
 * who saved theirs and when. The form carries their version: the next save is a choice made
 * knowingly, field by field.
 */
function conflictAnswer(error: events.EventConflictError, values: EventFormValues) {
	const { current } = error;
	const merged = error.merged ? { ...error.merged, slug: error.merged.slug || current.slug } : null;
	const theirs = events.contentFields(events.toInput(current));
	const yours = merged
		? events.contentFields(merged)
		: events.contentFields(eventInputFromForm(values));
	const saved = revisions.whoSaved(database(), 'event', current.id, current.version);
	return fail(409, {
		values: merged
			? mergedValues(merged, current.version)
			: { ...values, version: String(current.version) },
		conflict: conflictDetails(saved, current.version, error.fields, { theirs, yours }),
		message: m.conflict_title()
	});
}

/** The merged save as the form shows it, with their version: their changes in, yours kept. */
function mergedValues(merged: events.EventInput, version: number): EventFormValues {
	const { startsAt, endsAt } = events.spanInstants(merged);
	const timed = (instant: number, given: string) =>
		merged.allDay || Number.isNaN(instant) ? given : new Date(instant).toISOString();
	return eventFormValues({
		...merged,
		slug: merged.slug ?? '',
		start: timed(startsAt, merged.start),
		end: merged.allDay ? merged.end : timed(endsAt, merged.end),
		country: merged.country ?? null,
		host: merged.host ?? null,
		texts: Object.fromEntries(
			Object.entries(merged.texts).map(([l, t]) => [
				l,
				{
					title: t.title,
					summary: t.summary ?? '',
					description: t.description ?? '',
					venue: t.venue ?? '',
					city: t.city ?? ''
				}
			])
		),
		version
	});
}

type StateAction = 'cancel' | 'reinstate' | 'publish';
const DONE = { cancel: 'cancelled', reinstate: 'reinstated', publish: 'published' } as const;

/**
 * Cancel, reinstate or publish: the status alone. Cancelling asks first (the answer is the
 * confirmation, with or without JavaScript): subscribed calendars will show it cancelled.
 */
export async function changeState(
	requestEvent: RequestEvent,
	account: Account,
	id: number,
	action: StateAction
) {
	const form = await requestEvent.request.formData();
	const ask = action === 'cancel' ? content.confirmationNeeded('event', id, form, action) : null;
	if (ask) return ask;
	const current = content.findOr404('event', id);
	// Published, an archived draft would reach calendars (as a cancellation): bring it back first.
	if (action === 'publish' && current.archivedAt !== null)
		return fail(409, { message: m.error_publish_archived() });
	try {
		events.changeState(database(), id, action, { actor: account });
	} catch (error) {
		return refusal(error);
	}
	redirect(303, content.editorLocation('event', id, DONE[action]));
}
