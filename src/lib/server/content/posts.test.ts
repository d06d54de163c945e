import { describe, expect, it } from 'vitest';
import * as events from './events';
import * as posts from './posts';
import { memoryDb } from '../testing/db';

const event: events.EventInput = {
	slug: 'forum',
	allDay: true,
	start: '2025-06-19',
	end: '2025-06-20',
	timeZone: 'Europe/Brussels',
	texts: { fr: { title: 'Forum' } }
};

function problemsOf(run: () => unknown): posts.PostInputProblem[] {
	try {
		run();
	} catch (error) {
		if (error instanceof posts.PostInputError) return error.problems;
		throw error;
	}
	return [];
}

describe('posts', () => {
	it('refuses texts longer than a page can render in time, saying the limit, and stores nothing', () => {
		const db = memoryDb();
		const problems = problemsOf(() =>
			posts.create(db, {
				kind: 'article',
				texts: {
					fr: { title: 'T'.repeat(201), body: 'b'.repeat(50_001) },
					en: { title: 'F'.repeat(200), body: 'b'.repeat(50_000) }
				}
			})
		);
		expect(problems).toEqual([
			{ field: 'title_fr', code: 'too_long', max: 200 },
			{ field: 'body_fr', code: 'too_long', max: 50_000 }
		]);
		expect(posts.listAll(db)).toHaveLength(0);
	});

	it('cleans every text at input: titles, slug and link on one line, bodies with plain line feeds', () => {
		const db = memoryDb();
		const post = posts.create(db, {
			kind: 'podcast',
			slug: 'episode-1\r\n',
			mediaUrl: ' https://example.org/ep1.mp3\x0b',
			texts: { fr: { title: 'Épisode\r\n1 \x01\ufffe', body: 'a\r\nb\u2028c\u2029d\x1b' } }
		});
		expect(post).toMatchObject({ slug: 'episode-1', mediaUrl: 'https://example.org/ep1.mp3' });
		expect(post.texts.fr).toEqual({ title: 'Épisode 1', body: 'a\nb\nc\n\nd' });
	});

	it('refuses a link that still holds a line break or a control character once cleaned', () => {
		const db = memoryDb();
		expect(
			problemsOf(() =>
				posts.create(db, {
					kind: 'article',
					mediaUrl: 'https://exa mple.org',
					texts: { fr: { title: 'x' } }
				})
			)
		).toEqual([{ field: 'mediaUrl', code: 'invalid' }]);
	});

	it('refuses to attach a post to an archived event, and keeps the link of a recap written before', () => {
		const db = memoryDb();
		const forum = events.create(db, event);
		const recap = posts.create(db, {
			kind: 'recap',
			eventId: forum.id,
			texts: { fr: { title: 'Retour' } }
		});
		events.setArchived(db, forum.id, true);

		expect(
			problemsOf(() =>
				posts.create(db, {
					kind: 'recap',
					eventId: forum.id,
					texts: { fr: { title: 'Second retour' } }
				})
			)
		).toEqual([{ field: 'eventId', code: 'archived' }]);
		const other = posts.create(db, { kind: 'article', texts: { fr: { title: 'Autre' } } });
		expect(
			problemsOf(() =>
				posts.update(
					db,
					other.id,
					{ ...posts.toInput(other), eventId: forum.id },
					{ expectedVersion: other.version }
				)
			)
		).toEqual([{ field: 'eventId', code: 'archived' }]);
		expect(posts.listAll(db)).toHaveLength(2);

		// Editing the older recap neither fails nor drops its event: it shows again if the event comes back.
		const edited = posts.update(
			db,
			recap.id,
			{ ...posts.toInput(recap), texts: { fr: { title: 'Retour, corrigé' } } },
			{ expectedVersion: recap.version }
		);
		expect(edited.eventId).toBe(forum.id);
	});
});
