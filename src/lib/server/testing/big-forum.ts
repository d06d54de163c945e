import type { Db } from '../db';

/*
 * A busy forum on the big database, for the benchmark and the query-plan test: members,
 * discussions on events, posts and topics, and messages in French, English and neither, a third
 * of them answers. Plain SQL in one transaction; the triggers keep the counts and the search
 * index as the forum's own writes would. One discussion is far longer than the rest: the worst
 * page to cut and to find a permalink in.
 */

const DAY = 86_400_000;
const PHRASES = [
	'Qui vient en train depuis Paris ?',
	'Merci pour le compte rendu, très utile.',
	'Is there a recording of the morning session?',
	'Les communs numériques méritent mieux que des appels à projets.',
	'I can offer two seats from Lille, leaving at 7.',
	'La coopérative a publié ses statuts, lien dans le compte rendu.',
	'Great discussion on digital sovereignty, thanks all.',
	"Quelqu'un a les diapositives de la table ronde ?"
];

export type ForumCounts = { members: number; discussions: number; messages: number };

export const BIG_FORUM: ForumCounts = { members: 2_000, discussions: 10_000, messages: 200_000 };

/** Grows a forum over the events and posts already there; returns the long topic's id (sujet-4). */
export function growForum(db: Db, counts: ForumCounts = BIG_FORUM, now = Date.now()): number {
	const sqlite = db.$client;
	const eventIds = (
		sqlite
			.prepare('select id from events where draft = 0 and archived_at is null order by id')
			.all() as { id: number }[]
	).map((r) => r.id);
	const postIds = (
		sqlite
			.prepare(
				"select id from posts where status = 'published' and archived_at is null order by id"
			)
			.all() as { id: number }[]
	).map((r) => r.id);
	const insertAccount = sqlite.prepare(
		`insert into accounts (email, name, role, password_hash, created_at, updated_at, trusted_at)
		 values (?, ?, 'member', 'not-a-hash', ?, ?, 0)`
	);
	const insertDiscussion = sqlite.prepare(
		`insert into discussions (kind, event_id, post_id, slug, title, locale, author_id, last_activity_at, created_at)
		 values (?, ?, ?, ?, ?, ?, ?, ?, ?)`
	);
	const insertMessage = sqlite.prepare(
		`insert into messages (discussion_id, author_id, locale, body, reply_to_id, state, created_at)
		 values (?, ?, ?, ?, ?, 'published', ?)`
	);
	const insertVersion = sqlite.prepare(
		'insert into message_versions (message_id, version, locale, body, created_at) values (?, 1, ?, ?, ?)'
	);
	let longest = 0;
	sqlite.transaction(() => {
		const members: number[] = [];
		for (let i = 0; i < counts.members; i++)
			members.push(
				Number(
					insertAccount.run(`membre-${i}@example.org`, `Membre ${i}`, now, now).lastInsertRowid
				)
			);
		const discussionIds: number[] = [];
		for (let i = 0; i < counts.discussions; i++) {
			const kind = i % 5 < 2 ? 'event' : i % 5 < 4 ? 'post' : 'topic';
			const eventId = kind === 'event' ? eventIds[i % eventIds.length] : null;
			const postId = kind === 'post' ? postIds[i % postIds.length] : null;
			if ((kind === 'event' && eventId === undefined) || (kind === 'post' && postId === undefined))
				continue;
			const created = now - (i % 1000) * DAY;
			const { lastInsertRowid } = insertDiscussion.run(
				kind,
				eventId,
				postId,
				kind === 'topic' ? `sujet-${i}` : null,
				kind === 'topic' ? `Sujet n° ${i} : ${PHRASES[i % PHRASES.length]}` : null,
				kind === 'topic' ? (i % 2 === 0 ? 'fr' : 'en') : null,
				members[i % members.length] ?? null,
				created,
				created
			);
			discussionIds.push(Number(lastInsertRowid));
		}
		// Some 5% of the messages in one topic (/forum/sujet-4); the rest spread evenly.
		longest = discussionIds[4] ?? discussionIds[0]!;
		const lastIn = new Map<number, number>();
		for (let i = 0; i < counts.messages; i++) {
			const discussionId =
				i % 20 === 0 ? longest : discussionIds[(i * 7919) % discussionIds.length]!;
			const locale = i % 10 === 0 ? null : i % 2 === 0 ? 'fr' : 'en';
			const body = `${PHRASES[i % PHRASES.length]} (${i})`;
			const created = now - (counts.messages - i) * 60_000;
			const previous = lastIn.get(discussionId);
			const { lastInsertRowid } = insertMessage.run(
				discussionId,
				members[(i * 31) % members.length] ?? null,
				locale,
				body,
				i % 3 === 0 && previous !== undefined ? previous : null,
				created
			);
			const id = Number(lastInsertRowid);
			insertVersion.run(id, locale, body, created);
			lastIn.set(discussionId, id);
		}
	})();
	return longest;
}
