import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { newPasswordForm, resetRequestForm } from '$lib/forms/mail';
import { HUB_TIME_ZONE } from '$lib/content';
import { formatPosted } from '$lib/format';
import { href } from '$lib/i18n';
import { getLocale } from '$lib/paraglide/runtime';
import { paths } from '$lib/paths';
import * as m from '$lib/paraglide/messages';
import { database } from '../app';
import * as guard from '../auth/guard';
import * as auth from '../auth/sessions';
import * as limits from '../abuse/limits';
import * as confirmations from '../mail/confirmations';
import * as outbox from '../mail/outbox';
import * as reset from '../mail/reset';
import * as mailing from '../mail/sending';
import type { Lookup } from '../mail/tokens';

/*
 * The pages of emailed links (confirming an address, a new password), the account page's
 * "send the link again", and the admins' outbox. Every success is a 303; every refusal says
 * why in the reader's language.
 */

const TOKEN_MESSAGES = {
	unknown: m.mail_token_unknown,
	expired: m.mail_token_expired,
	used: m.mail_token_used
} as const;

type TokenPage = { state: 'valid' | 'done' } | { state: 'invalid'; message: string };

/**
 * What a token's page shows: its form, or why the link no longer works; `?done` after the
 * form's 303 says it worked (only when the token is indeed used).
 */
function tokenState(found: Lookup, url: URL): TokenPage {
	if (found.ok) return { state: 'valid' };
	if (found.reason === 'used' && url.searchParams.has('done')) return { state: 'done' };
	return { state: 'invalid', message: TOKEN_MESSAGES[found.reason]() };
}

const minutes = (seconds: number) => String(Math.max(1, Math.ceil(seconds / 60)));

/** GET /confirm/[token]: a page with a button; looking uses nothing up. */
export function confirmPage({ params, url }: Pick<RequestEvent, 'params' | 'url'>) {
	return tokenState(confirmations.check(database(), params.token ?? '', Date.now()), url);
}

export function confirmEmail({ params }: RequestEvent) {
	const done = confirmations.confirm(database(), params.token ?? '', Date.now());
	if (!done.ok)
		return fail(done.reason === 'unknown' ? 404 : 410, { message: TOKEN_MESSAGES[done.reason]() });
	redirect(303, `${href(paths.confirm(params.token!))}?done`);
}

/** The account page's "send the link again", limited per account. */
export async function resendConfirmation(event: RequestEvent) {
	const account = guard.requireAccount(event.locals);
	try {
		confirmations.resend(database(), account, Date.now());
	} catch (e) {
		if (!(e instanceof limits.RateLimited)) throw e;
		event.setHeaders({ 'retry-after': String(e.retryAfterSeconds) });
		return fail(429, {
			form: 'confirmation' as const,
			message: m.mail_status_rate_limited({ minutes: minutes(e.retryAfterSeconds) })
		});
	}
	redirect(303, `${href('/account')}?mail=sent`);
}

/** GET /password-reset. */
export function resetRequestPage({ url }: Pick<RequestEvent, 'url'>) {
	return { sending: mailing.sending(), sent: url.searchParams.has('sent') };
}

/** The same answer whether or not the address has an account (a 303 to "if it exists, we sent it"). */
export async function requestReset(event: RequestEvent) {
	if (!mailing.sending()) error(404, m.mail_reset_not_sending());
	const { email } = resetRequestForm.read(await event.request.formData());
	const typed = email.slice(0, 320);
	if (!typed.trim()) return fail(400, { email: typed, message: m.login_missing() });
	try {
		reset.request(database(), typed, event.getClientAddress(), Date.now());
	} catch (e) {
		if (!(e instanceof limits.RateLimited)) throw e;
		event.setHeaders({ 'retry-after': String(e.retryAfterSeconds) });
		return fail(429, {
			email: typed,
			message: m.mail_reset_rate_limited({ minutes: minutes(e.retryAfterSeconds) })
		});
	}
	redirect(303, `${href('/password-reset')}?sent`);
}

/** GET /password-reset/[token]: the form, or why the link no longer works. */
export function newPasswordPage({ params, url }: Pick<RequestEvent, 'params' | 'url'>) {
	return tokenState(reset.check(database(), params.token ?? '', Date.now()), url);
}

export async function setNewPassword(event: RequestEvent) {
	const values = newPasswordForm.read(await event.request.formData());
	const result = await reset.resetPassword(
		database(),
		{ token: event.params.token ?? '', ...values },
		Date.now()
	);
	if (!result.ok && result.reason === 'token')
		return fail(410, { errors: {}, message: TOKEN_MESSAGES[result.token]() });
	if (!result.ok)
		return fail(400, {
			errors: newPasswordForm.messages(result.problems),
			message: m.form_has_errors()
		});
	// This browser's session, if any, ended with the others: it logs in again with the new password.
	event.cookies.delete(auth.SESSION_COOKIE, { path: '/' });
	redirect(303, `${href(paths.passwordReset(event.params.token!))}?done`);
}

/** The admins' view of the outbox. */
export function outboxPage() {
	guard.requireRole('admin');
	const db = database();
	return {
		sending: mailing.sending(),
		counts: outbox.counts(db),
		latest: outbox.latest(db).map((row) => ({
			...row,
			next:
				row.nextAttemptAt === null
					? ''
					: formatPosted(row.nextAttemptAt, HUB_TIME_ZONE, getLocale())
		})),
		maxAttempts: outbox.MAX_ATTEMPTS
	};
}

export async function retryEmail(event: RequestEvent) {
	guard.requireRole('admin');
	const id = Number((await event.request.formData()).get('id'));
	if (!Number.isSafeInteger(id) || !outbox.retry(database(), id, Date.now()))
		return fail(400, { message: m.mail_outbox_not_retried() });
	redirect(303, `${href('/organiser/outbox')}?retried=${id}`);
}
