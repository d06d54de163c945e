import type { ContentLocale } from '$lib/content';
import type { Db } from './db';

/*
 * Search over the FTS5 table `search_index` (drizzle/0001_search_index.sql), which triggers keep
 * in step with every event and post text. Its rowid says what a row is:
 * id * 4 + (0 event | 2 post) + (0 fr | 1 en).
 */

export const MAX_QUERY_LENGTH = 200;
const MAX_TERMS = 12;
const MAX_RESULTS = 50;

// Private-use characters mark highlights inside SQLite's output; the text around them is
// escaped before they become <mark>, so nothing a writer typed can become markup.
const OPEN = '\uE000';
const CLOSE = '\uE001';

export type SearchHit = {
	kind: 'event' | 'post';
	slug: string;
	lang: ContentLocale;
	/** Escaped HTML with <mark> around the matched words. */
	titleHtml: string;
	excerptHtml: string;
};

export type SearchOutcome =
	| { status: 'empty' }
	| { status: 'too_long' }
	| { status: 'ok'; query: string; hits: SearchHit[] };

/**
 * The words of a reader's query as an FTS5 expression: each word quoted (so `AND`, `"`, `*`,
 * `-` or `:` typed by a reader are plain text, never syntax) and prefix-matched.
 */
export function toFtsQuery(input: string): string | null {
	const terms = input.normalize('NFC').match(/[\p{L}\p{N}]+/gu)?.slice(0, MAX_TERMS) ?? [];
	return terms.length === 0 ? null : terms.map((t) => `"${t}"*`).join(' ');
}

function escapeHtml(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Markdown punctuation is noise in an excerpt: keep the words, drop links' addresses. */
function plainExcerpt(text: string): string {
	return text
		.replace(/\]\([^)]*\)/g, '')
		.replace(/^[ \t]*[#>]+/gm, '')
		.replace(/[*_`[\]]+/g, '')
		.replace(/\s+/g, ' ')
		.trim();
}

function highlighted(text: string): string {
	return escapeHtml(text).replaceAll(OPEN, '<mark>').replaceAll(CLOSE, '</mark>');
}

type Row = { rowid: number; title: string; excerpt: string };

export function search(db: Db, input: string, locale: ContentLocale): SearchOutcome {
	if ([...input].length > MAX_QUERY_LENGTH) return { status: 'too_long' };
	const query = toFtsQuery(input);
	if (!query) return { status: 'empty' };
	const rows = db.$client
		.prepare(
			`select rowid, highlight(search_index, 0, ?, ?) as title, snippet(search_index, 1, ?, ?, '…', 24) as excerpt
			 from search_index where search_index match ?
			 -- The reader's language first, then relevance (titles weigh more than bodies).
			 order by (rowid % 2) = ? desc, bm25(search_index, 5.0, 1.0)
			 limit 200`
		)
		.all(OPEN, CLOSE, OPEN, CLOSE, query, locale === 'en' ? 1 : 0) as Row[];

	const visible = visibleSlugs(db, rows);
	const seen = new Set<string>();
	const hits: SearchHit[] = [];
	for (const row of rows) {
		const kind = row.rowid % 4 >= 2 ? 'post' : 'event';
		const id = Math.floor(row.rowid / 4);
		const slug = (kind === 'event' ? visible.events : visible.posts).get(id);
		const key = `${kind}:${id}`;
		// One hit per event or post: its best row, in the reader's language when it matched there.
		if (!slug || seen.has(key)) continue;
		seen.add(key);
		hits.push({
			kind,
			slug,
			lang: row.rowid % 2 === 1 ? 'en' : 'fr',
			titleHtml: highlighted(row.title),
			excerptHtml: highlighted(plainExcerpt(row.excerpt))
		});
		if (hits.length >= MAX_RESULTS) break;
	}
	return { status: 'ok', query: input, hits };
}

/** Slugs of the matched events (not archived) and posts (published, not archived). */
function visibleSlugs(db: Db, rows: Row[]) {
	const ids = (kind: 'event' | 'post') => [
		...new Set(rows.filter((r) => (r.rowid % 4 >= 2) === (kind === 'post')).map((r) => Math.floor(r.rowid / 4)))
	];
	const lookup = (sql: string, list: number[]) =>
		new Map(
			list.length === 0
				? []
				: (db.$client.prepare(sql.replace('?', list.map(() => '?').join(','))).all(...list) as { id: number; slug: string }[]).map(
						(r) => [r.id, r.slug] as const
					)
		);
	return {
		events: lookup('select id, slug from events where archived_at is null and id in (?)', ids('event')),
		posts: lookup("select id, slug from posts where status = 'published' and archived_at is null and id in (?)", ids('post'))
	};
}
