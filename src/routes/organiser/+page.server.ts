import { database } from '$lib/server/app';
import * as views from '$lib/server/views/organiser';
import { getLocale } from '$lib/paraglide/runtime';
import type { PageServerLoad } from './$types';
import * as guard from '$lib/server/auth/guard';

export const load: PageServerLoad = () => {
	guard.requireRole('organiser');
	return views.dashboard(database(), getLocale());
};
