import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { HUB_TIME_ZONE } from '$lib/content';
import * as format from '$lib/format';
import { href } from '$lib/i18n';
import * as m from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';
import { database } from '../app';
import * as events from '../content/events';
import { renderPreview } from '../formats/markdown';
import type { Account } from '../accounts/accounts';
import * as revisions from '../content/revisions';
import { eventFormValues, eventInputFromForm, eventProblemMessages, eventTimeErrors, readEventForm, type EventFormValues } from './events';
import { conflictDetails } from './fields';
import { refusal } from './forbidden';
import { choicesOf, doneLocation, formNumber, saveDone } from './outcome';

/* The event editor's form actions, shared by the "new" and "edit" pages. */

function previewOf(values: EventFormValues) {
	const lang = (l: 'fr' | 'en') => ({ summary: values[`summary_${l}`], descriptionHtml: renderPreview(values[`description_${l}`]) });
	return { fr: lang('fr'), en: lang('en') };
}

/**
 * Preview, save (content only: a draft stays a draft, a live event stays live) or publish (a new
 * event, or a draft, stored and published at once). Every problem is reported in one answer.
 */
export async function saveEvent(requestEvent: RequestEvent, account: Account, id: number | null) {
	const form = await requestEvent.request.formData();
	const values = readEventForm(form);
	const intent = String(form.get('intent') ?? 'save');
	const input = eventInputFromForm(values);
	if (intent === 'preview') {
		// Within the limits first: a preview renders what a save would store, no more.
		const tooLong = events.checkEventInput(input).filter((p) => p.code === 'too_long');
		if (tooLong.length > 0) return fail(400, { values, errors: eventProblemMessages(tooLong, values), message: m.form_has_errors() });
		return { values, preview: previewOf(values) };
	}
	const publish = intent === 'publish';
	const db = database();
	const errors = { ...eventProblemMessages(events.findEventProblems(db, input, id ?? undefined), values), ...eventTimeErrors(values) };
	if (Object.keys(errors).length > 0) return fail(400, { values, errors, message: m.form_has_errors() });

	if (id === null) {
		let created: events.HubEvent;
		try {
			created = events.createEvent(db, input, { actor: account, draft: !publish });
		} catch (error) {
			return refusal(error);
		}
		redirect(303, doneLocation(`/organiser/events/${created.id}`, publish ? 'published' : 'created'));
	}
	let outcome: events.SaveOutcome;
	let published = false;
	const choices = choicesOf(form);
	try {
		({ outcome, published } = events.editEvent(db, id, input, { actor: account, expectedVersion: formNumber(values.version), publish, takeTheirs: choices }));
	} catch (error) {
		if (error instanceof events.EventInputError) {
			return fail(400, { values, errors: eventProblemMessages(error.problems, values), message: m.form_has_errors() });
		}
		if (error instanceof events.EventConflictError) return conflictAnswer(error, values);
		return refusal(error);
	}
	redirect(303, doneLocation(`/organiser/events/${id}`, saveDone(outcome, published, choices)));
}

/**
 * The form with their other changes merged in, and the fields both changed side by side, with
 * who saved theirs and when. The form carries their version: the next save is a choice made
 * knowingly, field by field.
 */
function conflictAnswer(error: events.EventConflictError, values: EventFormValues) {
	const { current } = error;
	const merged = error.merged ? { ...error.merged, slug: error.merged.slug || current.slug } : null;
	const theirs = events.flatEvent(events.toInput(current));
	const yours = merged ? events.flatEvent(merged) : events.flatEvent(eventInputFromForm(values));
	const saved = revisions.whoSaved(database(), 'event', current.id, current.version);
	return fail(409, {
		values: merged ? mergedValues(merged, current.version) : { ...values, version: String(current.version) },
		conflict: conflictDetails(saved, current.version, error.fields, { theirs, yours }),
		message: m.conflict_title()
	});
}

/** The merged save as the form shows it, with their version: their changes in, yours kept. */
function mergedValues(merged: events.EventInput, version: number): EventFormValues {
	const { startsAt, endsAt } = events.spanInstants(merged);
	const timed = (instant: number, given: string) => (merged.allDay || Number.isNaN(instant) ? given : new Date(instant).toISOString());
	return eventFormValues({
		...merged,
		slug: merged.slug ?? '',
		start: timed(startsAt, merged.start),
		end: merged.allDay ? merged.end : timed(endsAt, merged.end),
		country: merged.country ?? null,
		host: merged.host ?? null,
		texts: Object.fromEntries(
			Object.entries(merged.texts).map(([l, t]) => [l, { title: t.title, summary: t.summary ?? '', description: t.description ?? '', venue: t.venue ?? '', city: t.city ?? '' }])
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
export async function changeState(requestEvent: RequestEvent, account: Account, id: number, action: StateAction) {
	const form = await requestEvent.request.formData();
	if (action === 'cancel' && form.get('confirmed') !== '1') {
		return { confirm: { action, version: events.findEventById(database(), id)!.version } };
	}
	const current = events.findEventById(database(), id)!;
	// Published, an archived draft would reach calendars (as a cancellation): bring it back first.
	if (action === 'publish' && current.archivedAt !== null) return fail(409, { message: m.error_publish_archived() });
	try {
		events.changeEventState(database(), id, action, { actor: account });
	} catch (error) {
		return refusal(error);
	}
	redirect(303, doneLocation(`/organiser/events/${id}`, DONE[action]));
}

/** Archive (asks first: it leaves the pages, and calendars drop it) or bring back (admins only: the policy's rule). */
export async function setArchived(requestEvent: RequestEvent, account: Account, id: number, archived: boolean) {
	const form = await requestEvent.request.formData();
	if (archived && form.get('confirmed') !== '1') {
		return { confirm: { action: 'archive' as const, version: events.findEventById(database(), id)!.version } };
	}
	try {
		events.setEventArchived(database(), id, archived, { actor: account });
	} catch (error) {
		return refusal(error);
	}
	redirect(303, doneLocation(`/organiser/events/${id}`, archived ? 'archived' : 'unarchived'));
}
