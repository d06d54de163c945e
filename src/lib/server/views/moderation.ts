import { HUB_TIME_ZONE, pickText, type ContentLocale } from '$lib/content';
import { formatPosted } from '$lib/format';
import type { Db } from '../db';
import { renderMessage } from '../formats/markdown';
import * as activity from '../forum/activity';
import * as discussions from '../forum/discussions';
import type { Message } from '../forum/messages';
import * as log from '../moderation/log';
import * as members from '../moderation/members';
import * as queue from '../moderation/queue';
import * as settings from '../moderation/settings';
import { langAttribute } from './forum';

/*
 * What the moderators' pages show, shaped from the moderation modules: messages rendered to
 * safe HTML (the same renderer as the forum's), times in the reader's language, each discussion
 * named as lists name it. Reasons stay codes: the page says them in the reader's words.
 */

const moment = (at: number, locale: ContentLocale) => ({
	datetime: new Date(at).toISOString(),
	when: formatPosted(at, HUB_TIME_ZONE, locale)
});

export type MemberView = {
	id: number;
	name: string;
	role: members.Standing['role'];
	trusted: boolean;
	held: boolean;
	holdReason: string | null;
	banned: boolean;
	/** When the ban ends, in words; null: for good (or no ban). */
	bannedUntil: string | null;
	banReason: string | null;
	joined: { datetime: string; when: string };
};

function memberView(member: members.Standing, locale: ContentLocale, now: number): MemberView {
	return {
		id: member.id,
		name: member.name,
		role: member.role,
		trusted: member.trustedAt !== null,
		held: member.heldAt !== null,
		holdReason: member.holdReason,
		banned: members.isBanned(member, now),
		bannedUntil:
			member.bannedUntil === null ? null : formatPosted(member.bannedUntil, HUB_TIME_ZONE, locale),
		banReason: member.banReason,
		joined: moment(member.createdAt, locale)
	};
}

function discussionName(db: Db, discussion: discussions.Discussion, locale: ContentLocale) {
	const titles = activity.subjectTitles(db, discussion.subject, discussion);
	const picked = pickText(titles, locale);
	const path = discussions.pathOf(db, discussion.subject);
	return {
		id: discussion.id!,
		title: picked?.value ?? discussion.title ?? path ?? `#${discussion.id}`,
		lang: picked ? picked.lang : langAttribute(discussion.locale),
		path,
		closed: discussion.closedAt !== null
	};
}

function answeredView(message: Message | null) {
	if (!message) return null;
	const shown = message.state === 'published';
	return {
		id: message.id,
		author: message.authorName,
		state: message.state,
		html: shown ? renderMessage(message.body) : '',
		lang: langAttribute(shown ? message.locale : null)
	};
}

function itemView(db: Db, item: queue.QueuedMessage, locale: ContentLocale, now: number) {
	const { message } = item;
	return {
		id: message.id,
		state: message.state,
		/** Sent back with approve/restore: the decision is on the words shown here. */
		version: message.version,
		since: moment(item.since, locale),
		written: moment(message.createdAt, locale),
		html: renderMessage(message.body),
		lang: langAttribute(message.locale),
		edited: message.editedAt !== null,
		hiddenReason: message.state === 'hidden' ? message.moderationReason : null,
		author: item.author ? memberView(item.author, locale, now) : null,
		answered: answeredView(item.answered),
		discussion: discussionName(db, item.discussion, locale),
		hold: item.hold,
		flags: item.flags.map((f) => ({
			reason: f.reason,
			note: f.note,
			by: f.by,
			...moment(f.createdAt, locale)
		}))
	};
}

export type QueueItemView = ReturnType<typeof itemView>;

/** The queue's page: waiting messages (paged), new members, and who is on hold or banned. */
export function queuePage(
	db: Db,
	locale: ContentLocale,
	{ page, membersPage }: { page: number; membersPage: number },
	now = Date.now()
) {
	const waiting = queue.listMessages(db, { page });
	const fresh = queue.listNewMembers(db, now, { page: membersPage });
	return {
		items: waiting.items.map((item) => itemView(db, item, locale, now)),
		page: waiting.page,
		pages: waiting.pages,
		total: waiting.total,
		newMembers: fresh.items.map((q) => ({
			...memberView(q.member, locale, now),
			heldMessages: q.heldMessages
		})),
		newMembersTotal: fresh.total,
		newMembersPage: fresh.page,
		newMembersPages: fresh.pages,
		restricted: members.listRestricted(db, now).map((s) => memberView(s, locale, now)),
		hidden: queue.listHidden(db).map((item) => itemView(db, item, locale, now)),
		heldFirstMessages: settings.read(db).heldFirstMessages
	};
}

/** One page of the moderation log, newest first, each message as it was. */
export function logPage(db: Db, locale: ContentLocale, page: number) {
	const found = log.list(db, { page });
	return {
		items: found.items.map((item) => ({
			id: item.id,
			action: item.action,
			actorName: item.actorName,
			memberName: item.memberName ?? item.snapshot?.authorName ?? null,
			messageId: item.messageId,
			reason: item.reason,
			...moment(item.createdAt, locale),
			snapshot:
				item.snapshot && item.messageId !== null
					? {
							html: renderMessage(item.snapshot.body),
							lang: langAttribute(item.snapshot.locale),
							state: item.snapshot.state,
							version: item.snapshot.version,
							authorName: item.snapshot.authorName
						}
					: null
		})),
		page: found.page,
		pages: found.pages
	};
}
