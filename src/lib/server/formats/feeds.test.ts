import { describe, expect, it } from 'vitest';
import * as events from '../content/events';
import * as feeds from './feeds';
import { seedDatabase } from '../content/seed';
import { memoryDb } from '../testing/db';
import { findAll, parseXmlStrict } from '../testing/xml';

const origin = 'https://hub.example';
// eslint-disable-next-line no-control-regex -- the control characters are what is matched
const FORBIDDEN = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029\ufffe\uffff]/;

function seeded() {
	const db = memoryDb();
	seedDatabase(db);
	return db;
}

describe('Atom feed', () => {
	it('stays well-formed XML when an old row holds what XML forbids', () => {
		const db = seeded();
		// Written as a row from before input cleaning would be, around the domain functions.
		db.$client
			.prepare(
				"update post_texts set title = ?, body = ? where post_id = (select id from posts where slug = 'retour-ngi-forum-2025')"
			)
			.run(
				'Retour\x0b\x01 sur\r\nle forum\ufffe',
				'Corps\x1b ]]> <script>alert(1)</script>\u2028fin'
			);
		db.$client
			.prepare(
				"update event_texts set title = ? where event_id = (select id from events where slug = 'ngi-forum-2025')"
			)
			.run('NGI\x01 Forum\ufffe');
		for (const locale of ['fr', 'en'] as const) {
			const feed = parseXmlStrict(feeds.buildAtom(db, locale, origin).body);
			const recap = findAll(feed, 'entry').find((e) =>
				findAll(e, 'link').some((l) => l.attrib.href?.endsWith('/posts/retour-ngi-forum-2025'))
			)!;
			const title = findAll(recap, 'title')[0]!.text;
			expect(title).toBe('Retour sur le forum');
			const related = findAll(recap, 'link').find((l) => l.attrib.rel === 'related')!;
			expect(related.attrib.title).toBe('NGI Forum');
			const content = findAll(recap, 'content')[0]!.text;
			expect(content).toContain('&lt;script&gt;');
			expect(content).toContain(']]&gt;');
			expect(FORBIDDEN.test(JSON.stringify(feed))).toBe(false);
		}
	});

	it('no longer names or links an event once it is archived, and keeps its recap', () => {
		const db = seeded();
		const ngi = events.findBySlug(db, 'ngi-forum-2025')!;
		const before = feeds.buildAtom(db, 'fr', origin);
		events.setArchived(db, ngi.id, true, { now: Date.now() + 60_000 });
		const after = feeds.buildAtom(db, 'fr', origin);
		const entries = findAll(parseXmlStrict(after.body), 'entry');
		expect(
			entries.some((e) =>
				findAll(e, 'link').some((l) => l.attrib.href?.endsWith('/posts/retour-ngi-forum-2025'))
			)
		).toBe(true);
		expect(
			entries.flatMap((e) => findAll(e, 'link')).filter((l) => l.attrib.rel === 'related')
		).toEqual([]);
		expect(after.body).not.toContain('/events/ngi-forum-2025');
		expect(after.body).not.toContain(ngi.texts.fr!.title);
		// The feed changed, so its Last-Modified must move too, or a client would keep the old one.
		expect(after.lastModified).toBeGreaterThan(before.lastModified);
	});
});
