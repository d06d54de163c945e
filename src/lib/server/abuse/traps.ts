import { randomBytes } from 'node:crypto';
import type { Db } from '../db';
import { prepared } from '../db/prepared';
import * as signing from '../auth/signing';
import * as limits from './limits';
import { HONEYPOT_FIELD, ISSUED_FIELD } from '../../forms/traps';

/*
 * Traps for scripts that fill in forms: a field people never see (the honeypot), and the moment
 * the form was handed out, signed with the database's secret, so a form sent back too fast, or
 * never fetched at all, is recognised. A trapped form saves nothing and is answered as if it had
 * been saved, so the script learns nothing; it is counted per kind and day for the organisers.
 */

export { HONEYPOT_FIELD, ISSUED_FIELD } from '../../forms/traps';

/** A form older than this was not filled in by someone reading it now. */
export const LONGEST_FORM_AGE_MS = 24 * 3600_000;
export const DEFAULT_FORM_MIN_SECONDS = 3;

/**
 * Which form a moment was handed out for: a moment signed for the members' message forms does
 * not open the sign-up form, nor the other way round.
 */
export type FormKind = 'join' | 'message';

const purposeOf = (kind: FormKind) => `form:${kind}`;

export type Trap = 'honeypot' | 'too_fast' | 'forged' | 'replayed';
/** What a form's traps found: nothing, a script (saved nothing, answered as saved), or a form left open too long. */
export type Verdict = { ok: true } | { ok: false; trap: Trap } | { ok: false; stale: true };

/**
 * The value of ISSUED_FIELD for a `kind` of form handed out at `now`: the moment, a random part
 * that makes each handed-out form its own (spent once it saved something), and the signature.
 */
export function issue(db: Db, kind: FormKind, now: number): string {
	const stamp = `${Math.floor(now)}.${randomBytes(12).toString('base64url')}`;
	return `${stamp}.${signing.sign(db, purposeOf(kind), stamp)}`;
}

const STAMP = /^((\d{1,15})\.[A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{43})$/;

/** When a `kind` of form was handed out, if `value` is one we signed for it; null for anything else. */
export function issuedAt(db: Db, kind: FormKind, value: string): number | null {
	const match = STAMP.exec(value);
	if (!match || !signing.verify(db, purposeOf(kind), match[1]!, match[3]!)) return null;
	return Number(match[2]);
}

/**
 * Marks the form's signed moment as spent, in the caller's transaction (the one that saves
 * what the form sent, so a refused form can be sent again): false when it already saved
 * something, a script posting one handed-out form again and again.
 */
export function spend(db: Db, kind: FormKind, value: string, now: number): boolean {
	const match = STAMP.exec(value);
	if (!match) return false;
	// Spent for as long as the moment is accepted at all (LONGEST_FORM_AGE_MS from its issue).
	return limits.once(db, `form:${kind}:${match[1]}`, LONGEST_FORM_AGE_MS, now);
}

/**
 * Judges a sent form by its traps. A stale form (signed by us, but more than a day old) is a
 * person who left a tab open: told so, with their text kept, rather than silently dropped.
 */
export function judge(
	db: Db,
	kind: FormKind,
	form: FormData,
	now: number,
	minSeconds: number
): Verdict {
	const honey = form.get(HONEYPOT_FIELD);
	if (typeof honey === 'string' && honey !== '') return { ok: false, trap: 'honeypot' };
	const raw = form.get(ISSUED_FIELD);
	const at = typeof raw === 'string' ? issuedAt(db, kind, raw) : null;
	if (at === null || at > now + 60_000) return { ok: false, trap: 'forged' };
	if (now - at < minSeconds * 1000) return { ok: false, trap: 'too_fast' };
	if (now - at > LONGEST_FORM_AGE_MS) return { ok: false, stale: true };
	return { ok: true };
}

/** The UTC day of `now`, as trap_counts keeps it. */
const dayOf = (now: number) => new Date(now).toISOString().slice(0, 10);

/** Counts a sprung trap: `kind` says which form and which trap (e.g. `join.honeypot`). */
export function trap(db: Db, kind: string, now: number): void {
	prepared(
		db,
		`insert into trap_counts (kind, day, count) values (?, ?, 1)
		 on conflict (kind, day) do update set count = count + 1`
	).run(kind.slice(0, 64), dayOf(now));
}

export type TrapCount = { day: string; kind: string; count: number };

/** What the traps caught in the last `days` UTC days (today included), newest day first. */
export function counts(db: Db, days: number, now = Date.now()): TrapCount[] {
	const since = dayOf(now - Math.max(0, days - 1) * 86_400_000);
	return prepared(
		db,
		'select day, kind, count from trap_counts where day >= ? order by day desc, kind'
	).all(since) as TrapCount[];
}
