import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { href } from '$lib/i18n';
import * as m from '$lib/paraglide/messages';
import { database } from '../app';
import * as events from '../events';
import type { Organiser } from '../organisers';
import { eventFormValues, eventInputFromForm, eventProblemMessages, eventTimeErrors, readEventForm } from './events';

/* The event editor's form actions, shared by the "new" and "edit" pages. */

export async function saveEvent(event: RequestEvent, organiser: Organiser, id: number | null) {
	const values = readEventForm(await event.request.formData());
	const input = eventInputFromForm(values);
	const timeErrors = eventTimeErrors(values);
	if (Object.keys(timeErrors).length > 0) {
		// Said with every other problem at once, so one round trip fixes the form.
		const errors = { ...eventProblemMessages(events.checkEventInput(input), input.allDay), ...timeErrors };
		return fail(400, { values, errors, message: m.form_has_errors() });
	}
	const organiserId = organiser.id;
	let saved: events.HubEvent;
	try {
		saved =
			id === null
				? events.createEvent(database(), input, { organiserId })
				: events.updateEvent(database(), id, input, { organiserId, expectedVersion: Number(values.version) });
	} catch (error) {
		if (error instanceof events.EventInputError) {
			return fail(400, { values, errors: eventProblemMessages(error.problems, input.allDay), message: m.form_has_errors() });
		}
		if (error instanceof events.EventConflictError) {
			return fail(409, {
				values: { ...values, version: String(error.current.version) },
				conflict: { version: error.current.version, theirs: eventFormValues(error.current) },
				message: m.conflict_title()
			});
		}
		throw error;
	}
	// updateEvent writes nothing when nothing changed (the version stays): say so, not "Saved".
	const unchanged = id !== null && saved.version === Number(values.version);
	redirect(303, `${href(`/organiser/events/${saved.id}`)}?${unchanged ? 'unchanged' : 'saved'}=1`);
}

/** Cancel or reinstate: the event stays listed, feeds say STATUS:CANCELLED, SEQUENCE rises. */
export async function setCancelled(event: RequestEvent, organiser: Organiser, id: number, cancelled: boolean) {
	const current = events.findEventById(database(), id)!;
	const form = await event.request.formData();
	try {
		events.updateEvent(
			database(),
			id,
			{ ...events.toInput(current), status: cancelled ? 'cancelled' : 'scheduled' },
			{ organiserId: organiser.id, expectedVersion: Number(form.get('version')) }
		);
	} catch (error) {
		if (error instanceof events.EventConflictError) return fail(409, { message: m.conflict_title() });
		throw error;
	}
	redirect(303, `${href(`/organiser/events/${id}`)}?saved=1`);
}

export function setArchived(organiser: Organiser, id: number, archived: boolean) {
	if (!archived && organiser.role !== 'admin') return fail(403, { message: m.admins_only() });
	events.setEventArchived(database(), id, archived, { organiserId: organiser.id });
	redirect(303, href(`/organiser/events/${id}`));
}
