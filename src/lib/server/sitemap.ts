import type { Db } from './db';
import * as events from './events';
import * as posts from './posts';
import { escapeXml } from './text';

/*
 * /sitemap.xml is an index of parts, each listing at most PART_SIZE pages in both languages
 * (twice as many <url>): the protocol caps a file at 50,000 URLs, and a part stays the same
 * size however large the archive grows.
 */

const LOCALES = ['fr', 'en'] as const;
export const PART_SIZE = 5000;

export type PartKind = 'pages' | 'events' | 'posts';
type Link = { path: string; lastModified?: number };

// escapeXml also drops what XML forbids, whatever an old row holds.
const xml = escapeXml;

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** Headers of the index and of every part: crawlers come back hourly at most. */
export const HEADERS = { 'content-type': 'application/xml; charset=utf-8', 'cache-control': 'public, max-age=3600' };

/** How many parts of each kind there are. */
function partCounts(db: Db): Record<PartKind, number> {
	const counts = events.countEvents(db);
	return {
		pages: 1,
		events: Math.ceil((counts.upcoming + counts.past) / PART_SIZE),
		posts: Math.ceil(posts.countPosts(db) / PART_SIZE)
	};
}

export function partPath(kind: PartKind, number: number): string {
	return `/sitemap-${kind}-${number}.xml`;
}

/** The sitemap index: every part, by address. */
export function buildSitemapIndex(db: Db, origin: string): string {
	const entries = Object.entries(partCounts(db)).flatMap(([kind, count]) =>
		Array.from({ length: count }, (_, i) => `<sitemap><loc>${xml(origin + partPath(kind as PartKind, i + 1))}</loc></sitemap>`)
	);
	return `${XML_HEAD}<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${entries.join('\n')}\n</sitemapindex>\n`;
}

/** The part's pages, or null when there is no such part (`number` as written in its address). */
function partLinks(db: Db, kind: PartKind, written: string): Link[] | null {
	const number = /^\d{1,6}$/.test(written) ? Number(written) : 0;
	if (number < 1 || number > partCounts(db)[kind]) return null;
	const page = { limit: PART_SIZE, offset: (number - 1) * PART_SIZE };
	if (kind === 'pages') return [{ path: '/' }, { path: '/posts' }];
	const list = kind === 'events' ? events.listPublicEventLinks(db, page) : posts.listPublicPostLinks(db, page);
	return list.map(({ slug, updatedAt }) => ({ path: `/${kind}/${encodeURIComponent(slug)}`, lastModified: updatedAt }));
}

/** One part: each page in both languages, each naming its alternates (hreflang). */
export function buildSitemapPart(db: Db, origin: string, kind: PartKind, number: string): string | null {
	const links = partLinks(db, kind, number);
	if (!links) return null;
	const urls = links.flatMap(({ path, lastModified }) => {
		const alternates = [
			...LOCALES.map((l) => `<xhtml:link rel="alternate" hreflang="${l}" href="${xml(`${origin}/${l}${path}`)}"/>`),
			`<xhtml:link rel="alternate" hreflang="x-default" href="${xml(`${origin}${path}`)}"/>`
		].join('');
		const lastmod = lastModified ? `<lastmod>${new Date(lastModified).toISOString()}</lastmod>` : '';
		return LOCALES.map((locale) => `<url><loc>${xml(`${origin}/${locale}${path}`)}</loc>${lastmod}${alternates}</url>`);
	});
	return `${XML_HEAD}<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n${urls.join('\n')}\n</urlset>\n`;
}

export function buildRobots(origin: string): string {
	// The switch only redirects to pages the sitemap lists already.
	const closed = ['organiser', 'search', 'language'].flatMap((path) => [`/fr/${path}`, `/en/${path}`]);
	return `User-agent: *\n${closed.map((path) => `Disallow: ${path}\n`).join('')}\nSitemap: ${origin}/sitemap.xml\n`;
}
