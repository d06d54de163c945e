import * as m from '$lib/paraglide/messages';
import { localisePlainPath } from '$lib/i18n';
import { paths } from '$lib/paths';
import type { Account } from '../accounts/accounts';
import type { Db } from '../db';
import { prepared } from '../db/prepared';
import { compose } from './compose';
import * as outbox from './outbox';
import * as mailing from './sending';
import * as tokens from './tokens';
import * as limits from '../abuse/limits';

/*
 * Email confirmation: when the hub sends email, a new member's first messages wait until they
 * open the link sent at sign-up (moderation/admission.ts). The link leads to a page with a
 * button: a mail scanner that follows links confirms nothing, only a POST does.
 */

export const CONFIRM_TTL_MS = 7 * 24 * 3_600_000;
/** Sending the link again: a few times an hour, no more (each is an email to someone). */
export const RESEND_LIMIT = { max: 3, windowMs: 3_600_000 };

type Recipient = Pick<Account, 'id' | 'email' | 'name' | 'locale'>;

/** An absolute link to `path` in `locale`, for an email. */
export function emailLink(path: string, locale: Recipient['locale']): string {
	return mailing.linkOrigin() + (localisePlainPath(path, locale) ?? `/${locale}${path}`);
}

/** The footer every email of ours ends with: who sent it and why. */
export function automaticFooter(locale: Recipient['locale']): string[] {
	return [
		m.mail_footer_automatic(
			{ site: m.site_name({}, { locale }), origin: mailing.linkOrigin() },
			{ locale }
		)
	];
}

function queueConfirmation(db: Db, account: Recipient, now: number) {
	const locale = account.locale;
	const token = tokens.issue(db, account.id, 'confirm', CONFIRM_TTL_MS, now);
	const email = compose({
		lang: locale,
		subject: m.mail_confirm_subject({}, { locale }),
		paragraphs: [
			m.mail_greeting({ name: account.name }, { locale }),
			m.mail_confirm_body({ site: m.site_name({}, { locale }) }, { locale }),
			m.mail_confirm_ignore({}, { locale })
		],
		action: {
			label: m.mail_confirm_action({}, { locale }),
			url: emailLink(paths.confirm(token), locale)
		},
		footer: automaticFooter(locale)
	});
	outbox.enqueue(
		db,
		{ to: account.email, accountId: account.id, kind: 'confirm', locale, ...email },
		now
	);
}

/** A member just signed up: queue the confirmation email, in the transaction that made the account. */
export function onSignUp(db: Db, account: Account, now: number) {
	// Without email, nothing waits for a link that would never come (moderators approve instead).
	if (!mailing.sending()) return;
	queueConfirmation(db, account, now);
}

export type Status = { sending: boolean; confirmed: boolean };

/** What the account page says about the address. */
export function statusOf(account: Pick<Account, 'emailConfirmedAt'>): Status {
	return { sending: mailing.sending(), confirmed: account.emailConfirmedAt !== null };
}

export type Resent = { ok: true } | { ok: false; reason: 'not_sending' | 'confirmed' };

/** The member asks for the link again: a new one, under RESEND_LIMIT (throws RateLimited). */
export function resend(db: Db, account: Recipient, now: number): Resent {
	if (!mailing.sending()) return { ok: false, reason: 'not_sending' };
	const row = prepared(db, `select email_confirmed_at from accounts where id = ?`).get(
		account.id
	) as { email_confirmed_at: number | null } | undefined;
	if (!row || row.email_confirmed_at !== null) return { ok: false, reason: 'confirmed' };
	limits.take(db, limits.accountKey(account.id, 'confirm-resend'), RESEND_LIMIT, now);
	db.transaction(() => queueConfirmation(db, account, now));
	return { ok: true };
}

/** What the confirmation page shows before the button is pressed: nothing is used. */
export function check(db: Db, token: string, now: number): tokens.Lookup {
	return tokens.lookup(db, token, 'confirm', now);
}

/** The button was pressed: the address is confirmed, and the token (and its siblings) used. */
export function confirm(db: Db, token: string, now: number): tokens.Lookup {
	return db.transaction(
		() => {
			const used = tokens.use(db, token, 'confirm', now);
			if (used.ok)
				prepared(
					db,
					`update accounts set email_confirmed_at = ?, updated_at = ? where id = ? and email_confirmed_at is null`
				).run(now, now, used.accountId);
			return used;
		},
		{ behavior: 'immediate' }
	);
}
