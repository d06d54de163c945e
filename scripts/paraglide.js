// Compiles messages/*.json into src/lib/paraglide (generated, not committed). Every script that
// builds, checks or tests runs this first, so a fresh clone never misses it.
import { compile } from '@inlang/paraglide-js';

await compile({
	project: './project.inlang',
	outdir: './src/lib/paraglide',
	strategy: ['url', 'cookie', 'preferredLanguage', 'baseLocale'],
	cookieName: 'lang',
	// One year: the reader's choice is remembered, not forever.
	cookieMaxAge: 60 * 60 * 24 * 365,
	emitPrettierIgnore: false,
	// Both languages carry a prefix: `/` itself is a choice made in hooks.server.ts
	// (cookie, then Accept-Language, then French), not a silent French page.
	urlPatterns: [
		{
			pattern: ':protocol://:domain(.*)::port?/:path(.*)?',
			localized: [
				['en', ':protocol://:domain(.*)::port?/en/:path(.*)?'],
				['fr', ':protocol://:domain(.*)::port?/fr/:path(.*)?']
			]
		}
	]
});
