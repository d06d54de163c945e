import { eventFormValues } from '$lib/server/forms/events';
import * as eventActions from '$lib/server/forms/event-actions';
import * as content from '$lib/server/forms/content';
import { doneOf } from '$lib/server/forms/outcome';
import type { Actions, PageServerLoad } from './$types';
import * as guard from '$lib/server/auth/guard';

export const load: PageServerLoad = ({ params, url }) => {
	guard.requireOrganiser();
	const event = content.findOr404('event', params.id);
	return {
		event: { id: event.id, slug: event.slug, version: event.version, status: event.status, draft: event.draft, archived: event.archivedAt !== null },
		values: eventFormValues(event),
		done: doneOf(url)
	};
};

/** The id the address names, once it is known to exist (a 404 otherwise). */
const eventId = (raw: string) => content.findOr404('event', raw).id;

export const actions = {
	save: (event) => eventActions.saveEvent(event, guard.requireOrganiser(), eventId(event.params.id)),
	publish: (event) => eventActions.changeState(event, guard.requireOrganiser(), eventId(event.params.id), 'publish'),
	cancel: (event) => eventActions.changeState(event, guard.requireOrganiser(), eventId(event.params.id), 'cancel'),
	reinstate: (event) => eventActions.changeState(event, guard.requireOrganiser(), eventId(event.params.id), 'reinstate'),
	archive: (event) => content.setArchived('event', event, guard.requireOrganiser(), eventId(event.params.id), true),
	unarchive: (event) => content.setArchived('event', event, guard.requireOrganiser(), eventId(event.params.id), false)
} satisfies Actions;
