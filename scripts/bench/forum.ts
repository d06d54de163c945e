// The forum's part of `npm run bench` (scripts/bench.ts calls it): grows a forum on the big
// database, signs members in, and runs the mixed load of issue 13 — members posting 10 messages
// a second through the real form path while 64 connections read anonymous pages, some of them
// the very discussions being written in. Prints numbers; judges nothing.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase } from '../../src/lib/server/db';
import { createSession } from '../../src/lib/server/auth/sessions';
import { BIG_FORUM, growForum } from '../../src/lib/server/testing/big-forum';

const ROOT = path.resolve(import.meta.dirname, '../..');

export type BenchForum = {
	/** Cookie headers of signed-in members. */
	cookies: string[];
	/** The big forum's long topic (10,000 messages), without language prefix. */
	topic: string;
	/** Discussion pages members post to (paths without language). */
	writable: string[];
};

/** Grows the forum once per database file (remembered in meta), and opens member sessions. */
export function prepareForum(dbFile: string): BenchForum {
	const db = openDatabase(dbFile, path.join(ROOT, 'drizzle'));
	const grown = db.$client.prepare("select value from meta where key = 'bench_forum'").get();
	if (!grown) {
		const started = Date.now();
		growForum(db);
		db.$client.prepare("insert into meta (key, value) values ('bench_forum', '1')").run();
		console.log(
			`grew a forum of ${BIG_FORUM.messages.toLocaleString('en')} messages over ${BIG_FORUM.discussions.toLocaleString('en')} discussions in ${((Date.now() - started) / 1000).toFixed(1)} s`
		);
	}
	const members = (
		db.$client
			.prepare("select id from accounts where role = 'member' order by id limit 20")
			.all() as { id: number }[]
	).map((r) => r.id);
	const cookies = members.map((id) => `session=${createSession(db, id).token}`);
	const topics = (
		db.$client
			.prepare("select slug from discussions where kind = 'topic' order by id limit 50")
			.all() as { slug: string }[]
	).map((r) => `/forum/${r.slug}`);
	const events = (
		db.$client
			.prepare(
				`select e.slug from discussions d join events e on e.id = d.event_id
				 where e.draft = 0 and e.archived_at is null order by d.id limit 50`
			)
			.all() as { slug: string }[]
	).map((r) => `/events/${r.slug}`);
	db.$client.close();
	return { cookies, topic: topics[0]!, writable: [...topics, ...events] };
}

type Posting = {
	sent: number;
	redirected: number;
	latencies: number[];
	statuses: Map<number, number>;
};

/** Posts `perSecond` messages a second, in turn from each member, until `stop()`. */
function startPosting(base: string, forum: BenchForum, perSecond: number) {
	const posting: Posting = { sent: 0, redirected: 0, latencies: [], statuses: new Map() };
	let n = 0;
	const timer = setInterval(() => {
		const i = n++;
		// One message in five goes to the topic being read; the rest spread over the others.
		const where = i % 5 === 0 ? forum.topic : forum.writable[i % forum.writable.length]!;
		const lang = i % 2 === 0 ? 'fr' : 'en';
		const started = performance.now();
		posting.sent++;
		fetch(`${base}/${lang}${where}?/write`, {
			method: 'POST',
			redirect: 'manual',
			headers: {
				origin: base,
				accept: 'text/html',
				'content-type': 'application/x-www-form-urlencoded',
				cookie: forum.cookies[i % forum.cookies.length]!
			},
			body: new URLSearchParams({ body: `Message de banc d'essai n° ${i}`, locale: lang })
		})
			.then(async (response) => {
				await response.arrayBuffer();
				posting.latencies.push(performance.now() - started);
				posting.statuses.set(response.status, (posting.statuses.get(response.status) ?? 0) + 1);
				if (response.status === 303) posting.redirected++;
			})
			.catch(() => posting.statuses.set(0, (posting.statuses.get(0) ?? 0) + 1));
	}, 1000 / perSecond);
	return { posting, stop: () => clearInterval(timer) };
}

/**
 * wrk over several paths in turn (a Lua script), `connections` at once, for `seconds`. In its
 * own process, waited for without blocking: the poster must keep posting meanwhile.
 */
function readMany(
	wrk: string,
	base: string,
	paths: string[],
	connections: number,
	seconds: number
): Promise<string> {
	const script = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rencontres-wrk-')), 'paths.lua');
	fs.writeFileSync(
		script,
		`local paths = {${paths.map((p) => JSON.stringify(p)).join(', ')}}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1], { ["accept-encoding"] = "br" })
end
`
	);
	return new Promise((resolve) =>
		execFile(
			wrk,
			['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', '-s', script, base],
			(_error, stdout) => resolve(stdout)
		)
	);
}

const UNITS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000 };

function parseWrk(out: string) {
	const latency = (percent: string) => {
		const match = new RegExp(`^\\s+${percent}%\\s+([\\d.]+)(us|ms|s|m)$`, 'm').exec(out);
		return match ? Number(match[1]) * UNITS[match[2]!]! : NaN;
	};
	return {
		rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0),
		p50: latency('50'),
		p99: latency('99'),
		non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0)
	};
}

const percentile = (values: number[], p: number) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
};

/**
 * The mixed run: anonymous reads of `paths` (64 connections) alone, then with members posting
 * 10 messages a second; the ceiling's rate for the same bytes is given by the caller.
 */
export async function mixedRun(options: {
	wrk: string;
	base: string;
	forum: BenchForum;
	paths: string[];
	ceilingRps: number;
	connections: number;
	seconds: number;
	perSecond?: number;
}) {
	const { wrk, base, forum, paths, ceilingRps, connections, seconds, perSecond = 10 } = options;
	await readMany(wrk, base, paths, connections, 1);
	const quiet = parseWrk(await readMany(wrk, base, paths, connections, seconds));
	const { posting, stop } = startPosting(base, forum, perSecond);
	const reads = parseWrk(await readMany(wrk, base, paths, connections, seconds));
	stop();
	await new Promise((resolve) => setTimeout(resolve, 500));
	const ms = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(0));
	const pct = (rps: number) => (ceilingRps ? `${((100 * rps) / ceilingRps).toFixed(1)}%` : 'n/a');
	console.log(
		`\nmixed run: ${connections} connections reading ${paths.length} anonymous pages in turn (${paths.join(', ')}), ${seconds} s`
	);
	console.log('| run | reads req/s | p50 ms | p99 ms | of ceiling | errors |');
	console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
	console.log(
		`| reads alone | ${quiet.rps.toFixed(0)} | ${ms(quiet.p50)} | ${ms(quiet.p99)} | ${pct(quiet.rps)} | ${quiet.non2xx} |`
	);
	console.log(
		`| reads while members post ${perSecond}/s | ${reads.rps.toFixed(0)} | ${ms(reads.p50)} | ${ms(reads.p99)} | ${pct(reads.rps)} | ${reads.non2xx} |`
	);
	const statuses = [...posting.statuses].map(([s, n]) => `${s}: ${n}`).join(', ');
	console.log(
		`\nposts: ${posting.sent} sent, ${posting.redirected} written (303), statuses ${statuses}; latency p50 ${ms(percentile(posting.latencies, 50))} ms, p99 ${ms(percentile(posting.latencies, 99))} ms (target for reads: >= 50% of ceiling, p99 < 25 ms)`
	);
}

/** Messages in the database (to check that the posts of the mixed run were all written). */
export function messageCount(dbFile: string): number {
	const db = new Database(dbFile, { readonly: true });
	const n = (db.prepare('select count(*) as n from messages').get() as { n: number }).n;
	db.close();
	return n;
}
