import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build', precompress: true }),
		// Absolute asset paths: the same page is served under /fr/… and /en/… at any depth.
		paths: { relative: false },
		// Cross-site form posts are refused by the `sameOriginForms` hook instead, on every route
		// but the one mail clients post to (one-click unsubscribe, RFC 8058), which SvelteKit's
		// own check cannot leave out: src/lib/server/http/same-origin.ts.
		csrf: { trustedOrigins: ['*'] },
		// Inline scripts are allowed by their hash only; nothing is loaded from another host.
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self'],
				// Style attributes (SvelteKit's route announcer, table alignment) cannot run script.
				'style-src-attr': ['unsafe-inline'],
				'img-src': ['self', 'data:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none'],
				'base-uri': ['self'],
				'object-src': ['none']
			}
		}
	}
};

export default config;
