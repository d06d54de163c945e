import { describe, expect, it } from 'vitest';
import { memoryDb } from '../testing/db';
import * as outbox from './outbox';

const email = (to = 'someone@example.org'): outbox.OutgoingEmail => ({
	to,
	accountId: null,
	kind: 'test',
	locale: 'fr',
	subject: 'Sujet',
	text: 'Texte',
	html: '<p>Texte</p>'
});

const row = (db: ReturnType<typeof memoryDb>, id: number) =>
	db.$client.prepare('select * from outbox where id = ?').get(id) as {
		state: string;
		attempts: number;
		next_attempt_at: number;
		last_error: string | null;
		sent_at: number | null;
	};

describe('outbox', () => {
	it('waits 1 min, 5, 30, 2 h, then 12 h between attempts, and gives up after the eighth', () => {
		const waits = [];
		for (let attempt = 1; attempt <= outbox.MAX_ATTEMPTS; attempt++)
			waits.push(outbox.nextAttemptAfter(attempt, 0));
		const h = 3_600_000;
		expect(waits).toEqual([60_000, 300_000, 1_800_000, 2 * h, 12 * h, 12 * h, 12 * h, null]);
		expect(outbox.MAX_ATTEMPTS).toBe(8);
	});

	it('claims only what is due, marks the attempt and leases it so a second claim gets nothing', () => {
		const db = memoryDb();
		const due = outbox.enqueue(db, email(), 1000);
		const later = outbox.enqueue(db, email(), 5000);
		const first = outbox.claim(db, 10, 2000);
		expect(first.map((e) => e.id)).toEqual([due]);
		expect(first[0]).toMatchObject({ attempts: 1, to: 'someone@example.org', text: 'Texte' });
		expect(row(db, due).next_attempt_at).toBe(2000 + outbox.LEASE_MS);
		// Another worker (another server on this database) at the same moment: nothing for it.
		expect(outbox.claim(db, 10, 2000)).toEqual([]);
		expect(outbox.claim(db, 10, 6000).map((e) => e.id)).toEqual([later]);
		// A worker that stopped mid-send: the row comes back once the lease is over.
		expect(outbox.claim(db, 10, 2000 + outbox.LEASE_MS).map((e) => e.id)).toEqual([due]);
		expect(row(db, due).attempts).toBe(2);
	});

	it('takes a few at a time, oldest first', () => {
		const db = memoryDb();
		const ids = [1, 2, 3, 4].map((i) => outbox.enqueue(db, email(`a${i}@example.org`), i));
		expect(outbox.claim(db, 3, 10).map((e) => e.id)).toEqual(ids.slice(0, 3));
		expect(outbox.claim(db, 3, 10).map((e) => e.id)).toEqual(ids.slice(3));
	});

	it('schedules a failed attempt with backoff, then gives up, and an admin retries it once', () => {
		const db = memoryDb();
		const id = outbox.enqueue(db, email(), 0);
		let now = 0;
		for (let attempt = 1; attempt <= outbox.MAX_ATTEMPTS; attempt++) {
			const [claimed] = outbox.claim(db, 1, now);
			expect(claimed?.attempts).toBe(attempt);
			outbox.markFailed(db, id, attempt, `421 try later ${attempt}`, now);
			now = row(db, id).next_attempt_at;
		}
		expect(row(db, id)).toMatchObject({
			state: 'failed',
			attempts: 8,
			last_error: '421 try later 8'
		});
		expect(outbox.claim(db, 10, now + 1e12)).toEqual([]);
		expect(outbox.counts(db)).toEqual({ queued: 0, sent: 0, failed: 1 });

		expect(outbox.retry(db, id, now)).toBe(true);
		expect(outbox.retry(db, id, now)).toBe(false);
		const [again] = outbox.claim(db, 1, now);
		outbox.markSent(db, again!.id, now + 5);
		expect(row(db, id)).toMatchObject({ state: 'sent', sent_at: now + 5, last_error: null });
		expect(outbox.retry(db, id, now)).toBe(false);
	});

	it('empties the bodies of sent emails that hold a token, and drops old sent and given-up rows', () => {
		const db = memoryDb();
		const reset = outbox.enqueue(db, { ...email(), kind: 'reset' }, 0);
		const other = outbox.enqueue(db, { ...email(), kind: 'notification' }, 0);
		const failed = outbox.enqueue(db, email(), 0);
		outbox.claim(db, 10, 0);
		outbox.markSent(db, reset, 10);
		outbox.markSent(db, other, 10);
		db.$client.prepare("update outbox set state = 'failed' where id = ?").run(failed);
		const bodies = db.$client.prepare('select text_body, html_body from outbox where id = ?');
		expect(bodies.get(reset)).toEqual({ text_body: '', html_body: '' });
		expect(bodies.get(other)).toEqual({ text_body: 'Texte', html_body: '<p>Texte</p>' });
		expect(outbox.prune(db, outbox.KEEP_MS)).toBe(0);
		expect(outbox.prune(db, outbox.KEEP_MS + 11)).toBe(3);
	});

	it('keeps the last error short', () => {
		const db = memoryDb();
		const id = outbox.enqueue(db, email(), 0);
		outbox.claim(db, 1, 0);
		outbox.markFailed(db, id, 1, 'x'.repeat(10_000), 0);
		expect(row(db, id).last_error).toHaveLength(500);
	});

	it('hands back stored headers on one line each, and drops what is not a header', () => {
		expect(
			outbox.headersOf(
				JSON.stringify({
					'List-Unsubscribe': '<https://hub.example.org/u/x>',
					'X-Evil': 'a\r\nBcc: victim@example.org',
					'Bad Name': 'x',
					From: 'ceo@example.org',
					'Message-ID': '<forged@example.org>',
					'Content-Type': 'text/plain',
					Number: 3
				})
			)
		).toEqual({
			'List-Unsubscribe': '<https://hub.example.org/u/x>',
			'X-Evil': 'a Bcc: victim@example.org'
		});
		expect(outbox.headersOf('not json')).toEqual({});
		expect(outbox.headersOf(null)).toEqual({});
	});

	it('shows admins the latest emails with their addresses masked', () => {
		const db = memoryDb();
		outbox.enqueue(db, email('marie.curie@example.org'), 0);
		const [latest] = outbox.latest(db);
		expect(latest).toMatchObject({ to: 'm•••@example.org', state: 'queued', nextAttemptAt: 0 });
	});
});
