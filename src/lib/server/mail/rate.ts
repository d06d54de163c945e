import type { Db } from '../db';
import { prepared } from '../db/prepared';
import * as limits from '../abuse/limits';

/*
 * TODO-merge: GUARD's abuse/limits.ts `take(db, key, { max, windowMs }, now)` replaces this
 * file: the same signature over the same table (rate_hits), throwing the same RateLimited.
 * Until it lands, this local copy keeps the mail forms limited.
 */

export function take(db: Db, key: string, rule: { max: number; windowMs: number }, now: number) {
	db.transaction(
		() => {
			const since = now - rule.windowMs;
			// Hits out of the window count for nothing: they go as new ones come.
			prepared(db, `delete from rate_hits where key = ? and at <= ?`).run(key, since);
			const { n, oldest } = prepared(
				db,
				`select count(*) as n, min(at) as oldest from rate_hits where key = ? and at > ?`
			).get(key, since) as { n: number; oldest: number | null };
			if (n >= rule.max)
				throw new limits.RateLimited(
					Math.max(1, Math.ceil(((oldest ?? now) + rule.windowMs - now) / 1000))
				);
			prepared(db, `insert into rate_hits (key, at) values (?, ?)`).run(key, now);
		},
		{ behavior: 'immediate' }
	);
}
