import { describe, expect, it } from 'vitest';
import * as events from '../content/events';
import { seedDatabase } from '../content/seed';
import { eventJsonLd, isoWithOffset, jsonForScript } from './structured-data';
import { memoryDb } from '../testing/db';

describe('structured data', () => {
	it('writes times with their offset in the event zone', () => {
		expect(isoWithOffset(Date.parse('2025-06-19T07:00:00Z'), 'Europe/Brussels')).toBe(
			'2025-06-19T09:00:00+02:00'
		);
		expect(isoWithOffset(Date.parse('2025-01-19T07:00:00Z'), 'Europe/Brussels')).toBe(
			'2025-01-19T08:00:00+01:00'
		);
		expect(isoWithOffset(Date.parse('2025-01-19T07:00:00Z'), 'America/Montreal')).toBe(
			'2025-01-19T02:00:00-05:00'
		);
	});

	it('describes an all-day event with plain dates, its place and status', () => {
		const db = memoryDb();
		seedDatabase(db);
		const ngi = events.findBySlug(db, 'ngi-forum-2025')!;
		const ld = eventJsonLd(ngi, 'en', 'https://hub.example');
		expect(ld).toMatchObject({
			'@type': 'Event',
			startDate: '2025-06-19',
			endDate: '2025-06-20',
			eventStatus: 'https://schema.org/EventScheduled',
			inLanguage: 'en',
			url: 'https://hub.example/en/events/ngi-forum-2025',
			location: { name: 'Brussels', address: { addressLocality: 'Brussels', addressCountry: 'BE' } }
		});
		expect(eventJsonLd(ngi, 'fr', 'https://hub.example').location).toMatchObject({
			name: 'Bruxelles',
			address: { addressLocality: 'Bruxelles' }
		});
		// A place typed in one language only is the place in both.
		const frenchOnly = events.update(db, ngi.id, {
			...events.toInput(ngi),
			texts: { fr: ngi.texts.fr!, en: { ...ngi.texts.en!, venue: '', city: '' } }
		});
		expect(eventJsonLd(frenchOnly, 'en', 'https://hub.example').location).toMatchObject({
			name: 'Bruxelles',
			address: { addressLocality: 'Bruxelles' }
		});
		const cancelled = events.changeState(db, ngi.id, 'cancel').event;
		expect(eventJsonLd(cancelled, 'fr', 'https://hub.example').eventStatus).toBe(
			'https://schema.org/EventCancelled'
		);
	});

	it('cannot be closed from inside a script element', () => {
		const json = jsonForScript({ name: '</script><script>alert(1)</script>' });
		expect(json).not.toContain('</script');
		expect(JSON.parse(json).name).toBe('</script><script>alert(1)</script>');
	});

	it('carries no character XML or calendars forbid, whatever an old row holds', () => {
		const db = memoryDb();
		seedDatabase(db);
		db.$client
			.prepare(
				"update event_texts set title = ? where event_id = (select id from events where slug = 'ngi-forum-2025')"
			)
			.run('NGI\r\nForum\x0b\x01\u2028\ufffe');
		const ngi = events.findBySlug(db, 'ngi-forum-2025')!;
		const json = jsonForScript(eventJsonLd(ngi, 'fr', 'https://hub.example'));
		expect(json).not.toMatch(/\\u00(0[0-8bcef]|1[0-9a-f])|\\r|\u2028|\ufffe/);
		expect(JSON.parse(json).name).toBe('NGI Forum');
	});
});
