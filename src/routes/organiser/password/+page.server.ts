import { fail } from '@sveltejs/kit';
import { database } from '$lib/server/app';
import * as auth from '$lib/server/auth/sessions';
import * as guard from '$lib/server/auth/guard';
import * as m from '$lib/paraglide/messages';
import type { Actions, PageServerLoad } from './$types';

const PROBLEM_MESSAGES = {
	current: { required: m.error_password_current_required, wrong: m.error_password_current_wrong },
	password: {
		too_short: m.error_password_too_short,
		too_long: m.error_password_too_long,
		too_guessable: m.error_password_too_guessable
	},
	confirm: { mismatch: m.error_password_mismatch }
} as const;

export const load: PageServerLoad = () => {
	guard.requireRole('organiser');
	return {};
};

export const actions = {
	default: async ({ request, cookies, getClientAddress }) => {
		const account = guard.requireRole('organiser');
		const form = await request.formData();
		const field = (name: string) => String(form.get(name) ?? '');
		const result = await auth.changePassword(database(), {
			account,
			current: field('current'),
			password: field('password'),
			confirm: field('confirm'),
			address: getClientAddress(),
			sessionToken: cookies.get(auth.SESSION_COOKIE) ?? ''
		});
		// Only errors come back: passwords are never written into a page.
		if (!result.ok && result.reason === 'rate_limited')
			return fail(429, { errors: {}, message: m.login_rate_limited() });
		if (!result.ok) {
			const errors: Record<string, string> = {};
			for (const p of result.problems)
				errors[p.field] = (PROBLEM_MESSAGES[p.field] as Record<string, () => string>)[p.code]!();
			return fail(400, { errors, message: m.form_has_errors() });
		}
		return { changed: true };
	}
} satisfies Actions;
