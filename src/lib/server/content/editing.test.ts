import { describe, expect, it } from 'vitest';
import * as events from './events';
import * as posts from './posts';
import * as revisions from './revisions';
import { memoryDb } from '../testing/db';
import * as factories from '../testing/factories';

/* Saving apart from publishing, and two organisers editing one thing at once (issue 11). */

const event = factories.eventInput({ country: null });

const edit = (input: events.EventInput, change: (i: events.EventInput) => void) => {
	const copy = structuredClone(input);
	change(copy);
	return copy;
};

describe('two organisers on one event', () => {
	it('merges changes to different fields from the version both started from, and writes both', () => {
		const db = memoryDb();
		const created = events.create(db, event, { now: 1000 });
		const started = events.toInput(created);
		const first = edit(started, (i) => {
			i.start = '2031-06-19T17:00:00.000Z';
			i.texts.fr!.venue = 'Maison des communs';
		});
		events.edit(db, created.id, first, { expectedVersion: 1, now: 2000 });
		const second = edit(started, (i) => {
			i.texts.en!.summary = 'Drinks and talks';
			i.texts.fr!.city = 'Ixelles';
		});
		const { event: saved, outcome } = events.edit(db, created.id, second, {
			expectedVersion: 1,
			now: 3000
		});
		expect(outcome).toBe('merged');
		expect(saved.start).toBe('2031-06-19T17:00:00.000Z');
		expect(saved.texts.fr).toMatchObject({ venue: 'Maison des communs', city: 'Ixelles' });
		expect(saved.texts.en!.summary).toBe('Drinks and talks');
		expect(saved.version).toBe(3);
		expect(revisions.listRevisions(db, 'event', created.id)[0]!.fields.sort()).toEqual([
			'city_fr',
			'summary_en'
		]);
	});

	it('refuses, writing nothing, when both changed one field differently, and names only that field', () => {
		const db = memoryDb();
		const created = events.create(db, event, { now: 1000 });
		const started = events.toInput(created);
		events.edit(
			db,
			created.id,
			edit(started, (i) => ((i.start = '2031-06-19T17:00:00.000Z'), (i.texts.fr!.venue = 'A'))),
			{ expectedVersion: 1 }
		);
		const mine = edit(started, (i) => ((i.texts.fr!.venue = 'B'), (i.texts.en!.summary = 'Mine')));
		let conflict: events.EventConflictError | undefined;
		try {
			events.edit(db, created.id, mine, { expectedVersion: 1 });
		} catch (error) {
			conflict = error as events.EventConflictError;
		}
		expect(conflict).toBeInstanceOf(events.EventConflictError);
		expect(conflict!.fields).toEqual(['venue_fr']);
		// Their start is in the form to show; my summary and venue too.
		expect(conflict!.merged).toMatchObject({
			start: '2031-06-19T17:00:00.000Z',
			texts: { fr: { venue: 'B' }, en: { summary: 'Mine' } }
		});
		expect(events.findById(db, created.id)!.version).toBe(2);

		// Choosing theirs for the field in conflict, from the version the conflict showed.
		const chosen = events.edit(db, created.id, conflict!.merged!, {
			expectedVersion: 2,
			takeTheirs: ['venue_fr']
		});
		expect(chosen.event.texts.fr!.venue).toBe('A');
		expect(chosen.event.texts.en!.summary).toBe('Mine');
		expect(chosen.event.start).toBe('2031-06-19T17:00:00.000Z');
	});

	it('never changes the status on a save, and names each status change in the history', () => {
		const db = memoryDb();
		const created = events.create(db, event, { now: 1000, draft: true });
		expect(events.listUpcoming(db, 0)).toHaveLength(0);
		expect([...events.feedPages(db, 0)].flat()).toHaveLength(0);
		events.changeState(db, created.id, 'publish');
		expect(events.listUpcoming(db, 0)).toHaveLength(1);
		events.changeState(db, created.id, 'cancel');
		// A form opened before the cancellation, saved after: the event stays cancelled.
		const saved = events.edit(
			db,
			created.id,
			edit(events.toInput(created), (i) => (i.texts.en!.summary = 'Later')),
			{ expectedVersion: 1 }
		).event;
		expect(saved.status).toBe('cancelled');
		events.changeState(db, created.id, 'reinstate');
		events.setArchived(db, created.id, true);
		const list = revisions.listRevisions(db, 'event', created.id);
		expect(list.map((r) => [r.version, r.action])).toEqual([
			[6, 'archive'],
			[5, 'reinstate'],
			[4, 'update'],
			[3, 'cancel'],
			[2, 'publish'],
			[1, 'create']
		]);
		expect(events.findById(db, created.id)!.version).toBe(6);
	});

	it('restores content only: an old revision of a cancelled draft does not cancel or hide the event', () => {
		const db = memoryDb();
		const created = events.create(db, event, { draft: true });
		const [first] = revisions.listRevisions(db, 'event', created.id);
		events.changeState(db, created.id, 'publish');
		events.edit(
			db,
			created.id,
			edit(events.toInput(created), (i) => (i.texts.fr!.title = 'Nouveau titre')),
			{ expectedVersion: 2 }
		);
		const { event: restored } = events.restoreRevision(db, created.id, first!.id, {
			expectedVersion: 3
		});
		expect(restored).toMatchObject({ draft: false, status: 'scheduled' });
		expect(restored.texts.fr!.title).toBe('Apéro des communs');
		expect(revisions.listRevisions(db, 'event', created.id)[0]).toMatchObject({
			action: 'restore',
			fields: ['title_fr']
		});
	});
});

describe('posts: saving apart from publishing', () => {
	it('keeps a live post live on every save, and a restored draft revision does not unpublish it', () => {
		const db = memoryDb();
		const created = posts.create(
			db,
			{ kind: 'article', texts: { fr: { title: 'Brouillon', body: 'v1' } } },
			{ now: Date.parse('2031-01-02T10:00:00Z') }
		);
		expect(created.status).toBe('published');
		const draft = posts.create(db, {
			kind: 'article',
			status: 'draft',
			texts: { fr: { title: 'Autre', body: 'v1' } }
		});
		const [draftRevision] = revisions.listRevisions(db, 'post', draft.id);
		const live = posts.changeState(db, draft.id, 'publish', {
			now: Date.parse('2031-03-01T23:30:00Z')
		}).post;
		// Today in the hub's zone: 00:30 on 2 March in Paris.
		expect(live.publishedOn).toBe('2031-03-02');
		const saved = posts.edit(
			db,
			draft.id,
			{ ...posts.toInput(live), status: undefined, texts: { fr: { title: 'Autre', body: 'v2' } } },
			{ expectedVersion: live.version }
		).post;
		expect(saved.status).toBe('published');
		const restored = posts.restoreRevision(db, draft.id, draftRevision!.id, {
			expectedVersion: saved.version
		}).post;
		expect(restored.status).toBe('published');
		expect(restored.texts.fr!.body).toBe('v1');
		expect(revisions.listRevisions(db, 'post', draft.id).map((r) => r.action)).toEqual([
			'restore',
			'update',
			'publish',
			'create'
		]);
	});

	it('publishes a new post dated today unless a date is given', () => {
		const db = memoryDb();
		const now = Date.parse('2031-07-14T12:00:00Z');
		expect(
			posts.create(db, { kind: 'article', texts: { en: { title: 'A' } } }, { publish: true, now })
				.publishedOn
		).toBe('2031-07-14');
		expect(
			posts.create(
				db,
				{ kind: 'article', publishedOn: '2031-01-01', texts: { en: { title: 'B' } } },
				{ publish: true, now }
			).publishedOn
		).toBe('2031-01-01');
	});

	it('merges a post edited in two places, and refuses only a field both changed', () => {
		const db = memoryDb();
		const created = posts.create(db, {
			kind: 'article',
			texts: { fr: { title: 'Titre', body: 'corps' }, en: { title: 'Title', body: 'body' } }
		});
		const started = posts.toInput(created);
		posts.edit(
			db,
			created.id,
			{ ...started, texts: { ...started.texts, fr: { title: 'Titre', body: 'corps de Jeanne' } } },
			{ expectedVersion: 1 }
		);
		const merged = posts.edit(
			db,
			created.id,
			{ ...started, mediaUrl: 'https://example.org/a.mp3' },
			{ expectedVersion: 1 }
		);
		expect(merged.outcome).toBe('merged');
		expect(merged.post.texts.fr!.body).toBe('corps de Jeanne');
		expect(merged.post.mediaUrl).toBe('https://example.org/a.mp3');
		expect(() =>
			posts.edit(
				db,
				created.id,
				{
					...started,
					texts: { ...started.texts, fr: { title: 'Titre', body: 'corps de Clarisse' } }
				},
				{ expectedVersion: 1 }
			)
		).toThrowError(expect.objectContaining({ fields: ['body_fr'] }));
	});

	it('keeps a live post dated when a save or a restored draft revision leaves the date empty', () => {
		const db = memoryDb();
		const draft = posts.create(db, {
			kind: 'article',
			status: 'draft',
			texts: { fr: { title: 'Daté', body: 'v1' } }
		});
		const [undated] = revisions.listRevisions(db, 'post', draft.id);
		const live = posts.changeState(db, draft.id, 'publish', {
			now: Date.parse('2031-05-05T10:00:00Z')
		}).post;
		const cleared = posts.edit(
			db,
			draft.id,
			{ ...posts.toInput(live), publishedOn: null, texts: { fr: { title: 'Daté', body: 'v2' } } },
			{ expectedVersion: live.version }
		).post;
		expect(cleared.publishedOn).toBe('2031-05-05');
		const restored = posts.restoreRevision(db, draft.id, undated!.id, {
			expectedVersion: cleared.version
		}).post;
		expect(restored).toMatchObject({
			status: 'published',
			publishedOn: '2031-05-05',
			texts: { fr: { body: 'v1' } }
		});
	});
});

describe('archived drafts', () => {
	it('are never published: calendars would get an event nobody announced', () => {
		const db = memoryDb();
		const created = events.create(db, event, { draft: true });
		events.setArchived(db, created.id, true);
		expect(events.changeState(db, created.id, 'publish').changed).toBe(false);
		const saved = events.edit(
			db,
			created.id,
			edit(events.toInput(created), (i) => (i.texts.fr!.summary = 'autre')),
			{ expectedVersion: 2, publish: true }
		);
		expect(saved.published).toBe(false);
		expect(events.findById(db, created.id)!.draft).toBe(true);
		expect([...events.feedPages(db, 0)].flat().map((e) => e.id)).not.toContain(created.id);
	});
});
