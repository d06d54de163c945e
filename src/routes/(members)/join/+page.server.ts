import { getLocale } from '$lib/paraglide/runtime';
import * as guard from '$lib/server/auth/guard';
import * as members from '$lib/server/forms/members';
import * as formTraps from '$lib/server/forms/traps';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	members.leaveIfLoggedIn(event, guard.homeOf('member'));
	return {
		// The interface language offered first: the page's.
		locale: getLocale(),
		// The form's traps (the page is never cached: it is made for each visitor).
		formToken: formTraps.formToken('join'),
		altcha: await members.signUpChallenge()
	};
};

export const actions = {
	default: members.join
} satisfies Actions;
