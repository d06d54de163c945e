import * as guard from '$lib/server/auth/guard';
import * as members from '$lib/server/forms/members';
import * as mail from '$lib/server/forms/mail';
import * as confirmations from '$lib/server/mail/confirmations';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => {
	const account = guard.requireAccount();
	const { name, email, locale, role } = account;
	return {
		account: { name, email, locale, role },
		done: members.accountDoneOf(url),
		emailStatus: confirmations.statusOf(account)
	};
};

export const actions = {
	name: members.rename,
	locale: members.setLocale,
	password: members.changePassword,
	resendConfirmation: mail.resendConfirmation
} satisfies Actions;
