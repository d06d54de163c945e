import { eventFormValues } from '$lib/server/forms/events';
import * as eventActions from '$lib/server/forms/event-actions';
import * as content from '$lib/server/forms/content';
import { doneOf } from '$lib/server/forms/outcome';
import type { Actions, PageServerLoad } from './$types';
import * as guard from '$lib/server/auth/guard';

export const load: PageServerLoad = ({ params, url }) => {
	guard.requireRole('organiser');
	const event = content.findOr404('event', params.id);
	return {
		event: {
			id: event.id,
			slug: event.slug,
			version: event.version,
			status: event.status,
			draft: event.draft,
			archived: event.archivedAt !== null
		},
		values: eventFormValues(event),
		done: doneOf(url)
	};
};

/** The id the address names, once it is known to exist (a 404 otherwise). */
const eventId = (raw: string) => content.findOr404('event', raw).id;

export const actions = {
	save: (requestEvent) =>
		eventActions.saveEvent(
			requestEvent,
			guard.requireRole('organiser'),
			eventId(requestEvent.params.id)
		),
	publish: (requestEvent) =>
		eventActions.changeState(
			requestEvent,
			guard.requireRole('organiser'),
			eventId(requestEvent.params.id),
			'publish'
		),
	cancel: (requestEvent) =>
		eventActions.changeState(
			requestEvent,
			guard.requireRole('organiser'),
			eventId(requestEvent.params.id),
			'cancel'
		),
	reinstate: (requestEvent) =>
		eventActions.changeState(
			requestEvent,
			guard.requireRole('organiser'),
			eventId(requestEvent.params.id),
			'reinstate'
		),
	archive: (requestEvent) =>
		content.setArchived(
			'event',
			requestEvent,
			guard.requireRole('organiser'),
			eventId(requestEvent.params.id),
			true
		),
	unarchive: (requestEvent) =>
		content.setArchived(
			'event',
			requestEvent,
			guard.requireRole('organiser'),
			eventId(requestEvent.params.id),
			false
		)
} satisfies Actions;
