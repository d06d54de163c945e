import { error, fail, redirect, type RequestEvent } from '@sveltejs/kit';
import { href } from '$lib/i18n';
import * as m from '$lib/paraglide/messages';
import { paths } from '$lib/paths';
import { getLocale } from '$lib/paraglide/runtime';
import { database } from '../app';
import * as guard from '../auth/guard';
import type { Db } from '../db';
import { EMAIL_FREQUENCIES } from '../db/schema';
import * as follows from '../mail/follows';
import * as notifications from '../mail/notifications';
import * as unsubscribe from '../mail/unsubscribe';

/*
 * The pages where a member says what they want to hear of: the account page's notification
 * settings, and the unsubscribe page an email links to (no sign-in: the token is the proof).
 */

/** The unsubscribe page's token, or 404 when it is not one of ours: nothing is changed then. */
function targetOf(event: RequestEvent): unsubscribe.Target {
	const target = unsubscribe.read(database(), event.params.token ?? '');
	if (!target) error(404, m.notify_unsubscribe_invalid());
	return target;
}

const DONE = ['discussion', 'all'] as const;

/** What the unsubscribe page shows: what the link stops, and what was done (`?done=`). */
export function unsubscribePage(event: RequestEvent) {
	const target = targetOf(event);
	const described = unsubscribe.describe(database(), target, getLocale());
	if (!described) error(404, m.notify_unsubscribe_invalid());
	const done = DONE.find((d) => d === event.url.searchParams.get('done')) ?? null;
	return {
		discussion: described.discussion && {
			title: described.discussion.title,
			lang: described.discussion.lang,
			path: described.discussion.path
		},
		following: described.following,
		stoppedAll: described.stoppedAll,
		done
	};
}

/**
 * Stops what was asked. A mail client's one-click POST (RFC 8058: `List-Unsubscribe=One-Click`,
 * no cookie, from no page of ours) stops what the link names and gets a 200 at once; the page's
 * own buttons say which (`stop`) and are answered 303 back to the page.
 */
export async function stopEmails(event: RequestEvent) {
	const target = targetOf(event);
	const form = await event.request.formData();
	const oneClick = form.get('List-Unsubscribe') === 'One-Click';
	const asked = oneClick ? (target.scope === 'all' ? 'all' : 'discussion') : form.get('stop');
	const stop = DONE.find((d) => d === asked);
	if (!stop) return fail(400, { message: m.notify_unsubscribe_invalid() });
	if (!unsubscribe.stop(database(), target, stop)) error(404, m.notify_unsubscribe_invalid());
	if (oneClick) return { done: stop };
	redirect(303, `${href(paths.unsubscribe(event.params.token!))}?done=${stop}`);
}

/** The account page's notification settings. */
export function settingsOf(db: Db, accountId: number, url: URL) {
	return {
		...notifications.preferences(db, accountId),
		followed: follows.listFollowed(db, accountId, getLocale()),
		saved: url.searchParams.get('done') === 'notifications'
	};
}

/** The settings form: a frequency, or `unfollow` with a discussion's id (its own button). */
export async function saveSettings(event: RequestEvent) {
	const account = guard.requireAccount(event.locals);
	const form = await event.request.formData();
	const db = database();
	const unfollow = form.get('unfollow');
	if (unfollow !== null) {
		if (typeof unfollow !== 'string' || !/^[1-9]\d{0,11}$/.test(unfollow))
			return fail(400, { form: 'notifications', message: m.form_has_errors() });
		follows.unfollow(db, account.id, Number(unfollow));
	} else {
		const frequency = EMAIL_FREQUENCIES.find((f) => f === form.get('frequency'));
		if (!frequency)
			return fail(400, {
				form: 'notifications',
				errors: { frequency: m.notify_error_frequency() },
				message: m.form_has_errors()
			});
		notifications.setFrequency(db, account.id, frequency);
	}
	redirect(303, `${href('/account')}?done=notifications#notifications`);
}
