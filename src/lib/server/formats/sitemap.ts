import type { Db } from '../db';
import * as events from '../content/events';
import * as posts from '../content/posts';
import * as topics from '../forum/topics';
import { escapeXml } from '../content/text';

/*
 * /sitemap.xml is an index of parts, each listing at most PART_SIZE pages in both languages
 * (twice as many <url>): the protocol caps a file at 50,000 URLs, and a part stays the same
 * size however large the archive grows.
 */

const LOCALES = ['fr', 'en'] as const;
export const PART_SIZE = 5000;

export type PartKind = 'pages' | 'events' | 'posts' | 'topics';
type Link = { path: string; lastModified?: number };

// escapeXml also drops what XML forbids, whatever an old row holds.
const xml = escapeXml;

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** Headers of the index and of every part: crawlers come back hourly at most. */
export const HEADERS = {
	'content-type': 'application/xml; charset=utf-8',
	'cache-control': 'public, max-age=3600'
};

/** How many parts of each kind there are. */
function partCounts(db: Db): Record<PartKind, number> {
	const counts = events.count(db);
	return {
		pages: 1,
		events: Math.ceil((counts.upcoming + counts.past) / PART_SIZE),
		posts: Math.ceil(posts.count(db) / PART_SIZE),
		topics: Math.ceil(topics.count(db) / PART_SIZE)
	};
}

export function partPath(kind: PartKind, number: number): string {
	return `/sitemap-${kind}-${number}.xml`;
}

/** The sitemap index: every part, by address. */
export function buildSitemapIndex(db: Db, origin: string): string {
	const entries = Object.entries(partCounts(db)).flatMap(([kind, count]) =>
		Array.from(
			{ length: count },
			(_, i) => `<sitemap><loc>${xml(origin + partPath(kind as PartKind, i + 1))}</loc></sitemap>`
		)
	);
	return `${XML_HEAD}<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${entries.join('\n')}\n</sitemapindex>\n`;
}

/** The part's number, or null when there is no such part (`written` as in its address). */
function partNumber(db: Db, kind: PartKind, written: string): number | null {
	const number = /^\d{1,6}$/.test(written) ? Number(written) : 0;
	return number < 1 || number > partCounts(db)[kind] ? null : number;
}

/** How many pages of a part are read and written between two turns of the event loop. */
const SLICE = 1000;

const yieldToOthers = () => new Promise((resolve) => setImmediate(resolve));

/**
 * One part: each page in both languages, each naming its alternates (hreflang). A part is
 * 10,000 URLs and 3.6 MB: it is read and written SLICE pages at a time, letting other requests
 * run in between (in one go it held the event loop 30–80 ms).
 */
export async function buildSitemapPart(
	db: Db,
	origin: string,
	kind: PartKind,
	written: string
): Promise<string | null> {
	const number = partNumber(db, kind, written);
	if (number === null) return null;
	const pieces: string[] = [];
	const add = (links: Link[]) => pieces.push(...links.flatMap((link) => urlsOf(origin, link)));
	if (kind === 'pages') add([{ path: '/' }, { path: '/posts' }, { path: '/forum' }]);
	else {
		const list = {
			events: events.listPublicLinks,
			posts: posts.listPublicLinks,
			topics: topics.listLinks
		}[kind];
		const prefix = kind === 'topics' ? 'forum' : kind;
		for (let offset = (number - 1) * PART_SIZE; offset < number * PART_SIZE; offset += SLICE) {
			const slice = list(db, { limit: SLICE, offset });
			add(
				slice.map(({ slug, updatedAt }) => ({
					path: `/${prefix}/${encodeURIComponent(slug)}`,
					lastModified: updatedAt
				}))
			);
			if (slice.length < SLICE) break;
			await yieldToOthers();
		}
	}
	return `${XML_HEAD}<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n${pieces.join('\n')}\n</urlset>\n`;
}

function urlsOf(origin: string, { path, lastModified }: Link): string[] {
	const alternates = [
		...LOCALES.map(
			(l) => `<xhtml:link rel="alternate" hreflang="${l}" href="${xml(`${origin}/${l}${path}`)}"/>`
		),
		`<xhtml:link rel="alternate" hreflang="x-default" href="${xml(`${origin}${path}`)}"/>`
	].join('');
	const lastmod = lastModified ? `<lastmod>${new Date(lastModified).toISOString()}</lastmod>` : '';
	return LOCALES.map(
		(locale) => `<url><loc>${xml(`${origin}/${locale}${path}`)}</loc>${lastmod}${alternates}</url>`
	);
}

export function buildRobots(origin: string): string {
	// The switch only redirects to pages the sitemap lists already.
	const closed = ['organiser', 'search', 'language'].flatMap((path) => [
		`/fr/${path}`,
		`/en/${path}`
	]);
	return `User-agent: *\n${closed.map((path) => `Disallow: ${path}\n`).join('')}\nSitemap: ${origin}/sitemap.xml\n`;
}
