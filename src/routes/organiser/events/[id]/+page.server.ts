import { error } from '@sveltejs/kit';
import { database } from '$lib/server/app';
import * as events from '$lib/server/content/events';
import { eventFormValues } from '$lib/server/forms/events';
import * as eventActions from '$lib/server/forms/event-actions';
import { doneOf } from '$lib/server/forms/outcome';
import * as m from '$lib/paraglide/messages';
import type { Actions, PageServerLoad } from './$types';
import * as guard from '$lib/server/auth/guard';

function eventId(raw: string): number {
	const id = /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
	if (!events.findEventById(database(), id)) error(404, m.not_found_title());
	return id;
}

export const load: PageServerLoad = ({ params, url }) => {
	guard.requireRole('organiser');
	const event = events.findEventById(database(), eventId(params.id))!;
	return {
		event: { id: event.id, slug: event.slug, version: event.version, status: event.status, draft: event.draft, archived: event.archivedAt !== null },
		values: eventFormValues(event),
		done: doneOf(url)
	};
};

export const actions = {
	save: (requestEvent) => eventActions.saveEvent(requestEvent, guard.requireRole('organiser'), eventId(requestEvent.params.id)),
	publish: (requestEvent) => eventActions.changeState(requestEvent, guard.requireRole('organiser'), eventId(requestEvent.params.id), 'publish'),
	cancel: (requestEvent) => eventActions.changeState(requestEvent, guard.requireRole('organiser'), eventId(requestEvent.params.id), 'cancel'),
	reinstate: (requestEvent) => eventActions.changeState(requestEvent, guard.requireRole('organiser'), eventId(requestEvent.params.id), 'reinstate'),
	archive: (requestEvent) => eventActions.setArchived(requestEvent, guard.requireRole('organiser'), eventId(requestEvent.params.id), true),
	unarchive: (requestEvent) => eventActions.setArchived(requestEvent, guard.requireRole('organiser'), eventId(requestEvent.params.id), false)
} satisfies Actions;
