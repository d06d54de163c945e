import { fail } from '@sveltejs/kit';
import { database } from '$lib/server/app';
import * as guard from '$lib/server/auth/guard';
import * as accounts from '$lib/server/accounts/accounts';
import * as m from '$lib/paraglide/messages';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

const PROBLEM_MESSAGES = {
	email: {
		invalid: m.error_email_invalid,
		taken: m.error_email_taken,
		unknown: m.error_organiser_unknown
	},
	name: {
		required: m.error_name_required,
		too_short: m.error_name_too_short,
		too_long: m.error_name_too_long,
		invalid_characters: m.error_name_invalid_characters,
		taken: m.error_name_taken
	},
	locale: { invalid: m.error_locale_invalid },
	password: {
		too_short: m.error_password_too_short,
		too_long: m.error_password_too_long,
		too_guessable: m.error_password_too_guessable
	}
} as const;

export const load: PageServerLoad = () => {
	guard.requireRole('admin');
	return { accounts: accounts.list(database()) };
};

export const actions = {
	add: async ({ request }: RequestEvent) => {
		const admin = guard.requireRole('admin');
		const form = await request.formData();
		const values = {
			email: String(form.get('email') ?? ''),
			name: String(form.get('name') ?? ''),
			role: form.get('role') === 'admin' ? ('admin' as const) : ('organiser' as const)
		};
		try {
			await accounts.add(
				database(),
				{ ...values, password: String(form.get('password') ?? '') },
				{ actor: admin }
			);
		} catch (e) {
			if (!(e instanceof accounts.AccountInputError)) throw e;
			const errors: Record<string, string> = {};
			for (const p of e.problems)
				errors[p.field] = (PROBLEM_MESSAGES[p.field] as Record<string, () => string>)[p.code]!();
			return fail(400, { values, errors, message: m.form_has_errors() });
		}
		return { added: true };
	},
	disable: async ({ request }: RequestEvent) => {
		const admin = guard.requireRole('admin');
		const email = String((await request.formData()).get('email') ?? '');
		// An admin cannot lock themselves out: another admin has to. Compared as stored, or
		// ` Admin@Example.org ` would slip past.
		if (accounts.normaliseEmail(email) === admin.email)
			return fail(400, { message: m.organisers_cannot_disable_self() });
		try {
			accounts.disable(database(), email, { actor: admin });
		} catch (e) {
			if (!(e instanceof accounts.AccountInputError)) throw e;
			return fail(400, { message: m.error_organiser_unknown() });
		}
		return { disabled: accounts.normaliseEmail(email) };
	}
} satisfies Actions;
