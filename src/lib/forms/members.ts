import * as m from '$lib/paraglide/messages';
import { defineForm, type FormValues, type Messages } from './define';

/*
 * The members' forms, declared once: joining, logging in and the account page's three forms.
 * Passwords are read like any field but never handed back to a page.
 */

const PASSWORD_MESSAGES = {
	too_short: m.error_password_too_short,
	too_long: m.error_password_too_long,
	too_guessable: m.error_password_too_guessable
};

/** What every account's details may be refused for (accounts.AccountProblem), said to a member. */
export const ACCOUNT_MESSAGES: Messages = {
	name: {
		required: m.error_name_required,
		too_short: m.error_name_too_short,
		too_long: m.error_name_too_long,
		invalid_characters: m.error_name_invalid_characters,
		taken: m.error_name_taken
	},
	email: {
		taken: m.error_account_email_taken,
		'*': m.error_email_invalid
	},
	locale: { '*': m.error_locale_invalid },
	password: PASSWORD_MESSAGES
};

export const joinForm = defineForm(
	{
		name: { label: m.join_name, hint: m.join_name_hint },
		email: { label: m.join_email, hint: m.join_email_hint },
		password: { label: m.join_password, hint: m.password_new_hint },
		locale: { label: m.join_locale, hint: m.join_locale_hint }
	},
	{ messages: ACCOUNT_MESSAGES }
);

export const loginForm = defineForm(
	{ email: { label: m.login_email }, password: { label: m.login_password } },
	{ messages: {} }
);

export const nameForm = defineForm(
	{ name: { label: m.join_name, hint: m.join_name_hint } },
	{ messages: ACCOUNT_MESSAGES }
);

export const localeForm = defineForm(
	{ locale: { label: m.join_locale, hint: m.join_locale_hint } },
	{ messages: ACCOUNT_MESSAGES }
);

export const passwordForm = defineForm(
	{
		current: { label: m.password_current },
		password: { label: m.password_new, hint: m.password_new_hint },
		confirm: { label: m.password_confirm }
	},
	{
		messages: {
			current: {
				required: m.error_password_current_required,
				wrong: m.error_password_current_wrong
			},
			password: PASSWORD_MESSAGES,
			confirm: { mismatch: m.error_password_mismatch }
		}
	}
);

export type JoinValues = FormValues<typeof joinForm>;
