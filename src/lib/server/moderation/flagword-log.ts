import type { Actor } from '../auth/policy';
import type { Db } from '../db';
import { prepared } from '../db/prepared';

/*
 * TODO-merge: helper MOD's moderation/log.ts publishes `record` with this very signature. Until
 * it lands, word rules and flags write their log lines here; at merge, import `./log` instead
 * and delete this file.
 */

export type LogEntry = {
	actor: Actor | null;
	action: string;
	messageId?: number | null;
	discussionId?: number | null;
	memberId?: number | null;
	reason?: string | null;
	snapshot?: object | null;
};

/** Writes one line of the moderation log; the caller holds the transaction. */
export function record(db: Db, entry: LogEntry, now: number): void {
	const actorName =
		entry.actor?.id == null
			? null
			: ((
					prepared(db, 'select name from accounts where id = ?').get(entry.actor.id) as
						{ name: string } | undefined
				)?.name ?? null);
	prepared(
		db,
		`insert into moderation_log
		 (actor_id, actor_name, action, message_id, discussion_id, member_id, reason, snapshot, created_at)
		 values (?, ?, ?, ?, ?, ?, ?, ?, ?)`
	).run(
		entry.actor?.id ?? null,
		actorName,
		entry.action,
		entry.messageId ?? null,
		entry.discussionId ?? null,
		entry.memberId ?? null,
		entry.reason ?? null,
		entry.snapshot == null ? null : JSON.stringify(entry.snapshot),
		now
	);
}
