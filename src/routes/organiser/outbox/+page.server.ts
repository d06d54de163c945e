import * as guard from '$lib/server/auth/guard';
import * as mail from '$lib/server/forms/mail';
import type { Actions, PageServerLoad } from './$types';

// Admins only: the hook's guard (AREAS) and each handler here, on its own.
export const load: PageServerLoad = ({ url }) => {
	guard.requireRole('admin');
	return { ...mail.outboxPage(), retried: url.searchParams.get('retried') };
};

export const actions = {
	retry: (event) => {
		guard.requireRole('admin');
		return mail.retryEmail(event);
	}
} satisfies Actions;
