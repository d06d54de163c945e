import { beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../auth/policy';
import * as events from '../content/events';
import type { Db } from '../db';
import * as messages from '../forum/messages';
import { memoryDb } from '../testing/db';
import { eventInput } from '../testing/factories';
import { member } from '../testing/forum';
import * as follows from './follows';
import * as unsubscribe from './unsubscribe';

let db: Db;
let alice: Actor;
let discussionId: number;

beforeEach(() => {
	db = memoryDb();
	alice = member(db, 'Alice');
	const eventId = events.create(db, eventInput()).id;
	discussionId = messages.post(
		db,
		alice,
		{ kind: 'event', id: eventId },
		{ body: 'Bonjour', locale: 'fr' }
	).discussionId;
});

const frequency = () =>
	(
		db.$client.prepare('select email_frequency as f from accounts where id = ?').get(alice.id) as {
			f: string;
		}
	).f;
const encode = (text: string) => Buffer.from(text).toString('base64url');

describe('unsubscribe tokens', () => {
	it('read back what they were made for', () => {
		const all = unsubscribe.tokenFor(db, { accountId: alice.id!, scope: 'all' });
		const one = unsubscribe.tokenFor(db, { accountId: alice.id!, scope: discussionId });
		expect(all).toMatch(/^[\w-]+$/);
		expect(unsubscribe.read(db, all)).toEqual({ accountId: alice.id, scope: 'all' });
		expect(unsubscribe.read(db, one)).toEqual({ accountId: alice.id, scope: discussionId });
	});

	it('refuse forged, altered, reused-elsewhere and malformed ones', () => {
		const real = unsubscribe.tokenFor(db, { accountId: alice.id!, scope: discussionId });
		const [, , signature] = Buffer.from(real, 'base64url').toString().split('.');
		const forged = [
			// Another account or scope under the same signature.
			encode(`${alice.id! + 1}.${discussionId}.${signature}`),
			encode(`${alice.id}.all.${signature}`),
			// A signature made for another purpose (a form's timestamp) with the same key.
			encode(`${alice.id}.all.${'A'.repeat(43)}`),
			encode(`${alice.id}.all`),
			encode(`0${alice.id}.${discussionId}.${signature}`),
			encode(`${alice.id}.${discussionId}.${signature}.x`),
			real.slice(0, -2),
			`${real}=`,
			'',
			'%2e%2e',
			'a'.repeat(10_000),
			encode(`${alice.id}\u202e.all.${signature}`)
		];
		for (const token of forged) expect(unsubscribe.read(db, token), token).toBeNull();
		// Another database's secret: its tokens are not ours.
		const other = memoryDb();
		member(other, 'Alice');
		expect(
			unsubscribe.read(db, unsubscribe.tokenFor(other, { accountId: alice.id!, scope: 'all' }))
		).toBeNull();
	});

	it('make the headers of RFC 8058 and an address in the reader language', () => {
		const url = unsubscribe.urlFor(db, 'https://hub.example/', 'en', {
			accountId: 1,
			scope: 'all'
		});
		expect(url).toMatch(/^https:\/\/hub\.example\/en\/unsubscribe\/[\w-]+$/);
		expect(unsubscribe.headersFor(url)).toEqual({
			'List-Unsubscribe': `<${url}>`,
			'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click'
		});
	});
});

describe('stopping', () => {
	it('unfollows the one discussion, or stops every email, and doing it twice changes nothing', () => {
		const target = { accountId: alice.id!, scope: discussionId };
		expect(unsubscribe.stop(db, target, 'discussion')).toBe(true);
		expect(follows.isFollowing(db, alice.id!, discussionId)).toBe(false);
		expect(frequency()).toBe('hourly');
		expect(unsubscribe.stop(db, target, 'all')).toBe(true);
		expect(unsubscribe.stop(db, target, 'all')).toBe(true);
		expect(frequency()).toBe('never');
		expect(unsubscribe.describe(db, target, 'fr')).toMatchObject({
			stoppedAll: true,
			following: false
		});
	});

	it("an 'all' token never unfollows, and a gone account is said so", () => {
		expect(unsubscribe.stop(db, { accountId: alice.id!, scope: 'all' }, 'discussion')).toBe(true);
		expect(frequency()).toBe('never');
		expect(follows.isFollowing(db, alice.id!, discussionId)).toBe(true);
		expect(unsubscribe.stop(db, { accountId: 999, scope: 'all' }, 'all')).toBe(false);
		expect(unsubscribe.describe(db, { accountId: 999, scope: 'all' }, 'fr')).toBeNull();
	});
});
