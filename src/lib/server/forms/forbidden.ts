import { fail } from '@sveltejs/kit';
import * as m from '$lib/paraglide/messages';
import { Forbidden } from '../auth/policy';

/**
 * What a form action answers when the policy refused (auth/policy.ts): 403, with a message on
 * the page in the reader's language. Anything else is rethrown.
 */
export function refusal(error: unknown) {
	if (!(error instanceof Forbidden)) throw error;
	return fail(403, { message: error.needs === 'admin' ? m.admins_only() : m.not_allowed() });
}
