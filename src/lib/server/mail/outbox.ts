import type { Db } from '../db';
import { prepared } from '../db/prepared';
import { OUTBOX_STATES, type Locale } from '../db/schema';

/*
 * The outbox: every email is a row written in the transaction of what caused it, so an email is
 * never sent for something that was rolled back, nor lost when the server stops. The worker
 * (mail/worker.ts) claims what is due, sends it and retries with backoff.
 */

export type OutgoingEmail = {
	to: string;
	/** The recipient's account, when they have one (their data export lists their emails). */
	accountId: number | null;
	/** What it is, for admins and tests: confirm, reset, notification, digest… */
	kind: string;
	locale: Locale;
	subject: string;
	text: string;
	html: string;
	/** Extra headers: List-Unsubscribe and List-Unsubscribe-Post for notifications. */
	headers?: Record<string, string>;
};

let onEnqueue: () => void = () => {};

/** What to do when an email is queued (the worker looks sooner than its next round). */
export function whenEnqueued(action: () => void) {
	onEnqueue = action;
}

/** Queues an email, due at once; call it inside the transaction that makes it needed. */
export function enqueue(db: Db, email: OutgoingEmail, now = Date.now()): number {
	const { lastInsertRowid } = prepared(
		db,
		`insert into outbox (account_id, to_address, kind, locale, subject, text_body, html_body, headers,
		 next_attempt_at, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	).run(
		email.accountId,
		email.to,
		email.kind,
		email.locale,
		email.subject,
		email.text,
		email.html,
		email.headers ? JSON.stringify(email.headers) : null,
		now,
		now
	);
	onEnqueue();
	return Number(lastInsertRowid);
}

/** After a failed attempt n (1-based), the wait before the next one; none after the last. */
export const BACKOFF_MS = [
	60_000,
	5 * 60_000,
	30 * 60_000,
	2 * 3_600_000,
	12 * 3_600_000,
	12 * 3_600_000,
	12 * 3_600_000
] as const;
/** Attempts before an email is given up (failed): about two days of trying. */
export const MAX_ATTEMPTS = BACKOFF_MS.length + 1;
/**
 * A claimed row is not due again for this long: another server on the same database leaves it
 * alone while this one sends it (a send is bounded well below it), and it comes back by itself
 * if this one stopped mid-send.
 */
export const LEASE_MS = 10 * 60_000;
const LAST_ERROR_LENGTH = 500;

/** When attempt `attempts` (just failed) is tried again, or null: it is given up. */
export function nextAttemptAfter(attempts: number, now: number): number | null {
	const wait = BACKOFF_MS[attempts - 1];
	return attempts >= MAX_ATTEMPTS || wait === undefined ? null : now + wait;
}

export type Claimed = {
	id: number;
	to: string;
	kind: string;
	subject: string;
	text: string;
	html: string;
	headers: Record<string, string>;
	attempts: number;
	createdAt: number;
};

type Row = {
	id: number;
	to_address: string;
	kind: string;
	subject: string;
	text_body: string;
	html_body: string;
	headers: string | null;
	attempts: number;
	created_at: number;
};

/**
 * The headers a row may add: lists (List-Unsubscribe…), threading and custom X- headers. Never
 * one the message is built from (From, To, Subject, Message-ID, Content-Type…).
 */
const ADDABLE_HEADER =
	/^(?:List-[A-Za-z-]{1,40}|X-[A-Za-z0-9-]{1,60}|In-Reply-To|References|Reply-To|Precedence)$/i;

/** Headers as stored: only string values, on one line each (a header cannot smuggle another). */
export function headersOf(json: string | null): Record<string, string> {
	if (!json) return {};
	try {
		const parsed: unknown = JSON.parse(json);
		if (!parsed || typeof parsed !== 'object') return {};
		return Object.fromEntries(
			Object.entries(parsed as Record<string, unknown>)
				.filter(([name, value]) => ADDABLE_HEADER.test(name) && typeof value === 'string')
				.map(([name, value]) => [name, (value as string).replace(/[\r\n\0]+/g, ' ')])
		);
	} catch {
		return {};
	}
}

/**
 * Takes up to `limit` due emails for this worker: one UPDATE marks each one's attempt and puts
 * its next attempt a lease away, so a second server on the database finds it not due and
 * leaves it. What one worker took, no other takes until the lease ends.
 */
export function claim(db: Db, limit: number, now: number): Claimed[] {
	const rows = prepared(
		db,
		`update outbox set attempts = attempts + 1, next_attempt_at = ?
		 where id in (select id from outbox where state = 'queued' and next_attempt_at <= ?
		              order by next_attempt_at, id limit ?)
		   and state = 'queued' and next_attempt_at <= ?
		 returning id, to_address, kind, subject, text_body, html_body, headers, attempts, created_at`
	).all(now + LEASE_MS, now, limit, now) as Row[];
	return rows
		.sort((a, b) => a.id - b.id)
		.map((row) => ({
			id: row.id,
			to: row.to_address,
			kind: row.kind,
			subject: row.subject,
			text: row.text_body,
			html: row.html_body,
			headers: headersOf(row.headers),
			attempts: row.attempts,
			createdAt: row.created_at
		}));
}

/**
 * Sent. The bodies of confirmation and reset emails hold a token's link: emptied once sent, so
 * a copy of the database opens nothing (account_tokens keeps only hashes).
 */
export function markSent(db: Db, id: number, now: number) {
	prepared(
		db,
		`update outbox set state = 'sent', sent_at = ?, last_error = null,
		   text_body = case when kind in ('confirm', 'reset') then '' else text_body end,
		   html_body = case when kind in ('confirm', 'reset') then '' else html_body end
		 where id = ? and state = 'queued'`
	).run(now, id);
}

/** Sent and given-up emails are kept this long for admins (and members' exports), then dropped. */
export const KEEP_MS = 30 * 24 * 3_600_000;

export function prune(db: Db, now: number): number {
	return prepared(
		db,
		`delete from outbox where (state = 'sent' and sent_at < ?) or (state = 'failed' and created_at < ?)`
	).run(now - KEEP_MS, now - KEEP_MS).changes;
}

/** An attempt failed: tried again later with backoff, or given up after MAX_ATTEMPTS. */
export function markFailed(db: Db, id: number, attempts: number, error: string, now: number) {
	const next = nextAttemptAfter(attempts, now);
	const lastError = error.slice(0, LAST_ERROR_LENGTH);
	if (next === null)
		prepared(
			db,
			`update outbox set state = 'failed', last_error = ? where id = ? and state = 'queued'`
		).run(lastError, id);
	else
		prepared(
			db,
			`update outbox set next_attempt_at = ?, last_error = ? where id = ? and state = 'queued'`
		).run(next, lastError, id);
}

/** An admin asks for one more attempt of a given-up email, now. */
export function retry(db: Db, id: number, now: number): boolean {
	const { changes } = prepared(
		db,
		`update outbox set state = 'queued', next_attempt_at = ?, attempts = ? where id = ? and state = 'failed'`
	).run(now, MAX_ATTEMPTS - 1, id);
	if (changes > 0) onEnqueue();
	return changes > 0;
}

export type OutboxState = (typeof OUTBOX_STATES)[number];

/** How many emails are in each state, every state named (0 when none). */
export function counts(db: Db): Record<OutboxState, number> {
	const rows = prepared(db, `select state, count(*) as n from outbox group by state`).all() as {
		state: OutboxState;
		n: number;
	}[];
	const result = Object.fromEntries(OUTBOX_STATES.map((s) => [s, 0])) as Record<
		OutboxState,
		number
	>;
	for (const { state, n } of rows) result[state] = n;
	return result;
}

export type OutboxEntry = {
	id: number;
	to: string;
	kind: string;
	state: OutboxState;
	attempts: number;
	nextAttemptAt: number | null;
	lastError: string | null;
	createdAt: number;
	sentAt: number | null;
};

/** An address shown to admins without being spelled out: `m•••@example.org`. */
export function maskAddress(address: string): string {
	const at = address.lastIndexOf('@');
	if (at <= 0) return '•••';
	return `${address.slice(0, 1)}•••${address.slice(at)}`;
}

/** The latest emails, newest first, their addresses masked. */
export function latest(db: Db, limit = 50): OutboxEntry[] {
	const rows = prepared(
		db,
		`select id, to_address, kind, state, attempts, next_attempt_at, last_error, created_at, sent_at
		 from outbox order by id desc limit ?`
	).all(limit) as {
		id: number;
		to_address: string;
		kind: string;
		state: OutboxState;
		attempts: number;
		next_attempt_at: number;
		last_error: string | null;
		created_at: number;
		sent_at: number | null;
	}[];
	return rows.map((row) => ({
		id: row.id,
		to: maskAddress(row.to_address),
		kind: row.kind,
		state: row.state,
		attempts: row.attempts,
		nextAttemptAt: row.state === 'queued' ? row.next_attempt_at : null,
		lastError: row.last_error,
		createdAt: row.created_at,
		sentAt: row.sent_at
	}));
}
