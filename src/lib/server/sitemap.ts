import type { Db } from './db';
import * as events from './events';
import * as posts from './posts';

const LOCALES = ['fr', 'en'] as const;

function xml(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Every public page in both languages, each naming its alternates (hreflang). */
export function buildSitemap(db: Db, origin: string): string {
	const pages: { path: string; lastModified?: number }[] = [{ path: '/' }, { path: '/posts' }];
	for (const e of [...events.listUpcomingEvents(db), ...events.listPastEvents(db)]) {
		pages.push({ path: `/events/${encodeURIComponent(e.slug)}`, lastModified: e.updatedAt });
	}
	for (const p of posts.listPosts(db)) pages.push({ path: `/posts/${encodeURIComponent(p.slug)}`, lastModified: p.updatedAt });

	const urls = pages.flatMap(({ path, lastModified }) =>
		LOCALES.map((locale) => {
			const alternates = [
				...LOCALES.map((l) => `<xhtml:link rel="alternate" hreflang="${l}" href="${xml(`${origin}/${l}${path}`)}"/>`),
				`<xhtml:link rel="alternate" hreflang="x-default" href="${xml(`${origin}${path}`)}"/>`
			].join('');
			const lastmod = lastModified ? `<lastmod>${new Date(lastModified).toISOString()}</lastmod>` : '';
			return `<url><loc>${xml(`${origin}/${locale}${path}`)}</loc>${lastmod}${alternates}</url>`;
		})
	);
	return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">
${urls.join('\n')}
</urlset>
`;
}

export function buildRobots(origin: string): string {
	// The switch only redirects to pages the sitemap lists already.
	const closed = ['organiser', 'search', 'language'].flatMap((path) => [`/fr/${path}`, `/en/${path}`]);
	return `User-agent: *\n${closed.map((path) => `Disallow: ${path}\n`).join('')}\nSitemap: ${origin}/sitemap.xml\n`;
}
