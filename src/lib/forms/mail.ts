import * as m from '$lib/paraglide/messages';
import { defineForm } from './define';

/* The emailed links' forms: asking for a reset link, and choosing the new password. */

export const resetRequestForm = defineForm(
	{ email: { label: m.mail_reset_email } },
	{ messages: {} }
);

export const newPasswordForm = defineForm(
	{
		password: { label: m.password_new, hint: m.password_new_hint },
		confirm: { label: m.password_confirm }
	},
	{
		messages: {
			password: {
				too_short: m.error_password_too_short,
				too_long: m.error_password_too_long,
				too_guessable: m.error_password_too_guessable
			},
			confirm: { mismatch: m.error_password_mismatch }
		}
	}
);
