import type { ContentLocale } from '$lib/content';
import type { Db } from '../db';

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
	| { status: 'busy' }
	| { status: 'too_long' }
	| { status: 'ok'; query: string; hits: SearchHit[] };

function escapeHtml(text: string): string {
	return text
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;');
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

export function highlighted(text: string): string {
	return escapeHtml(text).replaceAll(OPEN, '<mark>').replaceAll(CLOSE, '</mark>');
}

/**
 * What one search did, counted: every figure is bounded whatever the query, which is what keeps
 * a search of a big archive to a few ms at a time (search.test.ts, query-plans.test.ts).
 */
export type SearchWork = {
	/** Distinct words searched (at most MAX_TERMS). */
	terms: number;
	/** Indexed words they stand for, prefixes expanded (at most MAX_TERMS × MAX_EXPANSIONS). */
	phrases: number;
	/** Index rows ranked (at most MAX_CANDIDATES). */
	candidates: number;
	/** Index rows read again to rank them (at most RANKED_ROWS). */
	ranked: number;
	/** Excerpts made (at most MAX_RESULTS). */
	excerpts: number;
};

/*
 * An FTS5 query costs what it must read whole: every document of every word a prefix stands for
 * (`com*` merges them all in memory, on every statement that names it), and, for bm25, every
 * document of every word (its IDF). A dozen common words read the whole index a dozen times:
 * 0.7 s on 108,000 rows. So:
 * - each word is counted up to COMMON documents; words of MIN_PREFIX letters or more that are
 *   rare as themselves (being typed, most likely) stand for the indexed words they begin, at
 *   most MAX_EXPANSIONS of them, read from the index's vocabulary; common or short words stand
 *   for themselves. The query is then plain words, which FTS5 reads as it goes;
 * - matching stops at the newest MAX_CANDIDATES rows, and only those are ranked: by bm25 when
 *   every word is rare (its IDF then reads little), else by the query's words in the title.
 */
const COMMON = 1000;
const MIN_PREFIX = 3;
const MAX_PREFIXED = 3;
const MAX_EXPANSIONS = 16;
export const MAX_CANDIDATES = 500;
const RANKED_ROWS = 4 * MAX_CANDIDATES;
/** Excerpts are made a few at a time: each re-tokenises a whole text. */
const EXCERPTS_PER_TURN = 10;

/** The words of a query, folded as the index folds them (case and accents), without repeats. */
export function queryTerms(input: string): string[] {
	return [...new Set(foldedWords(input))].slice(0, MAX_TERMS);
}

/** A word as the index holds it: lower case, accents gone (remove_diacritics). */
const fold = (word: string) => word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

function foldedWords(text: string): string[] {
	const words = text.normalize('NFC').match(/[\p{L}\p{N}]+/gu) ?? [];
	return words.map(fold).filter(Boolean);
}

// Each word quoted: `AND`, `"`, `*`, `-` or `:` typed by a reader are plain text, never syntax.
export const quoted = (word: string) => `"${word.replaceAll('"', '""')}"`;

export const yieldToOthers = () => new Promise((resolve) => setImmediate(resolve));

/** An FTS5 table searched this way, and the name of its vocabulary table. */
export type FtsIndex = { table: 'search_index' | 'message_index'; vocabulary: string };
const CONTENT_INDEX: FtsIndex = { table: 'search_index', vocabulary: 'search_vocab' };

/** The index's vocabulary, as a table of this connection (temp: no migration, nothing stored). */
const withVocabulary = new WeakMap<object, Set<string>>();
function vocabulary(db: Db, index: FtsIndex) {
	const made = withVocabulary.get(db.$client) ?? new Set<string>();
	if (!made.has(index.table)) {
		db.$client.exec(
			`create virtual table if not exists temp.${index.vocabulary} using fts5vocab(main, ${index.table}, row)`
		);
		made.add(index.table);
		withVocabulary.set(db.$client, made);
	}
	return db.$client.prepare(
		`select term, doc from temp.${index.vocabulary} where term >= ? and term < ? limit ?`
	);
}

export type Word = { term: string; words: string[]; documents: number };

/** Each term with the indexed words it stands for, and the most documents one of them is in. */
export function expand(db: Db, terms: string[], index: FtsIndex = CONTENT_INDEX): Word[] {
	const count = db.$client.prepare(
		`select count(*) as n from (select 1 from ${index.table} where ${index.table} match ? limit ?)`
	);
	const counted = terms.map((term, i) => ({
		term,
		i,
		documents: (count.get(quoted(term), COMMON + 1) as { n: number }).n
	}));
	// Words absent as themselves are surely being typed: they are expanded first, then the last word.
	const prefixes = new Set(
		counted
			.filter((w) => w.term.length >= MIN_PREFIX && w.documents <= COMMON)
			.sort(
				(a, b) =>
					Number(b.documents === 0) - Number(a.documents === 0) ||
					Number(b.i === terms.length - 1) - Number(a.i === terms.length - 1) ||
					a.i - b.i
			)
			.slice(0, MAX_PREFIXED)
			.map((w) => w.i)
	);
	return counted.map(({ term, i, documents }) => {
		if (!prefixes.has(i)) return { term, words: [term], documents };
		const found = (
			vocabulary(db, index).all(term, `${term}\u{10FFFF}`, MAX_EXPANSIONS) as {
				term: string;
				doc: number;
			}[]
		).filter((r) => r.term.startsWith(term));
		// None: the word stands for itself, folded by FTS5 (should this folding and the index's differ).
		if (found.length === 0) return { term, words: [term], documents };
		return {
			term,
			words: found.map((r) => r.term),
			documents: Math.max(...found.map((r) => r.doc))
		};
	});
}

type Excerpt = { title: string; body: string };

/** Words of an excerpt around the first match, as SQLite's snippet(…, 24) gave. */
const EXCERPT_WORDS = 24;
/** A match further into a long text than this is not looked for: the excerpt shows its start. */
const EXCERPT_SOURCE = 20_000;

/** `text` with OPEN/CLOSE around each word that folds to one of `words`, as the index folds. */
export function markWords(text: string, words: Set<string>): string {
	// A writer's own marker characters would become <mark> tags: they go first.
	return text
		.replace(/[\uE000\uE001]/g, '')
		.normalize('NFC')
		.replace(/[\p{L}\p{N}]+/gu, (word) =>
			words.has(fold(word)) ? `${OPEN}${word}${CLOSE}` : word
		);
}

/** Some twenty words of `body` around its first matching word, marked, with … where cut. */
export function excerptOf(body: string, words: Set<string>): string {
	const text = plainExcerpt(body.slice(0, EXCERPT_SOURCE).normalize('NFC'));
	const tokens = [...text.matchAll(/[\p{L}\p{N}]+/gu)];
	const first = Math.max(
		0,
		tokens.findIndex((t) => words.has(fold(t[0])))
	);
	const start = Math.max(0, first - Math.floor(EXCERPT_WORDS / 4));
	const end = Math.min(tokens.length, start + EXCERPT_WORDS);
	if (tokens.length === 0) return '';
	const from = start === 0 ? 0 : tokens[start]!.index;
	const to = end >= tokens.length ? text.length : tokens[end]!.index;
	const cut = (yes: boolean) => (yes ? '…' : '');
	return `${cut(start > 0)}${markWords(text.slice(from, to).trim(), words)}${cut(end < tokens.length || body.length > EXCERPT_SOURCE)}`;
}

/*
 * One search runs at a time: its steps are short, and each lets the event loop serve what waits
 * (pages, /healthz) before the next. Several searches running together would take their turns
 * back to back, ten of them holding the loop for 170 ms. Past MAX_WAITING, a reader is told to
 * come back rather than queued for seconds.
 */
const MAX_WAITING = 16;
export const RETRY_AFTER_SECONDS = 5;
let running = false;
const waiting: (() => void)[] = [];

/** Waits for the search slot; false when too many searches are already waiting. */
async function enter(): Promise<boolean> {
	if (!running) {
		running = true;
		return true;
	}
	if (waiting.length >= MAX_WAITING) return false;
	await new Promise<void>((resolve) => waiting.push(resolve));
	return true;
}

/** Hands the slot to the next search waiting, if any. */
function leave() {
	const next = waiting.shift();
	if (next) next();
	else running = false;
}

/** Runs `task` when no other search runs (searches of messages take the same turns); 'busy' past MAX_WAITING. */
export async function exclusively<T>(task: () => Promise<T>): Promise<T | 'busy'> {
	if (!(await enter())) return 'busy';
	try {
		return await task();
	} finally {
		leave();
	}
}

export async function search(
	db: Db,
	input: string,
	locale: ContentLocale,
	work?: SearchWork
): Promise<SearchOutcome> {
	if ([...input].length > MAX_QUERY_LENGTH) return { status: 'too_long' };
	const terms = queryTerms(input);
	if (terms.length === 0) return { status: 'empty' };
	const outcome = await exclusively(() => run(db, input, terms, locale, work));
	return outcome === 'busy' ? { status: 'busy' } : outcome;
}

async function run(
	db: Db,
	input: string,
	terms: string[],
	locale: ContentLocale,
	work?: SearchWork
): Promise<SearchOutcome> {
	const sqlite = db.$client;
	const tally: SearchWork = work ?? { terms: 0, phrases: 0, candidates: 0, ranked: 0, excerpts: 0 };
	tally.terms = terms.length;

	const words = expand(db, terms);
	tally.phrases = words.reduce((sum, w) => sum + w.words.length, 0);
	const query = words.map((w) => `(${w.words.map(quoted).join(' OR ')})`).join(' AND ');
	await yieldToOthers();

	const candidates = (
		sqlite
			.prepare(
				'select rowid from search_index where search_index match ? order by rowid desc limit ?'
			)
			.all(query, MAX_CANDIDATES) as {
			rowid: number;
		}[]
	).map((r) => r.rowid);
	tally.candidates = candidates.length;
	if (candidates.length === 0) return { status: 'ok', query: input, hits: [] };
	await yieldToOthers();

	const rank = rankOf(db, words, query, candidates, tally);
	const wanted = locale === 'en' ? 1 : 0;
	// The reader's language first, then rank (lower is better), then the newest.
	const ordered = candidates
		.map((rowid, order) => ({
			rowid,
			order,
			mine: rowid % 2 === wanted ? 0 : 1,
			rank: rank.get(rowid) ?? 0
		}))
		.sort((a, b) => a.mine - b.mine || a.rank - b.rank || a.order - b.order)
		.map((c) => c.rowid);
	await yieldToOthers();

	const visible = visibleSlugs(db, ordered.slice(0, 4 * MAX_RESULTS));
	const seen = new Set<string>();
	const chosen: { rowid: number; kind: SearchHit['kind']; slug: string }[] = [];
	for (const rowid of ordered) {
		const kind = rowid % 4 >= 2 ? 'post' : 'event';
		const id = Math.floor(rowid / 4);
		const slug = (kind === 'event' ? visible.events : visible.posts).get(id);
		const key = `${kind}:${id}`;
		// One hit per event or post: its best row, in the reader's language when it matched there.
		if (!slug || seen.has(key)) continue;
		seen.add(key);
		chosen.push({ rowid, kind, slug });
		if (chosen.length >= MAX_RESULTS) break;
	}

	// The chosen rows' texts by rowid, marked here: SQLite's highlight() and snippet() would run
	// the whole match again for each row (50-65 ms a row for a dozen common words).
	const texts = sqlite.prepare('select title, body from search_index where rowid = ?');
	const marked = new Set(words.flatMap((w) => w.words));
	const hits: SearchHit[] = [];
	for (const { rowid, kind, slug } of chosen) {
		if (tally.excerpts > 0 && tally.excerpts % EXCERPTS_PER_TURN === 0) await yieldToOthers();
		const row = texts.get(rowid) as Excerpt | undefined;
		tally.excerpts++;
		if (!row) continue;
		hits.push({
			kind,
			slug,
			lang: rowid % 2 === 1 ? 'en' : 'fr',
			titleHtml: highlighted(markWords(row.title, marked)),
			excerptHtml: highlighted(excerptOf(row.body, marked))
		});
	}
	return { status: 'ok', query: input, hits };
}

/**
 * Ranks of the candidates, lower first: bm25 (titles weigh five times the text) when every word
 * is rare, so that its IDF reads few documents; else minus the number of the query's terms in
 * the title, counted here on the candidates' titles alone.
 */
function rankOf(
	db: Db,
	words: Word[],
	query: string,
	candidates: number[],
	tally: SearchWork
): Map<number, number> {
	const rank = new Map<number, number>();
	if (words.every((w) => w.documents <= COMMON)) {
		const rows = db.$client
			.prepare(
				`select rowid, bm25(search_index, 5.0, 1.0) as score from search_index
				 where search_index match ? and rowid >= ? order by rowid desc limit ?`
			)
			.all(query, candidates.at(-1), RANKED_ROWS) as { rowid: number; score: number }[];
		for (const r of rows) rank.set(r.rowid, r.score);
		tally.ranked = rows.length;
		return rank;
	}
	const title = db.$client.prepare('select title from search_index where rowid = ?');
	const sets = words.map((w) => new Set(w.words));
	for (const rowid of candidates) {
		const text = (title.get(rowid) as { title: string } | undefined)?.title ?? '';
		const inTitle = foldedWords(text);
		rank.set(rowid, -sets.filter((set) => inTitle.some((t) => set.has(t))).length);
	}
	tally.ranked = candidates.length;
	return rank;
}

/** Slugs of the matched events (not archived) and posts (published, not archived). */
function visibleSlugs(db: Db, rowids: number[]) {
	const ids = (kind: 'event' | 'post') => [
		...new Set(
			rowids
				.filter((rowid) => rowid % 4 >= 2 === (kind === 'post'))
				.map((rowid) => Math.floor(rowid / 4))
		)
	];
	const lookup = (sql: string, list: number[]) =>
		new Map(
			list.length === 0
				? []
				: (
						db.$client.prepare(sql.replace('?', list.map(() => '?').join(','))).all(...list) as {
							id: number;
							slug: string;
						}[]
					).map((r) => [r.id, r.slug] as const)
		);
	return {
		events: lookup(
			'select id, slug from events where archived_at is null and draft = 0 and id in (?)',
			ids('event')
		),
		posts: lookup(
			"select id, slug from posts where status = 'published' and archived_at is null and id in (?)",
			ids('post')
		)
	};
}
