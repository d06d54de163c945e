import type { Db } from '../db';

/*
 * Everything the hub holds about a member, for them to download (GET /account/export): their
 * account, their messages with every version, the topics they opened, their flags, follows,
 * notifications and the emails written to them, their sessions and tokens, and what the
 * moderators did about them. Never a password's, session's or token's hash; nothing of anyone
 * else (other people's names, moderators' included, are not theirs).
 */

const iso = (ms: number | null | undefined) => (ms == null ? null : new Date(ms).toISOString());

type Row = Record<string, unknown>;

function all(db: Db, sql: string, ...params: unknown[]): Row[] {
	return db.$client.prepare(sql).all(...params) as Row[];
}

/** What `exportOf` returns: plain JSON. */
export type MemberData = NonNullable<ReturnType<typeof exportOf>>;

/** Everything held about `accountId`, or null when there is no such account. */
export function exportOf(db: Db, accountId: number, now = Date.now()) {
	const account = db.$client
		.prepare(
			`select id, email, name, role, locale, created_at, updated_at, disabled_at,
			        email_confirmed_at, trusted_at, held_at, hold_reason, banned_at, banned_until,
			        ban_reason, email_frequency
			 from accounts where id = ?`
		)
		.get(accountId) as Row | undefined;
	if (!account) return null;
	const versions = all(
		db,
		`select v.message_id, v.version, v.locale, v.body, v.created_at
		 from message_versions v join messages m on m.id = v.message_id
		 where m.author_id = ? order by v.message_id, v.version`,
		accountId
	);
	return {
		exportedAt: iso(now),
		account: {
			id: account.id,
			email: account.email,
			name: account.name,
			role: account.role,
			locale: account.locale,
			createdAt: iso(account.created_at as number),
			updatedAt: iso(account.updated_at as number),
			disabledAt: iso(account.disabled_at as number | null),
			emailConfirmedAt: iso(account.email_confirmed_at as number | null),
			trustedAt: iso(account.trusted_at as number | null),
			heldAt: iso(account.held_at as number | null),
			holdReason: account.hold_reason,
			bannedAt: iso(account.banned_at as number | null),
			bannedUntil: iso(account.banned_until as number | null),
			banReason: account.ban_reason
		},
		notificationPreferences: { emailFrequency: account.email_frequency },
		messages: all(
			db,
			`select m.id, m.discussion_id, d.kind, d.slug, coalesce(d.title,
			          (select title from event_texts where event_id = d.event_id order by locale = @locale desc limit 1),
			          (select title from post_texts where post_id = d.post_id order by locale = @locale desc limit 1)) as title, m.locale, m.body, m.reply_to_id,
			        m.quote, m.state, m.version, m.created_at, m.edited_at, m.deleted_at,
			        m.moderation_reason, m.moderated_at
			 from messages m join discussions d on d.id = m.discussion_id
			 where m.author_id = ? order by m.id`,
			accountId,
			{ locale: account.locale }
		).map((m) => ({
			id: m.id,
			discussion: { id: m.discussion_id, kind: m.kind, slug: m.slug, title: m.title },
			locale: m.locale,
			body: m.body,
			replyTo: m.reply_to_id,
			quote: m.quote,
			state: m.state,
			version: m.version,
			createdAt: iso(m.created_at as number),
			editedAt: iso(m.edited_at as number | null),
			deletedAt: iso(m.deleted_at as number | null),
			moderationReason: m.moderation_reason,
			moderatedAt: iso(m.moderated_at as number | null),
			versions: versions
				.filter((v) => v.message_id === m.id)
				.map((v) => ({
					version: v.version,
					locale: v.locale,
					body: v.body,
					createdAt: iso(v.created_at as number)
				}))
		})),
		topics: all(
			db,
			'select id, slug, title, locale, created_at from discussions where author_id = ? order by id',
			accountId
		).map((d) => ({
			id: d.id,
			slug: d.slug,
			title: d.title,
			locale: d.locale,
			createdAt: iso(d.created_at as number)
		})),
		flags: all(
			db,
			`select message_id, reason, note, created_at, resolved_at from message_flags
			 where account_id = ? order by id`,
			accountId
		).map((f) => ({
			messageId: f.message_id,
			reason: f.reason,
			note: f.note,
			createdAt: iso(f.created_at as number),
			resolvedAt: iso(f.resolved_at as number | null)
		})),
		follows: all(
			db,
			`select f.discussion_id, d.kind, d.slug, coalesce(d.title,
			          (select title from event_texts where event_id = d.event_id order by locale = @locale desc limit 1),
			          (select title from post_texts where post_id = d.post_id order by locale = @locale desc limit 1)) as title, f.created_at
			 from follows f join discussions d on d.id = f.discussion_id
			 where f.account_id = ? order by f.created_at`,
			accountId,
			{ locale: account.locale }
		).map((f) => ({
			discussion: { id: f.discussion_id, kind: f.kind, slug: f.slug, title: f.title },
			createdAt: iso(f.created_at as number)
		})),
		notifications: all(
			db,
			`select discussion_id, message_id, reason, created_at, sent_at from notifications
			 where account_id = ? order by id`,
			accountId
		).map((n) => ({
			discussionId: n.discussion_id,
			messageId: n.message_id,
			reason: n.reason,
			createdAt: iso(n.created_at as number),
			sentAt: iso(n.sent_at as number | null)
		})),
		emails: all(
			db,
			`select to_address, kind, locale, subject, text_body, html_body, state, attempts,
			        created_at, sent_at
			 from outbox where account_id = ? or to_address = ? order by id`,
			accountId,
			account.email
		).map((e) => ({
			to: e.to_address,
			kind: e.kind,
			locale: e.locale,
			subject: e.subject,
			text: e.text_body,
			html: e.html_body,
			state: e.state,
			attempts: e.attempts,
			createdAt: iso(e.created_at as number),
			sentAt: iso(e.sent_at as number | null)
		})),
		sessions: all(
			db,
			`select created_at, last_seen_at, expires_at from sessions
			 where account_id = ? order by created_at`,
			accountId
		).map((s) => ({
			createdAt: iso(s.created_at as number),
			lastSeenAt: iso(s.last_seen_at as number),
			expiresAt: iso(s.expires_at as number)
		})),
		tokens: all(
			db,
			`select purpose, created_at, expires_at, used_at from account_tokens
			 where account_id = ? order by created_at`,
			accountId
		).map((t) => ({
			purpose: t.purpose,
			createdAt: iso(t.created_at as number),
			expiresAt: iso(t.expires_at as number),
			usedAt: iso(t.used_at as number | null)
		})),
		// What the moderators decided about them or their messages: the decision, not who took it.
		moderation: all(
			db,
			`select action, message_id, discussion_id, reason, created_at from moderation_log
			 where member_id = ?
			    or message_id in (select id from messages where author_id = ?)
			 order by id`,
			accountId,
			accountId
		).map((l) => ({
			action: l.action,
			messageId: l.message_id,
			discussionId: l.discussion_id,
			reason: l.reason,
			createdAt: iso(l.created_at as number)
		}))
	};
}
