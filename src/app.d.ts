// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
	namespace App {
		interface Error {
			message: string;
		}
		interface Locals {
			/** Who is asking: the account of the request's session, or null for readers. */
			account: import('$lib/server/accounts/accounts').Account | null;
			sessionToken: string | null;
			/** What the answer shows, for the response cache to drop it when that changes (http/cache-tags.ts). */
			cacheTags?: string[];
		}
	}
}

export {};
