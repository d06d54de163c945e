import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as calendar from '../formats/calendar';
import * as calendarFeed from '../formats/calendar-feed';
import type { Db } from '../db';
import * as feeds from '../formats/feeds';
import * as search from './search';
import * as sitemap from '../formats/sitemap';
import { makeBigDatabase } from '../testing/big-db';
import * as views from '../views/reader';
import * as forumFeeds from '../formats/forum-feeds';
import * as activity from '../forum/activity';
import * as discussions from '../forum/discussions';
import type { Subject } from '../forum/discussions';
import * as messages from '../forum/messages';
import * as forumSearch from '../forum/search';
import * as topics from '../forum/topics';
import type { Actor } from '../auth/policy';
import { growForum } from '../testing/big-forum';

/*
 * Every query a reader's page or feed runs, captured as it runs on the big database
 * (10,000 events, 50,000 posts, a forum of 30,000 messages), must read through an index: no
 * plan may scan a whole table.
 */

type Captured = { sql: string; args: unknown[]; turn: number };
let db: Db;
/** The event discussion with the most messages, a topic, and a member who writes. */
let busiest: discussions.Discussion;
let topic: discussions.Discussion;
let lastOfBusiest: number;
let writer: Actor;
let captured: Captured[] = [];
/** Raised by the tests' tickers each time the event loop gives them a turn. */
let turn = 0;

/** A ticker standing for the server's other requests: it counts the turns the loop gives it. */
function keepTurning(): () => void {
	let done = false;
	const spin = () => {
		turn++;
		if (!done) setImmediate(spin);
	};
	setImmediate(spin);
	return () => {
		done = true;
	};
}

beforeAll(() => {
	const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rencontres-plans-')), 'big.db');
	db = makeBigDatabase(file);
	const longest = growForum(db, { members: 500, discussions: 3_000, messages: 30_000 });
	// Statistics as a long-running server gathers them (most discussions name no event, or no post).
	db.$client.exec('analyze discussions; analyze messages');
	busiest = discussions.findById(db, longest)!;
	topic = discussions.findById(
		db,
		(
			db.$client
				.prepare(
					"select id from discussions where kind = 'topic' and closed_at is null order by message_count desc limit 1"
				)
				.get() as { id: number }
		).id
	)!;
	lastOfBusiest = busiest.lastMessageId!;
	writer = {
		id: (db.$client.prepare('select max(id) as id from accounts').get() as { id: number }).id,
		role: 'member'
	};
	const client = db.$client;
	const prepare = client.prepare.bind(client);
	(client as { prepare: typeof client.prepare }).prepare = ((sql: string) => {
		const statement = prepare(sql);
		const record = (args: unknown[]) => {
			if (!/^\s*(explain|pragma)/i.test(sql)) captured.push({ sql, args, turn });
		};
		return new Proxy(statement, {
			get(target, key, receiver) {
				const value = Reflect.get(target, key, receiver);
				if (key === 'raw' || key === 'pluck' || key === 'expand')
					return (...a: unknown[]) => (value.apply(target, a), receiver);
				if (key === 'all' || key === 'get' || key === 'run' || key === 'iterate') {
					return (...args: unknown[]) => (record(args), value.apply(target, args));
				}
				return typeof value === 'function' ? value.bind(target) : value;
			}
		});
	}) as typeof client.prepare;
}, 120_000);

afterAll(() => db?.$client.close());

async function plansOf(run: () => unknown) {
	captured = [];
	await run();
	expect(captured.length).toBeGreaterThan(0);
	return captured.map(({ sql, args }) => ({
		sql,
		plan: (
			db.$client.prepare(`explain query plan ${sql}`).all(...(args as never[])) as {
				detail: string;
			}[]
		).map((r) => r.detail)
	}));
}

const origin = 'https://hub.example';
const request = new Request(`${origin}/fr/calendar.ics`);
// Every one of them is in nearly every text of the big database.
const TWELVE_COMMON_WORDS =
	'communs numérique coopérative souveraineté données logiciel libre économie sociale territoires formation plaidoyer';
// Each full-feed call below gets a content state of its own, so it builds rather than reuses.
let states = 0;
const freshState = () => `state-${++states}`;

describe('query plans on the big database', () => {
	it.each([
		['home page', () => views.withForum(db, views.homePage(db, 'fr', 1), 'fr')],
		['home page, far in the archive', () => views.homePage(db, 'en', 300)],
		['event page', () => views.eventPage(db, 'evenement-4242', 'fr', origin)],
		['posts list', () => views.postsPage(db, 'fr', 1)],
		['posts list, far in the archive', () => views.postsPage(db, 'en', 2000)],
		['post page', () => views.postPage(db, 'publication-31337', 'en', origin)],
		['search', () => search.search(db, 'souveraineté numérique', 'fr')],
		['search, twelve common words', () => search.search(db, TWELVE_COMMON_WORDS, 'en')],
		['search, prefixes', () => search.search(db, 'souver numer coop', 'fr')],
		['calendar feed', () => calendarFeed.fullFeedResponse(db, request, 'fr', origin, freshState())],
		['event .ics', () => calendarFeed.eventFileResponse(db, request, 'evenement-17', 'en', origin)],
		['Atom feed', () => feeds.buildAtom(db, 'fr', origin)],
		['sitemap index', () => sitemap.buildSitemapIndex(db, origin)],
		['sitemap, a far part', () => sitemap.buildSitemapPart(db, origin, 'posts', '9')],
		['sitemap, topics', () => sitemap.buildSitemapPart(db, origin, 'topics', '1')],
		['forum feed', () => forumFeeds.buildForumAtom(db, 'fr', origin)],
		[
			"an event discussion's feed",
			() => forumFeeds.buildDiscussionAtom(db, busiest.subject, 'en', origin)
		],
		[
			"a topic's feed, found by its address",
			() =>
				forumFeeds.buildDiscussionAtom(
					db,
					forumFeeds.subjectBySlug(db, 'topic', topic.slug!)!,
					'fr',
					origin
				)
		],
		[
			'a discussion, first and last page, filtered, for a member',
			() => {
				messages.listPage(db, busiest.id, { page: 1 });
				messages.listPage(db, busiest.id, { page: 1_000, lang: 'en', viewerId: writer.id });
				discussions.forSubject(db, busiest.subject);
				discussions.subjectVisible(db, busiest.subject);
				discussions.findTopicBySlug(db, topic.slug!);
			}
		],
		['a permalink', () => messages.locate(db, lastOfBusiest)],
		["a message's history", () => messages.versions(db, lastOfBusiest)],
		[
			'the forum: pinned topics, latest active discussions, far pages',
			() => {
				activity.listPinned(db);
				activity.listActive(db, { page: 1 });
				activity.listActive(db, { page: 80 });
			}
		],
		[
			'message counts of a list',
			() =>
				activity.countsFor(
					db,
					'post',
					Array.from({ length: 20 }, (_, i) => i + 1)
				)
		],
		['message search', () => forumSearch.searchMessages(db, 'covoiturage lille', 'fr')],
		[
			'message search, common words and prefixes',
			() => forumSearch.searchMessages(db, `${TWELVE_COMMON_WORDS} souver coop`, 'en')
		],
		[
			'writing, answering, editing and deleting a message, opening a topic',
			() => {
				const subject: Subject = busiest.subject;
				const first = messages.post(db, writer, subject, { body: 'Plan ?', locale: 'fr' });
				const answer = messages.post(db, writer, subject, {
					body: 'Oui.',
					locale: 'fr',
					replyTo: first.id,
					quote: 'Plan'
				});
				messages.edit(db, writer, answer.id, { body: 'Oui !', locale: 'fr' });
				messages.remove(db, writer, first.id);
				topics.start(db, writer, { title: 'Plans', body: 'Corps', locale: 'en' });
			}
		]
	])('%s reads through indexes only', { timeout: 60_000 }, async (_name, run) => {
		for (const { sql, plan } of await plansOf(run)) {
			// A subquery's rows are already bounded by its own plan, checked on its own line.
			const scans = plan.filter((detail) =>
				/^SCAN (?!.*(USING (COVERING )?INDEX|VIRTUAL TABLE)|\(subquery-\d+\))/.test(detail)
			);
			expect(scans, `${sql}\n${plan.join('\n')}`).toEqual([]);
		}
	});

	it(
		'finds the recaps of a list of events through their event, not through every published post',
		{ timeout: 60_000 },
		async () => {
			const plans = (
				await plansOf(() => calendarFeed.fullFeedResponse(db, request, 'fr', origin, freshState()))
			).filter(({ sql }) => /"kind" = /.test(sql));
			expect(plans.length).toBeGreaterThan(0);
			for (const { plan } of plans) expect(plan.join('\n')).toMatch(/USING INDEX posts_event_idx/);
		}
	);

	it(
		'splits the sitemap into parts under the protocol limit of 50,000 URLs, which together list every page',
		{ timeout: 60_000 },
		async () => {
			const parts = [
				...sitemap
					.buildSitemapIndex(db, origin)
					.matchAll(/<loc>[^<]*\/sitemap-(\w+)-(\d+)\.xml<\/loc>/g)
			];
			let pages = 0;
			for (const [, kind, number] of parts) {
				const urls = (
					(await sitemap.buildSitemapPart(db, origin, kind as sitemap.PartKind, number!))!.match(
						/<url>/g
					) ?? []
				).length;
				expect(urls).toBeLessThanOrEqual(50_000);
				pages += urls / 2;
			}
			const published = db.$client
				.prepare(
					"select count(*) as n from posts where status = 'published' and archived_at is null"
				)
				.get() as { n: number };
			const shown = db.$client
				.prepare('select count(*) as n from events where archived_at is null')
				.get() as { n: number };
			expect(pages).toBe(3 + published.n + shown.n + topics.count(db));
			expect(
				await sitemap.buildSitemapPart(
					db,
					origin,
					'posts',
					String(parts.filter(([, kind]) => kind === 'posts').length + 1)
				)
			).toBeNull();
		}
	);

	it(
		'keeps the calendar feed to upcoming events and the latest 250 past ones',
		{ timeout: 60_000 },
		async () => {
			const text = await (
				await calendarFeed.fullFeedResponse(db, request, 'fr', origin, freshState())
			).text();
			const count = (text.match(/^BEGIN:VEVENT/gm) ?? []).length;
			const upcoming = db.$client
				.prepare('select count(*) as n from events where ends_at > ?')
				.get(Date.now()) as { n: number };
			expect(count).toBe(upcoming.n + 250);
		}
	);

	it(
		'lets other work run while it builds a cold feed of thousands of events, a few reads at a time',
		{ timeout: 60_000 },
		async () => {
			calendar.forgetBlocks();
			// Other work, as the server's other requests: one turn each time the build lets go.
			const stop = keepTurning();
			captured = [];
			const start = turn;
			await calendarFeed.fullFeedResponse(db, request, 'en', origin, freshState());
			stop();
			// A build that never let go would finish before the first turn; this one takes far
			// longer than one 15 ms slice, so it lets go many times.
			expect(turn - start).toBeGreaterThan(3);
			// Between two turns, at most one page of events: its rows, texts, recaps and their
			// titles (and, on the first, the two reads of the feed's order). Reading the whole feed
			// at once was ~40 statements and 300 ms in one turn.
			const perTurn = new Map<number, number>();
			for (const c of captured) perTurn.set(c.turn, (perTurn.get(c.turn) ?? 0) + 1);
			expect(perTurn.size).toBeGreaterThan(10);
			expect(Math.max(...perTurn.values())).toBeLessThanOrEqual(6);
		}
	);

	it(
		'builds the full feed once per content state, whatever the query string',
		{ timeout: 60_000 },
		async () => {
			const state = freshState();
			const ask = (query: string) =>
				calendarFeed.fullFeedResponse(
					db,
					new Request(`${origin}/fr/calendar.ics?${query}`),
					'fr',
					origin,
					state
				);
			captured = [];
			const first = await Promise.all(['cb=1', 'cb=2', 'r=3'].map(ask));
			const reads = captured.length;
			expect(reads).toBeGreaterThan(0);
			const later = [await ask('cb=4'), await ask('x=5')];
			expect(captured.length).toBe(reads);
			const tags = new Set([...first, ...later].map((r) => r.headers.get('etag')));
			expect(tags.size).toBe(1);
			expect((await later[1]!.text()).length).toBeGreaterThan(1_000_000);
			// A new state (a write, or an event's end) builds again.
			await calendarFeed.fullFeedResponse(db, request, 'fr', origin, freshState());
			expect(captured.length).toBeGreaterThan(reads);
		}
	);

	it(
		'bounds the work of a search of twelve common words, and lets other work run between its steps',
		{ timeout: 60_000 },
		async () => {
			const stop = keepTurning();
			captured = [];
			const start = turn;
			const work: search.SearchWork = {
				terms: 0,
				phrases: 0,
				candidates: 0,
				ranked: 0,
				excerpts: 0
			};
			const outcome = await search.search(db, `${TWELVE_COMMON_WORDS} communs plus`, 'fr', work);
			stop();
			// It used to rank all 108,000 matching rows (0.7 s in one turn of the event loop).
			expect(outcome.status === 'ok' && outcome.hits.length).toBe(50);
			expect(work).toMatchObject({ terms: 12, phrases: 12, candidates: 500, excerpts: 50 });
			expect(work.ranked).toBeLessThanOrEqual(500);
			// Counting, matching, ranking, then excerpts ten at a time: a turn for others after each.
			expect(turn - start).toBeGreaterThanOrEqual(6);
		}
	);

	it(
		'writes a sitemap part of 10,000 URLs a thousand pages at a time, a read between two turns',
		{ timeout: 60_000 },
		async () => {
			const stop = keepTurning();
			captured = [];
			const part = await sitemap.buildSitemapPart(db, origin, 'posts', '1');
			stop();
			expect((part!.match(/<url>/g) ?? []).length).toBe(2 * sitemap.PART_SIZE);
			const reads = captured.filter((c) => /"slug"/.test(c.sql));
			expect(reads).toHaveLength(5);
			expect(new Set(reads.map((c) => c.turn)).size).toBe(5);
		}
	);

	it(
		'pages the posts list in the order of its index, without sorting every published post',
		{ timeout: 60_000 },
		async () => {
			const listing = (await plansOf(() => views.postsPage(db, 'en', 2000))).filter(({ sql }) =>
				/"published_on" desc/.test(sql)
			);
			expect(listing).toHaveLength(1);
			expect(listing[0]!.plan.join('\n')).not.toMatch(/TEMP B-TREE/);
		}
	);
});
