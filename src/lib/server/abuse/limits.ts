import type { Db } from '../db';
import { prepared } from '../db/prepared';
import { messageLinks } from '../formats/markdown';

/*
 * Rate limits kept in the database (table rate_hits): one row per counted act, so a limit holds
 * across restarts and across processes sharing the file. A key has one window: whoever calls
 * `take` with a key uses the same rule every time (its old rows are pruned by that window).
 */

/** Past a limit: the form answers 429, with when to try again. */
export class RateLimited extends Error {
	constructor(readonly retryAfterSeconds: number) {
		super(`Rate limited: retry after ${retryAfterSeconds} s`);
		this.name = 'RateLimited';
	}
}

export type Rule = { max: number; windowMs: number };

let enforced = true;

/**
 * Whether the limits on members' acts (messages, sign-ups) apply: always, but in the tests of
 * everything else (RATE_LIMITS=off, read at start-up). Single-use marks (`once`) always hold.
 */
export function enforce(on: boolean): void {
	enforced = on;
}

/** No rule counts further back than this: rows older are anyone's to prune. */
export const LONGEST_WINDOW_MS = 24 * 3600_000;

/** How often rows of keys never taken again (an address gone for good) are swept. */
const SWEEP_EVERY_MS = 3600_000;
const lastSweep = new WeakMap<Db, number>();

/**
 * Counts one act under `key`, or throws RateLimited when `rule.max` acts were counted in the
 * last `rule.windowMs` (a refused act is not counted: waiting is enough to be let in again).
 * Runs in its own transaction, or in the caller's (a savepoint), so that two parallel acts
 * cannot both see room for one.
 */
export function take(db: Db, key: string, rule: Rule, now: number): void {
	if (!enforced) return;
	count(db, key, rule, now);
}

/** Marks `key` as used for `windowMs`; false when it already was (a replayed proof). */
export function once(db: Db, key: string, windowMs: number, now: number): boolean {
	try {
		count(db, key, { max: 1, windowMs }, now);
		return true;
	} catch (error) {
		if (error instanceof RateLimited) return false;
		throw error;
	}
}

function count(db: Db, key: string, rule: Rule, now: number): void {
	if (!(rule.max >= 1) || !(rule.windowMs > 0) || rule.windowMs > LONGEST_WINDOW_MS)
		throw new RangeError(`Bad rate rule for ${key}`);
	const since = now - rule.windowMs;
	db.$client
		.transaction(() => {
			prepared(db, 'delete from rate_hits where key = ? and at <= ?').run(key, since);
			const hits = prepared(db, 'select at from rate_hits where key = ? order by at').all(key) as {
				at: number;
			}[];
			if (hits.length >= rule.max) {
				// Room comes back when enough of the counted acts have left the window.
				const leaving = hits[hits.length - rule.max]!.at;
				throw new RateLimited(Math.max(1, Math.ceil((leaving + rule.windowMs - now) / 1000)));
			}
			prepared(db, 'insert into rate_hits (key, at) values (?, ?)').run(key, now);
			sweep(db, now);
		})
		.immediate();
}

/** Takes back the act counted under `key` at `now`: it turned out not to happen (a refused sign-up). */
export function giveBack(db: Db, key: string, now: number): void {
	prepared(
		db,
		'delete from rate_hits where id = (select id from rate_hits where key = ? and at = ? limit 1)'
	).run(key, now);
}

/** Acts counted under `key` still in the window (for tests and the organisers' view). */
export function counted(db: Db, key: string, rule: Pick<Rule, 'windowMs'>, now: number): number {
	return (
		prepared(db, 'select count(*) as n from rate_hits where key = ? and at > ?').get(
			key,
			now - rule.windowMs
		) as { n: number }
	).n;
}

function sweep(db: Db, now: number) {
	const last = lastSweep.get(db);
	if (last !== undefined && now - last < SWEEP_EVERY_MS && now >= last) return;
	lastSweep.set(db, now);
	prepared(db, 'delete from rate_hits where at <= ?').run(now - LONGEST_WINDOW_MS);
}

/** Forgets every act counted for keys starting with `prefix` (an account's, when it is erased). */
export function forget(db: Db, prefix: string): void {
	prepared(db, 'delete from rate_hits where substr(key, 1, length(?)) = ?').run(prefix, prefix);
}

export const MESSAGE_RULE = { max: 1, windowMs: 10_000 } as const satisfies Rule;
export const NEW_MEMBER_MESSAGE_RULE = { max: 1, windowMs: 60_000 } as const satisfies Rule;
/** Sign-ups from one address: a household or an office, not a script. */
export const SIGN_UP_RULE = { max: 5, windowMs: 3600_000 } as const satisfies Rule;

/** The key of everything counted for an account: erasing it forgets them by this prefix. */
export const accountKey = (accountId: number, what: string) => `account:${accountId}:${what}`;

/** Counts a message by `accountId`; throws RateLimited past 1 per 10 s (new members: 1 a minute). */
export function takeMessage(db: Db, accountId: number, fresh: boolean, now: number): void {
	take(db, accountKey(accountId, 'message'), fresh ? NEW_MEMBER_MESSAGE_RULE : MESSAGE_RULE, now);
}

export const signUpKey = (address: string) => `signup:${address}`;

/** Counts a sign-up from `address`; throws RateLimited past 5 an hour. */
export function takeSignUp(db: Db, address: string, now: number): void {
	take(db, signUpKey(address), SIGN_UP_RULE, now);
}

/** How many links a member's Markdown makes (autolinks, bare addresses, [text](url)). */
export function linkCount(markdown: string): number {
	return messageLinks(markdown);
}
