/*
 * Reader pages send no script (`csr = false`), yet SvelteKit serialises every server load's
 * data into a string it then drops: a fifth of the big home page's render, and it is paid on
 * every page made for a signed-in member. Data marked by $lib/server/http/unsent.ts is
 * serialised as one number by the `transport` hook (src/hooks.ts).
 */
export const UNSENT = Symbol.for('rencontres.unsent');

export function isUnsent(value: unknown): boolean {
	return typeof value === 'object' && value !== null && UNSENT in value;
}
