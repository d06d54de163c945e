import type { ContentLocale } from '$lib/content';
import * as search from '../content/search';
import type { Db } from '../db';
import { authorName, discussionTitle } from '../formats/forum-feeds';
import * as activity from './activity';
import * as messages from './messages';

/*
 * Search of the forum's messages, both languages at once, accents and case ignored: the FTS5
 * table `message_index` (drizzle/0010_forum.sql), which holds published messages only, read
 * with the content search's bounded steps (content/search.ts): at most MAX_TERMS words, each
 * common or short word standing for itself and rare ones for a few indexed words they begin,
 * matching stopped at the newest MAX_CANDIDATES messages, one search at a time.
 */

/** Messages shown at most: the newest that match, where readers may look. */
export const MAX_MESSAGE_HITS = 20;
/** Candidates read together to see where they were written. */
const BATCH = 40;

const INDEX: search.FtsIndex = { table: 'message_index', vocabulary: 'message_vocab' };

export type MessageHit = {
	id: number;
	/** null: a language we cannot name (`lang=""`). */
	lang: ContentLocale | null;
	authorName: string;
	createdAt: number;
	discussion: { path: string; title: string; lang: ContentLocale | null };
	/** Escaped HTML with <mark> around the matched words. */
	excerptHtml: string;
};

export type MessageOutcome =
	| { status: 'empty' }
	| { status: 'busy' }
	| { status: 'too_long' }
	| { status: 'ok'; hits: MessageHit[] };

export async function searchMessages(
	db: Db,
	input: string,
	locale: ContentLocale,
	work?: search.SearchWork
): Promise<MessageOutcome> {
	if ([...input].length > search.MAX_QUERY_LENGTH) return { status: 'too_long' };
	const terms = search.queryTerms(input);
	if (terms.length === 0) return { status: 'empty' };
	const outcome = await search.exclusively(() => run(db, terms, locale, work));
	return outcome === 'busy' ? { status: 'busy' } : { status: 'ok', hits: outcome };
}

async function run(
	db: Db,
	terms: string[],
	locale: ContentLocale,
	work?: search.SearchWork
): Promise<MessageHit[]> {
	const tally = work ?? { terms: 0, phrases: 0, candidates: 0, ranked: 0, excerpts: 0 };
	tally.terms = terms.length;
	const words = search.expand(db, terms, INDEX);
	tally.phrases = words.reduce((sum, w) => sum + w.words.length, 0);
	const query = words.map((w) => `(${w.words.map(search.quoted).join(' OR ')})`).join(' AND ');
	await search.yieldToOthers();

	// Newest first: a forum is read by its latest words.
	const candidates = (
		db.$client
			.prepare(
				'select rowid from message_index where message_index match ? order by rowid desc limit ?'
			)
			.all(query, search.MAX_CANDIDATES) as { rowid: number }[]
	).map((r) => r.rowid);
	tally.candidates = candidates.length;
	await search.yieldToOthers();

	const marked = new Set(words.flatMap((w) => w.words));
	const hits: MessageHit[] = [];
	for (let at = 0; at < candidates.length && hits.length < MAX_MESSAGE_HITS; at += BATCH) {
		if (at > 0) await search.yieldToOthers();
		const found = candidates
			.slice(at, at + BATCH)
			.flatMap((id) => messages.findById(db, id) ?? [])
			.filter((message) => message.state === 'published');
		tally.ranked += found.length;
		for (const { message, in: where } of activity.locateAll(db, found)) {
			if (hits.length >= MAX_MESSAGE_HITS) break;
			tally.excerpts++;
			const title = discussionTitle(where, locale);
			hits.push({
				id: message.id,
				lang: message.locale,
				authorName: authorName(message.authorName, locale),
				createdAt: message.createdAt,
				discussion: { path: where.path, title: title.text, lang: title.lang },
				excerptHtml: search.highlighted(search.excerptOf(message.body, marked))
			});
		}
	}
	return hits;
}
