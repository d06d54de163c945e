import type { Db } from '../db';

/* Rate limits kept in the database (stub: helper GUARD owns it). */

/** Past a limit: the form answers 429, with when to try again. */
export class RateLimited extends Error {
	constructor(readonly retryAfterSeconds: number) {
		super(`Rate limited: retry after ${retryAfterSeconds} s`);
		this.name = 'RateLimited';
	}
}

/** Counts a message by `accountId`; throws RateLimited past 1 per 10 s (new members: 1 a minute). */
export function takeMessage(_db: Db, _accountId: number, _fresh: boolean, _now: number): void {}

/** How many links a member's Markdown makes (autolinks, bare addresses, [text](url)). */
export function linkCount(_markdown: string): number {
	return 0;
}
