import type { ContentLocale } from '$lib/content';
import { MAX_LENGTH } from '$lib/limits';
import { authorize, type Actor } from '../auth/policy';
import { slugify, uniqueSlug } from '../content/slugs';
import { cleanLine } from '../content/text';
import type { Db } from '../db';
import { prepared } from '../db/prepared';
import * as admission from '../moderation/admission';
import { changed, LISTS } from './changes';
import * as discussions from './discussions';
import * as messages from './messages';

/*
 * Topics: discussions members open themselves, with a title and a first message, at
 * /{lang}/forum/{slug}. The slug comes from the title and never changes.
 */

export type TopicInput = { title: string; body: string; locale: ContentLocale | null };

export type TopicProblem =
	| { field: 'title'; code: 'required' }
	| { field: 'title'; code: 'too_long'; max: number }
	| messages.MessageProblem;

export class TopicInputError extends Error {
	constructor(readonly problems: TopicProblem[]) {
		super(`Invalid topic: ${problems.map((p) => `${p.field} ${p.code}`).join(', ')}`);
		this.name = 'TopicInputError';
	}
}

/** Addresses under /forum/ that are pages of their own, never a topic's. */
const RESERVED = new Set(['new']);

/**
 * A title as stored: one line, without format characters (zero-width, direction overrides):
 * in a title they only hide it, or make two titles look alike, or turn the page's name around.
 */
export function cleanTitle(title: string): string {
	return cleanLine(title.replace(/\p{Cf}/gu, ''));
}

export function checkInput(input: TopicInput): TopicProblem[] {
	const problems: TopicProblem[] = [];
	const title = cleanTitle(input.title);
	if (!messages.hasVisibleText(title)) problems.push({ field: 'title', code: 'required' });
	if (title.length > MAX_LENGTH.title)
		problems.push({ field: 'title', code: 'too_long', max: MAX_LENGTH.title });
	return [...problems, ...messages.checkFirst(input)];
}

/** Opens a topic with its first message; throws TopicInputError with every problem. */
export function start(
	db: Db,
	actor: Actor,
	input: TopicInput,
	now = Date.now()
): { topic: discussions.Discussion; messageId: number } {
	authorize(actor, 'write', { type: 'discussion', closed: false });
	const problems = checkInput(input);
	if (problems.length > 0) throw new TopicInputError(problems);
	const title = cleanTitle(input.title);
	const first = messages.cleanInput({ body: input.body, locale: input.locale });
	const taken = prepared(db, 'select 1 from discussions where slug = ?');
	const made = db.$client
		.transaction(() => {
			const decision = admission.admit(
				db,
				actor,
				{ locale: first.locale, texts: [title, first.body] },
				now
			);
			const slug = uniqueSlug(
				slugify(title) || 'sujet',
				(s) => RESERVED.has(s) || taken.get(s) !== undefined
			);
			const { lastInsertRowid } = prepared(
				db,
				`insert into discussions (kind, slug, title, locale, author_id, last_activity_at, created_at)
				 values ('topic', ?, ?, ?, ?, ?, ?)`
			).run(slug, title, first.locale, actor.id, now, now);
			const id = Number(lastInsertRowid);
			const messageId = messages.written(db, id, actor.id!, first, now, decision);
			return { id, messageId };
		})
		.immediate();
	changed(discussions.tagOf({ kind: 'topic', id: made.id }), LISTS);
	return { topic: discussions.findById(db, made.id)!, messageId: made.messageId };
}

/** How many topics readers may see (the sitemap's parts): not those whose every message waits. */
export function count(db: Db): number {
	// Only topics have a slug.
	return (
		prepared(
			db,
			'select count(*) as n from discussions where slug is not null and listed_count > 0'
		).get() as {
			n: number;
		}
	).n;
}

/** One page of topics' addresses and latest activity, in the order of their slug index. */
export function listLinks(
	db: Db,
	page: { limit: number; offset: number }
): { slug: string; updatedAt: number }[] {
	return (
		prepared(
			db,
			`select slug, last_activity_at from discussions where slug is not null and listed_count > 0
			 order by slug limit ? offset ?`
		).all(page.limit, page.offset) as { slug: string; last_activity_at: number }[]
	).map((r) => ({ slug: r.slug, updatedAt: r.last_activity_at }));
}
