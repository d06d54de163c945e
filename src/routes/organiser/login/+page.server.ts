import { href } from '$lib/i18n';
import * as members from '$lib/server/forms/members';
import * as mailing from '$lib/server/mail/sending';
import type { Actions, PageServerLoad } from './$types';

// The members' login, landing in the organiser area when nothing else was asked for.
const home = () => href('/organiser');

export const load: PageServerLoad = (event) => {
	members.leaveIfLoggedIn(event, home());
	return { passwordReset: mailing.sending() };
};

export const actions = {
	default: (event) => members.login(event, home)
} satisfies Actions;
