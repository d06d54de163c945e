import { describe, expect, it } from 'vitest';
import { memoryDb } from '../testing/db';
import { member } from '../testing/forum';
import * as log from './log';

describe('the moderation log', () => {
	it('records who did what, and lists it newest first, a page at a time', () => {
		const db = memoryDb();
		const olga = member(db, 'Olga', 'organiser');
		const nina = member(db, 'Nina');
		for (let i = 0; i < 5; i++)
			log.record(
				db,
				{ actor: olga, action: 'trust', memberId: nina.id, reason: `r${i}` },
				1000 + i
			);
		log.record(db, { actor: null, action: 'flags_hidden', messageId: 7, reason: 'flags' }, 2000);
		const first = log.list(db, { page: 1, perPage: 4 });
		expect(first).toMatchObject({ page: 1, pages: 2, total: 6 });
		expect(first.items.map((i) => [i.action, i.actorName, i.reason])).toEqual([
			['flags_hidden', null, 'flags'],
			['trust', 'Olga', 'r4'],
			['trust', 'Olga', 'r3'],
			['trust', 'Olga', 'r2']
		]);
		expect(first.items[1]!.memberName).toBe('Nina');
		// Past the end: the last page.
		expect(log.list(db, { page: 99, perPage: 4 }).page).toBe(2);
	});

	it('keeps the snapshot as written, and reads a damaged one as none', () => {
		const db = memoryDb();
		const snapshot = { body: 'Texte', locale: 'fr', authorName: 'Nina', state: 'held', version: 2 };
		log.record(db, { actor: null, action: 'approve', messageId: 1, snapshot }, 1000);
		db.$client
			.prepare(
				"insert into moderation_log (action, message_id, snapshot, created_at) values ('hide', 2, '{not json', 2000)"
			)
			.run();
		const [damaged, kept] = log.list(db).items;
		expect(kept!.snapshot).toEqual(snapshot);
		expect(damaged!.snapshot).toBeNull();
	});
});
