import * as guard from '$lib/server/auth/guard';
import * as messageActions from '$lib/server/forms/message-actions';
import { defaultMessageLocale } from '$lib/server/forum/locale';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	const account = guard.requireAccount(locals);
	return { defaultLocale: defaultMessageLocale(account) };
};

export const actions = { default: messageActions.startTopic } satisfies Actions;
