import type { ContentLocale } from '$lib/content';
import { href } from '$lib/i18n';
import { paths } from '$lib/paths';
import { sign, verify } from '../auth/signing';
import type { Db } from '../db';
import { prepared } from '../db/prepared';
import * as follows from './follows';

/*
 * Unsubscribing from an email's link, without signing in (RFC 8058 one-click included). The
 * link carries a token that says whose emails and which stop: `all` of them, or one discussion's.
 * Stateless: base64url of `accountId.scope.signature`, signed with the database's own secret
 * (auth/signing.ts), so nothing is stored per email and a forged or altered one is refused.
 */

export type Scope = 'all' | number;
export type Target = { accountId: number; scope: Scope };
/** What a visit may stop: the discussion the token names, or every notification email. */
export type Stop = 'discussion' | 'all';

const PURPOSE = 'unsubscribe';
/** Longer than any token we make (ids of 12 digits): refused before decoding anything. */
const MAX_TOKEN = 160;

const signed = (target: Target) => `${target.accountId}:${target.scope}`;

export function tokenFor(db: Db, target: Target): string {
	const signature = sign(db, PURPOSE, signed(target));
	return Buffer.from(`${target.accountId}.${target.scope}.${signature}`).toString('base64url');
}

/** The target of a token, or null when it is not one of ours (forged, altered, cut short). */
export function read(db: Db, token: string): Target | null {
	if (token.length > MAX_TOKEN || !/^[A-Za-z0-9_-]+$/.test(token)) return null;
	const parts = Buffer.from(token, 'base64url').toString('utf8').split('.');
	if (parts.length !== 3) return null;
	const [id, scope, signature] = parts as [string, string, string];
	if (!/^[1-9]\d{0,11}$/.test(id) || !/^(all|[1-9]\d{0,11})$/.test(scope)) return null;
	const target: Target = { accountId: Number(id), scope: scope === 'all' ? 'all' : Number(scope) };
	return verify(db, PURPOSE, signed(target), signature) ? target : null;
}

/** The page of a token, absolute (emails): `https://origin/{lang}/unsubscribe/{token}`. */
export function urlFor(db: Db, origin: string, locale: ContentLocale, target: Target): string {
	return `${origin.replace(/\/$/, '')}${href(paths.unsubscribe(tokenFor(db, target)), locale)}`;
}

/** The headers a notification carries: mail clients show "Unsubscribe" and POST to it (RFC 8058). */
export function headersFor(url: string): Record<string, string> {
	return { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}

/** What a token's page says: whose emails and which discussion; null when the account is gone. */
export function describe(db: Db, target: Target, locale: ContentLocale) {
	const account = prepared(db, 'select email_frequency from accounts where id = ?').get(
		target.accountId
	) as { email_frequency: string } | undefined;
	if (!account) return null;
	const discussion = target.scope === 'all' ? null : follows.describe(db, target.scope, locale);
	return {
		discussion,
		following:
			discussion !== null && follows.isFollowing(db, target.accountId, discussion.discussionId),
		stoppedAll: account.email_frequency === 'never'
	};
}

/**
 * Stops what was asked: the token's discussion (unfollowed: nothing more from it, replies
 * included) or every notification email (frequency "never"). Doing it twice changes nothing.
 * False when the account is gone.
 */
export function stop(db: Db, target: Target, what: Stop, now = Date.now()): boolean {
	return db.$client.transaction(() => {
		const found = prepared(db, 'select 1 from accounts where id = ?').get(target.accountId);
		if (!found) return false;
		if (what === 'discussion' && target.scope !== 'all') {
			follows.unfollow(db, target.accountId, target.scope);
			return true;
		}
		prepared(
			db,
			"update accounts set email_frequency = 'never', updated_at = ? where id = ? and email_frequency <> 'never'"
		).run(now, target.accountId);
		prepared(db, 'delete from notifications where account_id = ? and sent_at is null').run(
			target.accountId
		);
		return true;
	})();
}
