import { emptyEventForm } from '$lib/server/forms/events';
import * as eventActions from '$lib/server/forms/event-actions';
import type { Actions, PageServerLoad } from './$types';
import * as guard from '$lib/server/auth/guard';

export const load: PageServerLoad = () => {
	guard.requireRole('organiser');
	// Timed by default: without JavaScript, times typed with "all day" ticked would be dropped.
	return { values: { ...emptyEventForm(), timeZone: 'Europe/Paris', country: 'FR' } };
};

export const actions = {
	save: (requestEvent) => eventActions.saveEvent(requestEvent, guard.requireRole('organiser'), null)
} satisfies Actions;
