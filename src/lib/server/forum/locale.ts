import type { ContentLocale } from '$lib/content';
import { getLocale } from '$lib/paraglide/runtime';
import type { Account } from '../accounts/accounts';

/**
 * The language a new message is marked with until its author picks another: their interface
 * language (chosen at sign-up, changed on their account page); for nobody, the page's.
 */
export function defaultMessageLocale(account: Pick<Account, 'locale'> | null): ContentLocale {
	return account?.locale ?? getLocale();
}
