import * as guard from '$lib/server/auth/guard';
import * as members from '$lib/server/forms/members';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => {
	const { name, email, locale, role } = guard.requireAccount();
	return { account: { name, email, locale, role }, done: members.accountDoneOf(url) };
};

export const actions = {
	name: members.rename,
	locale: members.setLocale,
	password: members.changePassword
} satisfies Actions;
