import { database } from '$lib/server/app';
import * as views from '$lib/server/organiser-views';
import { getLocale } from '$lib/paraglide/runtime';
import type { PageServerLoad } from './$types';
import * as guard from '$lib/server/guard';

export const load: PageServerLoad = () => {
	guard.requireOrganiser();
	return views.dashboard(database(), getLocale());
};
