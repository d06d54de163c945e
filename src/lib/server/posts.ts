import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { CONTENT_LOCALES, type ContentLocale } from '$lib/content';
import { isIsoDate } from '$lib/time';
import type { Db } from './db';
import { events, postTexts, posts, type PostKind, type PostRow } from './db/schema';

export type PostText = { title: string; body: string };

export type HubPost = PostRow & { texts: Partial<Record<ContentLocale, PostText>> };

export type PostInput = {
	slug: string;
	kind: PostKind;
	eventId?: number | null;
	publishedOn?: string | null;
	mediaUrl?: string | null;
	texts: Partial<Record<ContentLocale, { title: string; body?: string }>>;
};

export type PostInputProblem = {
	field: 'slug' | 'kind' | 'eventId' | 'publishedOn' | 'mediaUrl' | 'texts';
	code: 'required' | 'invalid' | 'taken';
};

export class PostInputError extends Error {
	constructor(readonly problems: PostInputProblem[]) {
		super(`Invalid post: ${problems.map((p) => `${p.field} ${p.code}`).join(', ')}`);
		this.name = 'PostInputError';
	}
}

export function checkPostInput(input: PostInput): PostInputProblem[] {
	const problems: PostInputProblem[] = [];
	if (!input.slug) problems.push({ field: 'slug', code: 'required' });
	else if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(input.slug) || input.slug.length > 120) {
		problems.push({ field: 'slug', code: 'invalid' });
	}
	if (!['recap', 'article', 'podcast'].includes(input.kind)) problems.push({ field: 'kind', code: 'invalid' });
	if (input.publishedOn && !isIsoDate(input.publishedOn)) problems.push({ field: 'publishedOn', code: 'invalid' });
	if (input.mediaUrl && !/^https?:\/\/[^\s]+$/.test(input.mediaUrl)) problems.push({ field: 'mediaUrl', code: 'invalid' });
	if (!CONTENT_LOCALES.some((l) => input.texts[l]?.title.trim())) problems.push({ field: 'texts', code: 'required' });
	return problems;
}

export function createPost(db: Db, input: PostInput, now = Date.now()): HubPost {
	const problems = checkPostInput(input);
	if (problems.length === 0 && findPostBySlug(db, input.slug)) problems.push({ field: 'slug', code: 'taken' });
	if (input.eventId != null && !db.select({ id: events.id }).from(events).where(eq(events.id, input.eventId)).get()) {
		problems.push({ field: 'eventId', code: 'invalid' });
	}
	if (problems.length > 0) throw new PostInputError(problems);
	return db.transaction((tx) => {
		const row = tx
			.insert(posts)
			.values({
				slug: input.slug,
				kind: input.kind,
				eventId: input.eventId ?? null,
				publishedOn: input.publishedOn || null,
				mediaUrl: input.mediaUrl || null,
				createdAt: now,
				updatedAt: now
			})
			.returning()
			.get();
		const texts = CONTENT_LOCALES.flatMap((locale) => {
			const t = input.texts[locale];
			return t?.title.trim() ? [{ postId: row.id, locale, title: t.title.trim(), body: t.body ?? '' }] : [];
		});
		if (texts.length > 0) tx.insert(postTexts).values(texts).run();
		return withTexts(tx as unknown as Db, [row])[0]!;
	});
}

export function findPostBySlug(db: Db, slug: string): HubPost | null {
	const row = db.select().from(posts).where(eq(posts.slug, slug)).get();
	return row ? withTexts(db, [row])[0]! : null;
}

/** All posts, newest publication first; undated ones after, in the order they were added. */
export function listPosts(db: Db): HubPost[] {
	const rows = db
		.select()
		.from(posts)
		.orderBy(sql`${posts.publishedOn} is null`, desc(posts.publishedOn), asc(posts.id))
		.all();
	return withTexts(db, rows);
}

/** The recaps of each given event, keyed by event id. */
export function listRecapsByEvent(db: Db, eventIds: number[]): Map<number, HubPost[]> {
	const result = new Map<number, HubPost[]>();
	if (eventIds.length === 0) return result;
	const rows = db
		.select()
		.from(posts)
		.where(and(inArray(posts.eventId, eventIds), eq(posts.kind, 'recap')))
		.orderBy(sql`${posts.publishedOn} is null`, desc(posts.publishedOn), asc(posts.id))
		.all();
	for (const post of withTexts(db, rows)) {
		const list = result.get(post.eventId!) ?? [];
		list.push(post);
		result.set(post.eventId!, list);
	}
	return result;
}

function withTexts(db: Db, rows: PostRow[]): HubPost[] {
	if (rows.length === 0) return [];
	const texts = db
		.select()
		.from(postTexts)
		.where(
			inArray(
				postTexts.postId,
				rows.map((r) => r.id)
			)
		)
		.all();
	const byPost = new Map<number, HubPost['texts']>();
	for (const t of texts) {
		const entry = byPost.get(t.postId) ?? {};
		entry[t.locale] = { title: t.title, body: t.body };
		byPost.set(t.postId, entry);
	}
	return rows.map((row) => ({
		...row,
		texts: byPost.get(row.id) ?? {}
	}));
}
