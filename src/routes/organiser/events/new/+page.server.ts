import { emptyEventForm } from '$lib/server/forms/events';
import * as eventActions from '$lib/server/forms/event-actions';
import type { Actions, PageServerLoad } from './$types';
import * as guard from '$lib/server/guard';

export const load: PageServerLoad = () => {
	guard.requireOrganiser();
	return { values: { ...emptyEventForm(), allDay: 'on', timeZone: 'Europe/Paris', country: 'FR' } };
};

export const actions = {
	save: (event) => eventActions.saveEvent(event, guard.requireOrganiser(), null)
} satisfies Actions;
