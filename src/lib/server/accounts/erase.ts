import type { Db } from '../db';
import { prepared } from '../db/prepared';
import * as limits from '../abuse/limits';
import { changed, LISTS, NAMES } from '../forum/changes';

/*
 * A member deletes their account (GET/POST /account/delete). In one transaction:
 * - the account row goes, so its name and email are nowhere: messages kept show "A former
 *   member" (author_id set null by the foreign key), or are made tombstones with their
 *   versions removed, as the member chose; topics they opened stay, their author forgotten;
 * - their sessions (so every one ends at once), tokens, follows, notifications, flags, the
 *   emails queued or sent to them, the rate limits and login failures counted for them go;
 * - the moderation log keeps its entries (what was done, when, why, the message as it was:
 *   the moderators answer for it), but not who they were: their name as a moderator, the
 *   link to them as a member, and every copy of their name or address in a snapshot become null.
 * Revisions of events and posts an organiser saved keep the content, their author set null.
 */

export type MessagesChoice = 'keep' | 'delete';

/** The account is the last admin's: someone must be able to manage accounts after it. */
export class LastAdminError extends Error {
	constructor() {
		super('The last admin cannot delete their account');
		this.name = 'LastAdminError';
	}
}

export class UnknownAccountError extends Error {
	constructor() {
		super('No such account');
		this.name = 'UnknownAccountError';
	}
}

/** `value` with every string equal to one of `secrets` (any capitals) replaced by null. */
function scrub(value: unknown, secrets: string[]): unknown {
	if (typeof value === 'string') return secrets.includes(value.toLowerCase()) ? null : value;
	if (Array.isArray(value)) return value.map((v) => scrub(v, secrets));
	if (value && typeof value === 'object')
		return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v, secrets)]));
	return value;
}

export function erase(
	db: Db,
	accountId: number,
	{ messages }: { messages: MessagesChoice },
	now = Date.now()
): void {
	db.$client
		.transaction(() => {
			const account = prepared(db, 'select id, email, name, role from accounts where id = ?').get(
				accountId
			) as { id: number; email: string; name: string; role: string } | undefined;
			if (!account) throw new UnknownAccountError();
			if (account.role === 'admin') {
				const others = prepared(
					db,
					"select count(*) as n from accounts where role = 'admin' and disabled_at is null and id != ?"
				).get(accountId) as { n: number };
				if (others.n === 0) throw new LastAdminError();
			}
			if (messages === 'delete') {
				// Tombstones, as when the author deletes one: the thread keeps its places.
				prepared(
					db,
					`update messages set state = 'deleted', body = '', quote = null, locale = null,
					   deleted_at = coalesce(deleted_at, ?)
					 where author_id = ? and state != 'deleted'`
				).run(now, accountId);
				prepared(
					db,
					`update messages set body = '', quote = null where author_id = ? and state = 'deleted'`
				).run(accountId);
				prepared(
					db,
					'delete from message_versions where message_id in (select id from messages where author_id = ?)'
				).run(accountId);
				// Their words quoted by others' answers leave with them.
				prepared(
					db,
					'update messages set quote = null where reply_to_id in (select id from messages where author_id = ?)'
				).run(accountId);
			}
			scrubLog(db, account);
			prepared(db, 'delete from outbox where account_id = ? or to_address = ?').run(
				accountId,
				account.email
			);
			limits.forget(db, limits.accountKey(accountId, ''));
			// Keys that name the address: login failures, and limits counted per email.
			prepared(db, 'delete from rate_hits where instr(key, ?) > 0').run(account.email);
			prepared(db, 'delete from login_failures where instr(key, ?) > 0').run(account.email);
			for (const table of [
				'sessions',
				'account_tokens',
				'follows',
				'notifications',
				'message_flags'
			])
				prepared(db, `delete from ${table} where account_id = ?`).run(accountId);
			prepared(db, 'delete from accounts where id = ?').run(accountId);
		})
		.immediate();
	// Every page that showed their name (or their messages) is made again.
	changed(NAMES, LISTS);
}

/** The log's entries stay; who the member was goes from them. */
function scrubLog(db: Db, account: { id: number; email: string; name: string }) {
	const secrets = [account.name.toLowerCase(), account.email.toLowerCase()];
	prepared(db, 'update moderation_log set actor_name = null where actor_id = ?').run(account.id);
	const rows = prepared(
		db,
		`select id, snapshot from moderation_log
		 where snapshot is not null
		   and (member_id = ? or actor_id = ?
		        or message_id in (select id from messages where author_id = ?)
		        or instr(lower(snapshot), ?) > 0 or instr(lower(snapshot), ?) > 0)`
	).all(account.id, account.id, account.id, secrets[0], secrets[1]) as {
		id: number;
		snapshot: string;
	}[];
	const update = prepared(db, 'update moderation_log set snapshot = ? where id = ?');
	for (const row of rows) {
		let parsed: unknown;
		try {
			parsed = JSON.parse(row.snapshot);
		} catch {
			// Not JSON: nothing to keep apart from the name, so nothing is kept.
			update.run(null, row.id);
			continue;
		}
		update.run(JSON.stringify(scrub(parsed, secrets)), row.id);
	}
	prepared(db, 'update moderation_log set member_id = null where member_id = ?').run(account.id);
}
