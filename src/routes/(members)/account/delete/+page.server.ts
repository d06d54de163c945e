import * as guard from '$lib/server/auth/guard';
import * as accountData from '$lib/server/forms/account-data';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => {
	const { name } = guard.requireAccount();
	return { name };
};

export const actions = {
	default: accountData.remove
} satisfies Actions;
