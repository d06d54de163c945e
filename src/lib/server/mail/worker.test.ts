import { describe, expect, it } from 'vitest';
import { memoryDb } from '../testing/db';
import * as outbox from './outbox';
import type { Outgoing, Transport } from './transport';
import { describeError, startWorker } from './worker';

function fakeTransport(answers: (message: Outgoing) => void) {
	const sent: Outgoing[] = [];
	const transport: Transport = {
		async send(message) {
			answers(message);
			sent.push(message);
		},
		close() {}
	};
	return { transport, sent };
}

const email = (to: string, headers?: Record<string, string>): outbox.OutgoingEmail => ({
	to,
	accountId: null,
	kind: 'test',
	locale: 'en',
	subject: 'Subject',
	text: 'Text',
	html: '<p>Text</p>',
	headers
});

describe('worker', () => {
	it('sends what is due with a Message-ID on our domain and the stored headers, once', async () => {
		const db = memoryDb();
		const id = outbox.enqueue(
			db,
			email('a@example.org', { 'List-Unsubscribe': '<https://hub.example.org/u/1>' }),
			100
		);
		const { transport, sent } = fakeTransport(() => {});
		const worker = startWorker(db, transport, {
			intervalMs: 60_000,
			domain: 'hub.example.org',
			clock: () => 200
		});
		await worker.runOnce();
		await worker.runOnce();
		await worker.stop();
		expect(sent).toHaveLength(1);
		expect(sent[0]).toMatchObject({
			to: 'a@example.org',
			messageId: `<outbox-${id}.100@hub.example.org>`,
			headers: { 'List-Unsubscribe': '<https://hub.example.org/u/1>' }
		});
		expect(outbox.counts(db)).toEqual({ queued: 0, sent: 1, failed: 0 });
	});

	it('keeps a refused email for later, with the error and never the password, and goes on with the others', async () => {
		const db = memoryDb();
		const refused = outbox.enqueue(db, email('refused@example.org'), 0);
		outbox.enqueue(db, email('fine@example.org'), 0);
		const { transport, sent } = fakeTransport((message) => {
			if (message.to.startsWith('refused'))
				throw Object.assign(new Error('Mailbox busy for user hub with s3cret'), {
					code: 'EENVELOPE',
					responseCode: 451
				});
		});
		const worker = startWorker(db, transport, {
			intervalMs: 60_000,
			domain: 'example.org',
			secrets: ['s3cret'],
			clock: () => 1000
		});
		await worker.runOnce();
		await worker.stop();
		expect(sent.map((s) => s.to)).toEqual(['fine@example.org']);
		const row = db.$client
			.prepare('select state, attempts, next_attempt_at, last_error from outbox where id = ?')
			.get(refused);
		expect(row).toEqual({
			state: 'queued',
			attempts: 1,
			next_attempt_at: 1000 + 60_000,
			last_error: 'EENVELOPE 451 Mailbox busy for user hub with ***'
		});
	});

	it('says an error on one line', () => {
		expect(describeError(new Error('a\r\nb\u202e'))).toBe('a b');
		expect(describeError('plain')).toBe('plain');
	});
});
