import { database } from '$lib/server/app';
import * as guard from '$lib/server/auth/guard';
import * as views from '$lib/server/views/moderation';
import { pageNumber } from '$lib/server/views/reader';
import { getLocale } from '$lib/paraglide/runtime';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => {
	guard.requireRole('organiser');
	return { log: views.logPage(database(), getLocale(), pageNumber(url.searchParams.get('page'))) };
};
