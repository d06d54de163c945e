import * as mail from '$lib/server/forms/mail';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => ({
	...mail.outboxPage(),
	retried: url.searchParams.get('retried')
});

export const actions = { retry: mail.retryEmail } satisfies Actions;
