import type { Actor } from '../auth/policy';
import type { Db } from '../db';
import { prepared } from '../db/prepared';
import type { Locale } from '../db/schema';
import * as limits from '../abuse/limits';
import * as mailing from '../mail/sending';
import * as members from './members';
import * as words from './words';

/*
 * Whether a message may be written, and whether it is published or waits for a moderator.
 * Asked by messages.post, messages.edit and topics.start inside the transaction that writes,
 * so what it counts (rate limits) is counted only for what was written.
 */

export type HoldReason = 'new_member' | 'on_hold' | 'word';

export type Admission =
	{ state: 'published'; reason: null } | { state: 'held'; reason: HoldReason; word?: string };

export type RefusalReason =
	'banned' | 'unconfirmed' | 'rate_limited' | 'too_many_links' | 'blocked_word';

/** Nothing is written: the form says why, in the reader's language, and keeps what was typed. */
export class AdmissionRefused extends Error {
	constructor(
		readonly reason: RefusalReason,
		readonly detail: { word?: string; retryAfterSeconds?: number; maxLinks?: number } = {}
	) {
		super(`Message refused: ${reason}`);
		this.name = 'AdmissionRefused';
	}
}

/** At most this many links in a new member's message: what spam is made of. */
export const NEW_MEMBER_MAX_LINKS = 2;

type Text = { locale: Locale | null; texts: string[] };

type AccountState = members.ModerationState & { id: number; emailConfirmedAt: number | null };

function accountOf(db: Db, id: number): AccountState | null {
	const row = prepared(
		db,
		`select id, role, trusted_at, held_at, banned_at, banned_until, email_confirmed_at
		 from accounts where id = ?`
	).get(id) as
		| {
				id: number;
				role: AccountState['role'];
				trusted_at: number | null;
				held_at: number | null;
				banned_at: number | null;
				banned_until: number | null;
				email_confirmed_at: number | null;
		  }
		| undefined;
	return row
		? {
				id: row.id,
				role: row.role,
				trustedAt: row.trusted_at,
				heldAt: row.held_at,
				bannedAt: row.banned_at,
				bannedUntil: row.banned_until,
				emailConfirmedAt: row.email_confirmed_at
			}
		: null;
}

/**
 * Decides on a new message (or a topic's first, its title among `texts`). Throws
 * AdmissionRefused (and rate limits' refusal, as AdmissionRefused 'rate_limited').
 */
export function admit(db: Db, actor: Actor, text: Text, now: number): Admission {
	if (actor.id === null) return { state: 'published', reason: null };
	const account = accountOf(db, actor.id);
	if (!account) throw new AdmissionRefused('banned');
	if (members.isBanned(account, now)) throw new AdmissionRefused('banned');
	// Moderators are never held, limited or filtered: they are who the queue answers to.
	if (account.role !== 'member') return { state: 'published', reason: null };
	const fresh = members.isNew(db, account);
	if (fresh && mailing.sending() && account.emailConfirmedAt === null)
		throw new AdmissionRefused('unconfirmed');
	if (fresh && text.texts.reduce((n, t) => n + limits.linkCount(t), 0) > NEW_MEMBER_MAX_LINKS)
		throw new AdmissionRefused('too_many_links', { maxLinks: NEW_MEMBER_MAX_LINKS });
	const match = words.check(db, text.locale, text.texts);
	if (match?.action === 'block') throw new AdmissionRefused('blocked_word', { word: match.word });
	try {
		limits.takeMessage(db, account.id, fresh, now);
	} catch (error) {
		if (error instanceof limits.RateLimited)
			throw new AdmissionRefused('rate_limited', { retryAfterSeconds: error.retryAfterSeconds });
		throw error;
	}
	if (account.heldAt !== null) return { state: 'held', reason: 'on_hold' };
	if (fresh) return { state: 'held', reason: 'new_member' };
	if (match) return { state: 'held', reason: 'word', word: match.word };
	return { state: 'published', reason: null };
}

/**
 * Decides on an edit, as on a new message but for the rate limit (an edit adds no message):
 * a blocked word refuses it, too many links from a new member refuse it; a member on hold, a
 * new member or a held word send a published message back to the queue (else a message
 * approved once could be rewritten into anything). Bans still hold.
 */
export function admitEdit(db: Db, actor: Actor, text: Text, now: number): Admission {
	if (actor.id === null) return { state: 'published', reason: null };
	const account = accountOf(db, actor.id);
	if (!account || members.isBanned(account, now)) throw new AdmissionRefused('banned');
	if (account.role !== 'member') return { state: 'published', reason: null };
	const fresh = members.isNew(db, account);
	if (fresh && text.texts.reduce((n, t) => n + limits.linkCount(t), 0) > NEW_MEMBER_MAX_LINKS)
		throw new AdmissionRefused('too_many_links', { maxLinks: NEW_MEMBER_MAX_LINKS });
	const match = words.check(db, text.locale, text.texts);
	if (match?.action === 'block') throw new AdmissionRefused('blocked_word', { word: match.word });
	if (account.heldAt !== null) return { state: 'held', reason: 'on_hold' };
	if (fresh) return { state: 'held', reason: 'new_member' };
	if (match) return { state: 'held', reason: 'word', word: match.word };
	return { state: 'published', reason: null };
}
