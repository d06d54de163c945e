// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
	namespace App {
		interface Error {
			message: string;
		}
		interface Locals {
			/** The organiser of the request's session, or null for readers. */
			organiser: import('$lib/server/accounts/organisers').Organiser | null;
			sessionToken: string | null;
		}
	}
}

export {};
