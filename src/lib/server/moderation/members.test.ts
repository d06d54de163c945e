import { beforeEach, describe, expect, it } from 'vitest';
import * as accounts from '../accounts/accounts';
import { Forbidden, type Actor } from '../auth/policy';
import * as auth from '../auth/sessions';
import * as events from '../content/events';
import type { Db } from '../db';
import * as messages from '../forum/messages';
import { memoryDb } from '../testing/db';
import { eventInput } from '../testing/factories';
import { member } from '../testing/forum';
import * as log from './log';
import * as members from './members';
import { AdmissionRefused } from './admission';

let db: Db;
let moderator: Actor;
let admin: Actor;

const PASSWORD = 'une phrase de passe assez longue';

beforeEach(() => {
	db = memoryDb();
	moderator = member(db, 'Olga', 'organiser');
	admin = member(db, 'Ada', 'admin');
});

async function signedUp(name = 'Marc') {
	const account = await accounts.signUp(db, {
		email: `${name.toLowerCase()}@example.org`,
		name,
		password: PASSWORD,
		locale: 'fr'
	});
	return account;
}

describe('hold', () => {
	it('sends every new message of a trusted member to the queue until lifted', () => {
		const rita = member(db, 'Rita');
		const subject = { kind: 'event', id: events.create(db, eventInput()).id } as const;
		members.setHeld(db, moderator, rita.id!, true, 'À surveiller', 1000);
		const held = messages.post(db, rita, subject, { body: 'x', locale: 'fr' }, 2000);
		expect(held).toMatchObject({ state: 'held', moderationReason: 'on_hold' });
		members.setHeld(db, moderator, rita.id!, false, null, 3000);
		expect(messages.post(db, rita, subject, { body: 'y', locale: 'fr' }, 100_000).state).toBe(
			'published'
		);
		expect(log.list(db).items.map((i) => [i.action, i.reason])).toEqual([
			['release_member', null],
			['hold_member', 'À surveiller']
		]);
	});
});

describe('ban', () => {
	it('ends every session at once, refuses login (saying until when) and posting, until lifted', async () => {
		const marc = await signedUp();
		const first = await auth.login(db, {
			email: 'marc@example.org',
			password: PASSWORD,
			address: 'a'
		});
		const second = auth.createSession(db, marc.id);
		expect(first.ok).toBe(true);
		const now = Date.now();
		members.ban(db, moderator, marc.id, { reason: 'spam', until: now + 86_400_000 }, now);
		expect(auth.validateSession(db, second.token)).toBeNull();
		expect(
			db.$client.prepare('select count(*) as n from sessions where account_id = ?').get(marc.id)
		).toEqual({ n: 0 });
		const refused = await auth.login(db, {
			email: 'marc@example.org',
			password: PASSWORD,
			address: 'a'
		});
		expect(refused).toEqual({ ok: false, reason: 'banned', until: now + 86_400_000 });
		// A wrong password learns nothing about the ban.
		const stranger = await auth.login(db, {
			email: 'marc@example.org',
			password: 'nope',
			address: 'b'
		});
		expect(stranger).toEqual({ ok: false, reason: 'invalid' });
		const subject = { kind: 'event', id: events.create(db, eventInput()).id } as const;
		expect(() =>
			messages.post(db, { id: marc.id, role: 'member' }, subject, { body: 'x', locale: 'fr' })
		).toThrow(AdmissionRefused);

		members.unban(db, moderator, marc.id);
		const back = await auth.login(db, {
			email: 'marc@example.org',
			password: PASSWORD,
			address: 'a'
		});
		expect(back.ok).toBe(true);
	});

	it('lapses by itself at its end date, and a session made before it is refused while it lasts', () => {
		const rita = member(db, 'Rita');
		const { token } = auth.createSession(db, rita.id!, 1000);
		members.ban(db, moderator, rita.id!, { until: 10_000 }, 2000);
		expect(members.isBanned(members.standingOf(db, rita.id!)!, 9_999)).toBe(true);
		expect(members.isBanned(members.standingOf(db, rita.id!)!, 10_000)).toBe(false);
		expect(auth.validateSession(db, token, 3000)).toBeNull();
		expect(() => members.ban(db, moderator, rita.id!, { until: 500 }, 1000)).toThrow(
			members.StandingError
		);
	});

	it('is an admin’s decision on an organiser, and nobody’s on themselves', () => {
		const other = member(db, 'Oscar', 'organiser');
		expect(() => members.ban(db, moderator, other.id!, {})).toThrow(Forbidden);
		expect(() => members.ban(db, moderator, moderator.id!, {})).toThrow(Forbidden);
		expect(() => members.setHeld(db, moderator, admin.id!, true)).toThrow(Forbidden);
		expect(() => members.ban(db, admin, admin.id!, {})).toThrow(Forbidden);
		members.ban(db, admin, other.id!, { reason: 'compte compromis' });
		expect(members.standingOf(db, other.id!)!.bannedAt).not.toBeNull();
		expect(() => members.ban(db, moderator, 999_999, {})).toThrow(members.StandingError);
	});

	it('holds no organiser, even for an admin: it would change nothing, and says so', () => {
		const other = member(db, 'Oscar', 'organiser');
		expect(() => members.setHeld(db, admin, other.id!, true, 'à surveiller', 1000)).toThrow(
			Forbidden
		);
		expect(members.standingOf(db, other.id!)!.heldAt).toBeNull();
		// An account held while a member, made organiser since, can still be released.
		db.$client.prepare('update accounts set held_at = 1 where id = ?').run(other.id);
		members.setHeld(db, admin, other.id!, false, null, 2000);
		expect(members.standingOf(db, other.id!)!.heldAt).toBeNull();
	});
});

describe('trust', () => {
	it('lets a moderator trust a new member: their messages are published at once', async () => {
		const marc = await signedUp();
		const subject = { kind: 'event', id: events.create(db, eventInput()).id } as const;
		const actor = { id: marc.id, role: 'member' } as const;
		expect(messages.post(db, actor, subject, { body: 'a', locale: 'fr' }, 1000).state).toBe('held');
		members.trust(db, moderator, marc.id, 2000);
		expect(messages.post(db, actor, subject, { body: 'b', locale: 'fr' }, 100_000).state).toBe(
			'published'
		);
		expect(log.list(db).items[0]).toMatchObject({ action: 'trust', memberId: marc.id });
	});
});

describe('listRestricted', () => {
	it('lists who is on hold or banned now, not a lapsed ban', () => {
		const a = member(db, 'Alice');
		const b = member(db, 'Bob');
		const c = member(db, 'Chloé');
		members.setHeld(db, moderator, a.id!, true, null, 1000);
		members.ban(db, moderator, b.id!, {}, 2000);
		members.ban(db, moderator, c.id!, { until: 5000 }, 3000);
		expect(members.listRestricted(db, 4000).map((s) => s.name)).toEqual(['Chloé', 'Bob', 'Alice']);
		expect(members.listRestricted(db, 6000).map((s) => s.name)).toEqual(['Bob', 'Alice']);
	});
});
