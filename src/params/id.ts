import type { ParamMatcher } from '@sveltejs/kit';

/** A record's id in an address: digits, 1 to 9 of them (anything else is no route: a 404). */
export const match = ((param: string): param is string =>
	/^\d{1,9}$/.test(param)) satisfies ParamMatcher;
