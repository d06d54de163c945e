import { beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../auth/policy';
import * as events from '../content/events';
import { seedDatabase } from '../content/seed';
import type { Db } from '../db';
import { memoryDb } from '../testing/db';
import { member } from '../testing/forum';
import * as discussions from './discussions';
import * as messages from './messages';
import * as forumSearch from './search';
import * as topics from './topics';

let db: Db;
let claire: Actor;
let ngi: { kind: 'event'; id: number };

beforeEach(() => {
	db = memoryDb();
	seedDatabase(db);
	claire = member(db, 'Claire');
	ngi = { kind: 'event', id: events.findBySlug(db, 'ngi-forum-2025')!.id };
});

async function hits(query: string, locale: 'fr' | 'en' = 'fr') {
	const outcome = await forumSearch.searchMessages(db, query, locale);
	if (outcome.status !== 'ok') throw new Error(outcome.status);
	return outcome.hits;
}

describe('searching the forum', () => {
	it('finds a topic by the words of its title, through its first message only', async () => {
		const { messageId, topic } = topics.start(db, claire, {
			title: "Co-voiturage pour l'événement « Autonomie numérique » ?",
			body: 'Bonjour ! Je pars de Lyon.',
			locale: 'fr'
		});
		messages.post(
			db,
			claire,
			{ kind: 'topic', id: topic.id! },
			{ body: 'Moi aussi.', locale: 'fr' }
		);
		expect((await hits('covoiturage evenement')).map((h) => h.id)).toEqual([]);
		expect((await hits('voiturage autonomie')).map((h) => h.id)).toEqual([messageId]);
	});

	it('finds a French message typed without accents, and an English one, with their discussion', async () => {
		const fr = messages.post(db, claire, ngi, {
			body: 'La **souveraineté** numérique était au cœur des échanges.',
			locale: 'fr'
		});
		const { topic, messageId } = topics.start(db, claire, {
			title: 'Car-sharing to Brussels',
			body: 'Anyone driving from Lille? Sovereignty talk first.',
			locale: 'en'
		});
		const found = await hits('souverainete echanges');
		expect(found.map((h) => h.id)).toEqual([fr.id]);
		expect(found[0]).toMatchObject({
			lang: 'fr',
			authorName: 'Claire',
			discussion: { path: '/events/ngi-forum-2025', lang: 'fr' }
		});
		expect(found[0]!.excerptHtml).toContain('<mark>souveraineté</mark>');
		const english = await hits('driving lille', 'en');
		expect(english.map((h) => h.id)).toEqual([messageId]);
		expect(english[0]!.discussion).toEqual({
			path: `/forum/${topic.slug}`,
			title: 'Car-sharing to Brussels',
			lang: 'en'
		});
		// A word being typed stands for the words it begins.
		expect((await hits('sovere')).map((h) => h.id)).toEqual([messageId]);
	});

	it('never finds a deleted or held message, nor one where readers cannot look', async () => {
		const gone = messages.post(db, claire, ngi, { body: 'covoiturage effacé', locale: 'fr' });
		messages.remove(db, claire, gone.id);
		const discussionId = discussions.forSubject(db, ngi).id!;
		db.$client.transaction(() =>
			messages.insert(
				db,
				discussionId,
				claire.id!,
				{ body: 'covoiturage en attente', locale: 'fr', replyTo: null, quote: null },
				Date.now(),
				'held'
			)
		)();
		expect(await hits('covoiturage')).toEqual([]);
		const shown = messages.post(db, claire, ngi, { body: 'covoiturage visible', locale: 'fr' });
		expect((await hits('covoiturage')).map((h) => h.id)).toEqual([shown.id]);
		events.setArchived(db, ngi.id, true);
		expect(await hits('covoiturage')).toEqual([]);
	});

	it('escapes what a writer typed before marking the words found', async () => {
		messages.post(db, claire, ngi, {
			body: 'piège <img src=x onerror=alert(1)> \uE000mark\uE001 piège',
			locale: null
		});
		const [hit] = await hits('piege');
		expect(hit!.lang).toBeNull();
		expect(hit!.excerptHtml).not.toMatch(/<img|<mark>mark/);
		expect(hit!.excerptHtml).toContain('&lt;img');
		expect(hit!.excerptHtml.match(/<mark>/g)).toHaveLength(2);
	});

	it('bounds its work whatever the query', async () => {
		for (let i = 0; i < 30; i++)
			messages.post(db, claire, ngi, { body: `message ${i} sur les communs`, locale: 'fr' });
		const work = { terms: 0, phrases: 0, candidates: 0, ranked: 0, excerpts: 0 };
		const outcome = await forumSearch.searchMessages(
			db,
			Array.from({ length: 20 }, (_, i) => `mot${i}`).join(' ') + ' communs',
			'fr',
			work
		);
		expect(outcome).toEqual({ status: 'ok', hits: [] });
		expect(work.terms).toBe(12);
		const many = await forumSearch.searchMessages(db, 'communs', 'fr', work);
		expect(many.status === 'ok' && many.hits.length).toBe(forumSearch.MAX_MESSAGE_HITS);
		expect(await forumSearch.searchMessages(db, 'x'.repeat(201), 'fr')).toEqual({
			status: 'too_long'
		});
		expect(await forumSearch.searchMessages(db, ' !? ', 'fr')).toEqual({ status: 'empty' });
	});
});
