/*
 * SvelteKit's cross-site form check, made here so that one route may be left out of it. A mail
 * client's one-click unsubscribe (RFC 8058) is a form POST from no page of ours, with no Origin
 * or another one, which SvelteKit's own check (run before any hook, for every route) refuses;
 * so svelte.config.js turns that off (`csrf.trustedOrigins: ['*']`) and the `sameOriginForms`
 * hook refuses the same requests, with the same answer, on every other route. Decided on the
 * route SvelteKit matched, never on the raw path.
 */

/** What a browser's form (or a script pretending to be one) can send without a CORS preflight. */
const FORM_TYPES = [
	'application/x-www-form-urlencoded',
	'multipart/form-data',
	'text/plain',
	// SvelteKit's remote form functions.
	'application/x-sveltekit-formdata'
];
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Routes that take form posts from anywhere: each authenticates by what the post carries (a signed token). */
export const OPEN_TO_ANY_ORIGIN = new Set(['/(members)/unsubscribe/[token]']);

/** Whether a request is a form post from another site (or from nowhere) to a route that refuses those. */
export function crossSiteForm(request: Request, url: URL, routeId: string | null): boolean {
	if (!UNSAFE.has(request.method)) return false;
	const type = request.headers.get('content-type')?.split(';', 1)[0]!.trim().toLowerCase() ?? '';
	if (!FORM_TYPES.includes(type)) return false;
	if (request.headers.get('origin') === url.origin) return false;
	return routeId === null || !OPEN_TO_ANY_ORIGIN.has(routeId);
}
