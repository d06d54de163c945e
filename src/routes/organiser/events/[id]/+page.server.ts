import { error } from '@sveltejs/kit';
import { database } from '$lib/server/app';
import * as events from '$lib/server/events';
import { eventFormValues } from '$lib/server/forms/events';
import { saveEvent, setArchived, setCancelled } from '$lib/server/forms/event-actions';
import * as m from '$lib/paraglide/messages';
import type { Actions, PageServerLoad } from './$types';
import * as guard from '$lib/server/guard';

function eventId(raw: string): number {
	const id = /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
	if (!events.findEventById(database(), id)) error(404, m.not_found_title());
	return id;
}

export const load: PageServerLoad = ({ params, url }) => {
	guard.requireOrganiser();
	const event = events.findEventById(database(), eventId(params.id))!;
	return {
		event: {
			id: event.id,
			slug: event.slug,
			version: event.version,
			cancelled: event.status === 'cancelled',
			archived: event.archivedAt !== null
		},
		values: eventFormValues(event),
		saved: url.searchParams.has('saved'),
		unchanged: url.searchParams.has('unchanged')
	};
};

export const actions = {
	save: (event) => saveEvent(event, guard.requireOrganiser(), eventId(event.params.id)),
	cancel: (event) => setCancelled(event, guard.requireOrganiser(), eventId(event.params.id), true),
	reinstate: (event) => setCancelled(event, guard.requireOrganiser(), eventId(event.params.id), false),
	archive: (event) => setArchived(guard.requireOrganiser(), eventId(event.params.id), true),
	unarchive: (event) => setArchived(guard.requireOrganiser(), eventId(event.params.id), false)
} satisfies Actions;
