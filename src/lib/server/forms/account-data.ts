import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { href } from '$lib/i18n';
import * as m from '$lib/paraglide/messages';
import { database } from '../app';
import * as erasing from '../accounts/erase';
import { exportOf } from '../accounts/export';
import * as auth from '../auth/sessions';
import * as guard from '../auth/guard';

/*
 * A member's own data: the download of everything held about them, and the deletion of their
 * account (accounts/export.ts, accounts/erase.ts).
 */

/** Everything held about the member asking, as a JSON file to keep; made for them alone. */
export function download(event: Pick<RequestEvent, 'locals'>): Response {
	const account = guard.requireAccount(event.locals);
	const now = Date.now();
	const data = exportOf(database(), account.id, now);
	const day = new Date(now).toISOString().slice(0, 10);
	return new Response(JSON.stringify(data, null, 2), {
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'content-disposition': `attachment; filename="rencontres-my-data-${day}.json"`,
			'cache-control': 'private, no-store'
		}
	});
}

const CHOICES: readonly string[] = ['keep', 'delete'] satisfies erasing.MessagesChoice[];

/**
 * Deletes the account of the member asking, once they typed their current password (checked
 * under the login limits) and chose what becomes of their messages; then they are signed out
 * of this browser too, and told it is done.
 */
export async function remove(event: RequestEvent) {
	const account = guard.requireAccount(event.locals);
	const form = await event.request.formData();
	const password = form.get('password');
	const rawChoice = form.get('messages');
	const choice = typeof rawChoice === 'string' && CHOICES.includes(rawChoice) ? rawChoice : '';
	if (!choice || typeof password !== 'string' || password === '')
		return fail(400, {
			choice,
			errors: {
				...(choice ? {} : { messages: m.data_delete_choose() }),
				...(typeof password === 'string' && password !== ''
					? {}
					: { password: m.data_delete_wrong_password() })
			},
			message: m.form_has_errors()
		});
	const db = database();
	const checked = await auth.checkPassword(db, {
		email: account.email,
		password,
		address: event.getClientAddress()
	});
	if (!checked.ok && checked.reason === 'rate_limited')
		return fail(429, { choice, errors: {}, message: m.login_rate_limited() });
	if (!checked.ok)
		return fail(400, {
			choice,
			errors: { password: m.data_delete_wrong_password() },
			message: m.form_has_errors()
		});
	try {
		erasing.erase(db, account.id, { messages: choice as erasing.MessagesChoice });
	} catch (error) {
		if (!(error instanceof erasing.LastAdminError)) throw error;
		return fail(409, { choice, errors: {}, message: m.data_delete_last_admin() });
	}
	event.cookies.delete(auth.SESSION_COOKIE, { path: '/' });
	// Nothing of theirs stays in this browser either: pages made for them, cookies, storage.
	event.setHeaders({ 'clear-site-data': '"cache", "cookies", "storage"' });
	redirect(303, href('/account-deleted'));
}
