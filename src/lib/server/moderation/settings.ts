import type { Db } from '../db';
import { prepared } from '../db/prepared';

/*
 * What admins change on the site, kept in the `settings` table; a missing or unreadable value
 * is its default, so a new database needs nothing.
 */

export type SiteSettings = {
	/** How many of a new member's first messages wait for approval (0: none). */
	heldFirstMessages: number;
	/** Whether sign-up asks for an ALTCHA proof of work (without it, the account is held). */
	altchaOnSignUp: boolean;
};

export const DEFAULT_SETTINGS = {
	heldFirstMessages: 3,
	altchaOnSignUp: false
} as const satisfies SiteSettings;

export const MAX_HELD_FIRST_MESSAGES = 50;

type Key = keyof SiteSettings;

const PARSE: { [K in Key]: (raw: string) => SiteSettings[K] | undefined } = {
	heldFirstMessages: (raw) => {
		const n = Number(raw);
		return Number.isInteger(n) && n >= 0 && n <= MAX_HELD_FIRST_MESSAGES ? n : undefined;
	},
	altchaOnSignUp: (raw) => (raw === 'true' ? true : raw === 'false' ? false : undefined)
};

/** The site's settings, each its default until an admin changed it. */
export function read(db: Db): SiteSettings {
	const rows = prepared(db, 'select key, value from settings').all() as {
		key: string;
		value: string;
	}[];
	const found: Record<string, string> = Object.fromEntries(rows.map((r) => [r.key, r.value]));
	const get = <K extends Key>(key: K): SiteSettings[K] =>
		(found[key] === undefined ? undefined : PARSE[key](found[key])) ?? DEFAULT_SETTINGS[key];
	return { heldFirstMessages: get('heldFirstMessages'), altchaOnSignUp: get('altchaOnSignUp') };
}

/** Stores the given settings; the caller has checked who asks and what was typed. */
export function write(db: Db, changes: Partial<SiteSettings>, now = Date.now()): void {
	const upsert = prepared(
		db,
		`insert into settings (key, value, updated_at) values (?, ?, ?)
		 on conflict (key) do update set value = excluded.value, updated_at = excluded.updated_at`
	);
	db.$client.transaction(() => {
		for (const [key, value] of Object.entries(changes)) {
			if (value === undefined) continue;
			if (PARSE[key as Key]?.(String(value)) === undefined)
				throw new RangeError(`Bad value for setting ${key}`);
			upsert.run(key, String(value), now);
		}
	})();
}
