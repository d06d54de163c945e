import * as guard from '$lib/server/auth/guard';
import * as members from '$lib/server/forms/members';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => {
	const { name, email, locale, role, heldAt, holdReason } = guard.requireAccount();
	return {
		account: { name, email, locale, role },
		done: members.accountDoneOf(url),
		// Made without the anti-robot check (abuse/altcha.ts): waits for a moderator, and is told so.
		heldWithoutProof: heldAt !== null && holdReason === 'no_proof'
	};
};

export const actions = {
	name: members.rename,
	locale: members.setLocale,
	password: members.changePassword
} satisfies Actions;
