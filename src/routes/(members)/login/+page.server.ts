import * as guard from '$lib/server/auth/guard';
import * as members from '$lib/server/forms/members';
import * as mailing from '$lib/server/mail/sending';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
	members.leaveIfLoggedIn(event, guard.homeOf('member'));
	return { passwordReset: mailing.sending() };
};

export const actions = {
	default: (event) => members.login(event, () => guard.homeOf('member'))
} satisfies Actions;
