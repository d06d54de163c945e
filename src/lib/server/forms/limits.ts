import * as m from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';

/** "Too long: 50,000 characters at most", the number written as the reader writes numbers. */
export function tooLongMessage(max: number): string {
	return m.error_too_long({ max: new Intl.NumberFormat(getLocale()).format(max) });
}
