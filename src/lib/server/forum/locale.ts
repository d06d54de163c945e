import type { ContentLocale } from '$lib/content';
import { getLocale } from '$lib/paraglide/runtime';
import type { Account } from '../accounts/accounts';

/**
 * The language a new message is marked with until its author picks another. Accounts will
 * carry their interface language (issue 13, members); until then, the page's language is the
 * best guess of the language the member writes in. Only this function changes when they do.
 */
export function defaultMessageLocale(_account: Pick<Account, 'id'> | null): ContentLocale {
	return getLocale();
}
