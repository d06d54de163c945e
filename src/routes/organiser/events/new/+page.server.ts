import { emptyEventForm } from '$lib/server/forms/events';
import { saveEvent } from '$lib/server/forms/event-actions';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => ({ values: { ...emptyEventForm(), allDay: 'on', timeZone: 'Europe/Paris', country: 'FR' } });

export const actions = {
	save: (event) => saveEvent(event, null)
} satisfies Actions;
