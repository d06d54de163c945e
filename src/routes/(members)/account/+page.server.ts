import * as guard from '$lib/server/auth/guard';
import * as members from '$lib/server/forms/members';
import * as notificationActions from '$lib/server/forms/notification-actions';
import { database } from '$lib/server/app';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => {
	const { id, name, email, locale, role } = guard.requireAccount();
	return {
		account: { name, email, locale, role },
		done: members.accountDoneOf(url),
		notifications: notificationActions.settingsOf(database(), id, url)
	};
};

export const actions = {
	name: members.rename,
	locale: members.setLocale,
	password: members.changePassword,
	notifications: notificationActions.saveSettings
} satisfies Actions;
