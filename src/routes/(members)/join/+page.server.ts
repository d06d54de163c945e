import { getLocale } from '$lib/paraglide/runtime';
import * as guard from '$lib/server/auth/guard';
import * as members from '$lib/server/forms/members';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	members.leaveIfLoggedIn(event, guard.homeOf('member'));
	// The interface language offered first: the page's.
	return { locale: getLocale() };
};

export const actions = {
	default: members.join
} satisfies Actions;
