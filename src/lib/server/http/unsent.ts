import { getRequestEvent } from '$app/server';
import { UNSENT } from '$lib/unsent';

/**
 * Marks a `csr = false` page's load data as never sent when the page is rendered as HTML
 * ($lib/unsent.ts). A data request (`__data.json`, when a page with a script navigates to this
 * one) gets it whole: the browser renders from it.
 */
export function unsent<T extends object>(data: T): T {
	if (!getRequestEvent().isDataRequest) Object.defineProperty(data, UNSENT, { value: true });
	return data;
}
