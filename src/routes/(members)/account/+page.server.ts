import * as guard from '$lib/server/auth/guard';
import * as members from '$lib/server/forms/members';
import * as mail from '$lib/server/forms/mail';
import * as notificationActions from '$lib/server/forms/notification-actions';
import * as confirmations from '$lib/server/mail/confirmations';
import { database } from '$lib/server/app';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => {
	const account = guard.requireAccount();
	const { id, name, email, locale, role, heldAt, holdReason } = account;
	return {
		account: { name, email, locale, role },
		done: members.accountDoneOf(url),
		emailStatus: confirmations.statusOf(account),
		notifications: notificationActions.settingsOf(database(), id, url),
		// Made without the anti-robot check (abuse/altcha.ts): waits for a moderator, and is told so.
		heldWithoutProof: heldAt !== null && holdReason === 'no_proof'
	};
};

export const actions = {
	name: members.rename,
	locale: members.setLocale,
	password: members.changePassword,
	notifications: notificationActions.saveSettings,
	resendConfirmation: mail.resendConfirmation
} satisfies Actions;
