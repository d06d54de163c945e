import * as m from '$lib/paraglide/messages';
import { paths } from '$lib/paths';
import * as accounts from '../accounts/accounts';
import { checkNewPassword, type PasswordProblem } from '../auth/passwords';
import type { Db } from '../db';
import { prepared } from '../db/prepared';
import { compose } from './compose';
import { automaticFooter, emailLink } from './confirmations';
import * as outbox from './outbox';
import * as mailing from './sending';
import * as tokens from './tokens';
import * as limits from '../abuse/limits';

/*
 * Password reset by email. Asking answers the same whether the address has an account or not
 * (and does the same work), so the form tells nobody who is a member. The link is valid an
 * hour, once; using it ends every session of the account and every other reset link.
 */

export const RESET_TTL_MS = 3_600_000;
/** Per address asked for (someone flooding a member's inbox) and per client address (someone probing). */
export const PER_EMAIL = { max: 3, windowMs: 3_600_000 };
export const PER_CLIENT = { max: 10, windowMs: 3_600_000 };

/**
 * Someone asks for a reset link for `email`: sent when it is a live account's. Throws
 * RateLimited past either limit, whether or not the account exists.
 */
export function request(db: Db, email: string, client: string, now: number): void {
	if (!mailing.sending()) return;
	const address = accounts.normaliseEmail(email).slice(0, 320);
	limits.take(db, `reset-client:${client}`, PER_CLIENT, now);
	limits.take(db, `reset-email:${address}`, PER_EMAIL, now);
	db.transaction(() => {
		const account = accounts.findByEmail(db, address);
		if (!account || account.disabledAt !== null) return;
		const locale = account.locale;
		const token = tokens.issue(db, account.id, 'reset', RESET_TTL_MS, now);
		const composed = compose({
			lang: locale,
			subject: m.mail_reset_subject({}, { locale }),
			paragraphs: [
				m.mail_greeting({ name: account.name }, { locale }),
				m.mail_reset_body({ site: m.site_name({}, { locale }) }, { locale }),
				m.mail_reset_ignore({}, { locale })
			],
			action: {
				label: m.mail_reset_action({}, { locale }),
				url: emailLink(paths.passwordReset(token), locale)
			},
			footer: automaticFooter(locale)
		});
		outbox.enqueue(
			db,
			{ to: account.email, accountId: account.id, kind: 'reset', locale, ...composed },
			now
		);
	});
}

/** What the new-password page shows before anything is typed. */
export function check(db: Db, token: string, now: number): tokens.Lookup {
	return tokens.lookup(db, token, 'reset', now);
}

export type ResetProblem =
	{ field: 'password'; code: PasswordProblem } | { field: 'confirm'; code: 'mismatch' };

export type ResetResult =
	| { ok: true; account: accounts.Account }
	| { ok: false; reason: 'token'; token: Exclude<tokens.Lookup, { ok: true }>['reason'] }
	| { ok: false; reason: 'problems'; problems: ResetProblem[] };

/**
 * A new password with the link's token: the password is checked first (a weak one keeps the
 * link usable), then the token used in one statement (of two posts, one wins), then the
 * password set, which ends every session. Opening the link also proves the address.
 */
export async function resetPassword(
	db: Db,
	input: { token: string; password: string; confirm: string },
	now: number
): Promise<ResetResult> {
	const found = check(db, input.token, now);
	if (!found.ok) return { ok: false, reason: 'token', token: found.reason };
	const account = accounts.findById(db, found.accountId);
	if (!account || account.disabledAt !== null)
		return { ok: false, reason: 'token', token: 'unknown' };
	const problems: ResetProblem[] = [];
	const weak = await checkNewPassword(input.password, [account.email, account.name]);
	if (weak) problems.push({ field: 'password', code: weak });
	else if (input.password !== input.confirm) problems.push({ field: 'confirm', code: 'mismatch' });
	if (problems.length) return { ok: false, reason: 'problems', problems };
	const used = db.transaction(
		() => {
			const result = tokens.use(db, input.token, 'reset', now);
			if (result.ok)
				prepared(
					db,
					`update accounts set email_confirmed_at = ? where id = ? and email_confirmed_at is null`
				).run(now, result.accountId);
			return result;
		},
		{ behavior: 'immediate' }
	);
	if (!used.ok) return { ok: false, reason: 'token', token: used.reason };
	return { ok: true, account: await accounts.setPassword(db, account, input.password, {}, now) };
}
