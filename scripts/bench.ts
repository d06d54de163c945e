// `npm run bench`: loads the built server over a big database and prints, for each URL,
// requests/s, p50 and p99 latency, bytes per response, and the ratio to a ceiling measured in
// the same run (a bare node:http server answering the same bytes from memory), then the
// server's peak memory and start-up time. A script that prints numbers, not a test.
//   BENCH_SECONDS=3 BENCH_ROUNDS=3 BENCH_CONNECTIONS=64 npm run bench
//   npm run bench -- --nginx     the same, through deploy/nginx/rencontres.conf (Debian's nginx)
// The load comes from wrk where installed (apt-get install wrk), else autocannon;
// BENCH_TOOL=autocannon forces the latter.
//   npm run bench -- --worst     only the worst cases: requests the response cache cannot
//                                answer (a cache-busting parameter), with the longest the
//                                server's event loop was held (target: 50 ms)
//   npm run bench -- --mixed     only the forum's mixed run (members post 10 messages a second
//                                while 64 connections read anonymous pages; needs wrk)
//   npm run bench -- --uncached  only the uncached renders against a bare SvelteKit page of the
//                                same size (bench/bare; pages listed in scripts/bench/uncached.ts)
import Database from 'better-sqlite3';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeBigDatabase } from '../src/lib/server/testing/big-db';
import { startNginx } from '../tests/helpers/nginx';
import { freePort, rawGet } from '../tests/helpers/server';
import {
	CONNECTIONS,
	load,
	median,
	medianOf,
	ROUNDS,
	SECONDS,
	waitFor,
	WARM_UP_SECONDS,
	WRK,
	type Measure
} from './bench/load';
import { benchUncached } from './bench/uncached';
import { mixedRun, prepareForum } from './bench/forum';

const ROOT = path.resolve(import.meta.dirname, '..');
const DB_DIR = path.join(os.tmpdir(), 'rencontres-bench');
const DB_FILE = path.join(DB_DIR, 'hub.db');
const THROUGH_NGINX = process.argv.includes('--nginx');
const WORST_ONLY = process.argv.includes('--worst');
const UNCACHED_ONLY = process.argv.includes('--uncached');
const MIXED_ONLY = process.argv.includes('--mixed');

function peakMemoryMiB(pid: number): number {
	const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
	return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

/** A node:http server in its own process answering `body` with `headers`, from memory. */
async function ceiling(status: number, headers: Record<string, string>, body: Buffer) {
	const port = await freePort();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rencontres-ceiling-'));
	fs.writeFileSync(path.join(dir, 'body'), body);
	fs.writeFileSync(path.join(dir, 'headers.json'), JSON.stringify({ status, headers }));
	const child = spawn(
		process.execPath,
		[
			'-e',
			`const fs=require('fs'),http=require('http');const b=fs.readFileSync(process.argv[1]+'/body');const {status,headers}=JSON.parse(fs.readFileSync(process.argv[1]+'/headers.json'));
			http.createServer((q,r)=>{r.writeHead(status,headers);r.end(status===304?undefined:b)}).listen(${port},'127.0.0.1',()=>console.log('ready'))`,
			dir
		],
		{ stdio: ['ignore', 'pipe', 'pipe'] }
	);
	await waitFor(child, 'ready');
	return { url: `http://127.0.0.1:${port}`, stop: () => child.kill() };
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'date']);

/** The exact status, headers and bytes the server sends, for the ceiling to repeat. */
async function sampleOf(url: string, headers: Record<string, string>) {
	const answer = await rawGet(url, headers);
	const out: Record<string, string> = {};
	// Hop-by-hop headers belong to this one connection, not to the answer the ceiling repeats.
	for (const [k, v] of Object.entries(answer.headers))
		if (typeof v === 'string' && !HOP_BY_HOP.has(k)) out[k] = v;
	return { status: answer.status, headers: out, body: answer.body };
}

/** The server's longest event-loop stall since the last call (scripts/stall-report.js). */
function stallReader(server: ChildProcess) {
	const waiting: ((ms: number) => void)[] = [];
	let buffered = '';
	server.stdout!.on('data', (chunk: Buffer) => {
		buffered += chunk;
		let match;
		while ((match = /event-loop max delay: ([\d.]+) ms\n/.exec(buffered))) {
			buffered = buffered.slice(match.index + match[0].length);
			waiting.shift()?.(Number(match[1]));
		}
		if (buffered.length > 100_000) buffered = buffered.slice(-1000);
	});
	return {
		next: async () => {
			// A stall is recorded when the loop's timer fires after it: give it time to.
			await new Promise((resolve) => setTimeout(resolve, 20));
			return new Promise<number>((resolve) => {
				waiting.push(resolve);
				server.kill('SIGUSR2');
			});
		}
	};
}

const TWELVE_COMMON_WORDS =
	'communs numérique coopérative souveraineté données logiciel libre économie sociale territoires formation plaidoyer';
let busting = 0;
/** A query string no response cache can have stored. */
const bust = () => `r=${Date.now()}-${++busting}`;

async function timed(url: string): Promise<number> {
	const started = performance.now();
	const response = await fetch(url, { headers: { 'accept-encoding': 'br' } });
	await response.arrayBuffer();
	if (response.status !== 200) throw new Error(`${url}: ${response.status}`);
	return performance.now() - started;
}

/**
 * Requests the response cache cannot answer (a parameter changing every time), one after the
 * other, then ten searches at once while /healthz is asked every 5 ms: the latencies, and the
 * longest the server's event loop was held meanwhile. Each figure is the median of the rounds.
 */
type Once = { ms: number; stall: number };

async function worstCases(
	base: string,
	stalls: ReturnType<typeof stallReader>,
	first: Once,
	coldFeed: Once
) {
	const search = `${base}/fr/search?q=${encodeURIComponent(TWELVE_COMMON_WORDS)}`;
	const rows: [string, number[], number[]][] = [];
	const sequential = async (name: string, url: () => string, before?: () => void) => {
		const latencies: number[] = [];
		const held: number[] = [];
		for (let round = 0; round < Math.max(ROUNDS, 5); round++) {
			before?.();
			await stalls.next();
			latencies.push(await timed(url()));
			held.push(await stalls.next());
		}
		rows.push([name, latencies, held]);
	};
	await stalls.next();
	const firstSearch = { ms: await timed(`${search}&${bust()}`), stall: await stalls.next() };
	await sequential('search, 12 common words, cache-busting', () => `${search}&${bust()}`);
	await sequential('calendar.ics, cache-busting', () => `${base}/fr/calendar.ics?cb=${bust()}`);
	// Other big answers a cache-busting parameter reaches (not yet built once per content state).
	await sequential(
		'a sitemap part (10,000 URLs), cache-busting',
		() => `${base}/sitemap-posts-1.xml?x=${bust()}`
	);
	await sequential(
		'posts list far in the archive, cache-busting',
		() => `${base}/en/posts?page=2000&${bust()}`
	);
	const db = new Database(DB_FILE);
	// Any content write raises the content state: the next feed is built again (the VEVENTs of
	// unchanged events are remembered; the reads, assembly, hashing and compression are not).
	const write = () =>
		db
			.prepare(
				'update events set updated_at = updated_at + 1 where id = (select min(id) from events)'
			)
			.run();
	await sequential(
		'calendar.ics after a write (feed rebuilt)',
		() => `${base}/fr/calendar.ics?cb=${bust()}`,
		write
	);
	db.close();

	const healthz: number[] = [];
	const searches: number[] = [];
	const held: number[] = [];
	for (let round = 0; round < ROUNDS; round++) {
		await stalls.next();
		const started = performance.now();
		let done = false;
		const all = Promise.all(Array.from({ length: 10 }, () => timed(`${search}&${bust()}`))).then(
			() => (done = true)
		);
		const waits: number[] = [];
		while (!done) {
			waits.push(await timed(`${base}/healthz`));
			await new Promise((resolve) => setTimeout(resolve, 5));
		}
		await all;
		searches.push(performance.now() - started);
		healthz.push(Math.max(...waits));
		held.push(await stalls.next());
	}

	const ms = (n: number) => (n < 10 ? n.toFixed(1) : n.toFixed(0));
	console.log('\nworst cases (target: no request holds the event loop more than 50 ms)\n');
	console.log(
		'| request | latency ms (median) | latency ms (max) | event loop held ms (median) | held ms (max) |'
	);
	console.log('| --- | ---: | ---: | ---: | ---: |');
	const once = (name: string, { ms: took, stall }: Once) =>
		console.log(`| ${name} | ${ms(took)} | ${ms(took)} | ${ms(stall)} | ${ms(stall)} |`);
	once('first request after start (home page: modules load, caches cold)', first);
	once('first calendar.ics after start (cold build)', coldFeed);
	once('first search after start', firstSearch);
	for (const [name, latencies, stalled] of rows) {
		console.log(
			`| ${name} | ${ms(median(latencies))} | ${ms(Math.max(...latencies))} | ${ms(median(stalled))} | ${ms(Math.max(...stalled))} |`
		);
	}
	console.log(
		`| 10 searches at once: all answered / slowest /healthz | ${ms(median(searches))} / ${ms(median(healthz))} | ${ms(Math.max(...searches))} / ${ms(Math.max(...healthz))} | ${ms(median(held))} | ${ms(Math.max(...held))} |`
	);
	const worst = Math.max(
		coldFeed.stall,
		firstSearch.stall,
		...rows.flatMap(([, , stalled]) => stalled),
		...held
	);
	console.log(
		`\nworst event-loop stall of these requests, after the first one: ${ms(worst)} ms (target 50 ms)`
	);
}

/** The forum's mixed run (scripts/bench/forum.ts), against the bare server answering an event page. */
async function mixed(base: string, forum: ReturnType<typeof prepareForum>) {
	const encoding = { 'accept-encoding': 'br' };
	if (WRK) {
		// The ceiling of the mixed run: the bare server answering the event page's bytes.
		const sample = await sampleOf(`${base}/fr/events/evenement-4242`, encoding);
		const roof = await ceiling(sample.status, sample.headers, sample.body);
		await load(roof.url, encoding, { seconds: WARM_UP_SECONDS });
		const top = await load(roof.url, encoding);
		roof.stop();
		await mixedRun({
			wrk: WRK,
			base,
			forum,
			paths: [
				'/fr/',
				'/fr/events/evenement-4242',
				'/en/posts/publication-31337',
				'/fr/forum',
				`/fr${forum.topic}`
			],
			ceilingRps: top.rps,
			connections: CONNECTIONS,
			seconds: SECONDS
		});
	} else console.log('\nmixed run skipped: it needs wrk (apt-get install wrk)');
}

async function main() {
	if (!fs.existsSync(path.join(ROOT, 'build', 'index.js'))) {
		spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
	}
	if (!fs.existsSync(DB_FILE)) {
		fs.mkdirSync(DB_DIR, { recursive: true });
		const started = Date.now();
		makeBigDatabase(DB_FILE).$client.close();
		console.log(
			`made ${DB_FILE} (10,000 events, 50,000 posts) in ${((Date.now() - started) / 1000).toFixed(1)} s`
		);
	}

	// The forum of issue 13 on top: 200,000 messages over 10,000 discussions (grown once).
	const forum = prepareForum(DB_FILE);

	const port = await freePort();
	const appUrl = `http://127.0.0.1:${port}`;
	// Behind nginx, the public address is nginx's (what docs/deploy.md sets).
	const publicPort = THROUGH_NGINX ? await freePort() : port;
	const base = `http://127.0.0.1:${publicPort}`;
	const startedAt = performance.now();
	// BENCH_NODE_FLAGS: V8 flags for the server only; by default the heap bound `npm start` sets.
	const flags = (process.env.BENCH_NODE_FLAGS ?? '--max-old-space-size=128')
		.split(' ')
		.filter(Boolean);
	const server = spawn(
		process.execPath,
		[...flags, '--import', './scripts/stall-report.js', 'scripts/server.js'],
		{
			cwd: ROOT,
			env: {
				...process.env,
				PORT: String(port),
				HOST: '127.0.0.1',
				ORIGIN: base,
				ADDRESS_HEADER: THROUGH_NGINX ? 'X-Real-IP' : '',
				DATABASE_URL: DB_FILE
			},
			stdio: ['ignore', 'pipe', 'pipe']
		}
	);
	// A run that fails half-way must not leave the server running.
	process.once('exit', () => server.kill('SIGTERM'));
	await waitFor(server, 'Listening on');
	const startup = performance.now() - startedAt;
	const nginx = THROUGH_NGINX ? await startNginx(appUrl, { port: publicPort }) : null;
	const uncached = () => benchUncached(base, DB_FILE, path.join(ROOT, 'drizzle'));
	if (MIXED_ONLY) {
		await mixed(base, forum);
		await nginx?.stop();
		server.kill('SIGTERM');
		return;
	}
	if (UNCACHED_ONLY) {
		console.log(`node ${process.version}, ${os.cpus().length} cores, ${os.cpus()[0]?.model}`);
		await uncached();
		await nginx?.stop();
		server.kill('SIGTERM');
		return;
	}

	const encoding = { 'accept-encoding': 'br' };
	const stalls = stallReader(server);
	// The very first request loads the app's modules and warms SQLite's cache, whatever it asks:
	// measured apart, so that the cold feed's figure is the feed's.
	await stalls.next();
	const firstMs = await timed(`${base}/fr/`);
	const first = { ms: firstMs, stall: await stalls.next() };
	const started = performance.now();
	const feedTag =
		(await fetch(`${base}/fr/calendar.ics`, { headers: encoding })).headers.get('etag') ?? '';
	const coldFeed = { ms: performance.now() - started, stall: await stalls.next() };
	await worstCases(base, stalls, first, coldFeed);
	if (WORST_ONLY) {
		console.log(`\nserver peak memory (VmHWM): ${peakMemoryMiB(server.pid!).toFixed(0)} MiB`);
		await nginx?.stop();
		server.kill('SIGTERM');
		return;
	}
	const targets: [string, string, Record<string, string>][] = [
		['home page', '/fr/', encoding],
		['event page', '/fr/events/evenement-4242', encoding],
		['post page', '/en/posts/publication-31337', encoding],
		['posts list', '/fr/posts', encoding],
		['forum', '/fr/forum', encoding],
		['topic page (10,000 messages)', '/fr/forum/sujet-4', encoding],
		['forum feed', '/fr/forum.atom', encoding],
		['search', '/fr/search?q=souverainete', encoding],
		['calendar.ics', '/fr/calendar.ics', encoding],
		['calendar.ics (304)', '/fr/calendar.ics', { ...encoding, 'if-none-match': feedTag }],
		["one event's .ics", '/en/events/evenement-17.ics', encoding]
	];

	const tool = WRK ? 'wrk, 1 thread' : 'autocannon';
	console.log(
		`\n${CONNECTIONS} connections, ${SECONDS} s per URL after ${WARM_UP_SECONDS} s of warm-up, ${tool}, node ${process.version}, ${os.cpus().length} cores`
	);
	console.log(
		THROUGH_NGINX ? 'through nginx (deploy/nginx/rencontres.conf, 1 worker)' : 'straight to the app'
	);
	if (flags.length > 0) console.log(`server started with ${flags.join(' ')}`);
	console.log(`start-up on the big database: ${startup.toFixed(0)} ms\n`);
	console.log(
		`each figure is the median of ${ROUNDS} rounds, app and ceiling in turn (this machine's neighbours are noisy)\n`
	);
	console.log(
		'| URL | req/s | p50 ms | p99 ms | bytes | ceiling req/s | ceiling p99 ms | ratio | server peak MiB so far |'
	);
	console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
	for (const [name, urlPath, headers] of targets) {
		const sample = await sampleOf(base + urlPath, headers);
		const roof = await ceiling(sample.status, sample.headers, sample.body);
		const app: Measure[] = [];
		const tops: Measure[] = [];
		for (let round = 0; round < ROUNDS; round++) {
			// Load first, not counted: figures of a warm server (JIT, caches, pages).
			await load(base + urlPath, headers, { seconds: WARM_UP_SECONDS });
			app.push(await load(base + urlPath, headers));
			await load(roof.url, headers, { seconds: WARM_UP_SECONDS });
			tops.push(await load(roof.url, headers));
		}
		roof.stop();
		const measured = medianOf(app);
		const top = medianOf(tops);
		const ratio = top.rps ? (100 * measured.rps) / top.rps : 0;
		const ms = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(0));
		console.log(
			`| ${name} | ${measured.rps.toFixed(0)} | ${ms(measured.p50)} | ${ms(measured.p99)} | ${measured.bytes.toFixed(0)} | ${top.rps.toFixed(0)} | ${ms(top.p99)} | ${ratio.toFixed(1)}% | ${peakMemoryMiB(server.pid!).toFixed(0)} |`
		);
		const errors = app.reduce((sum, m) => sum + m.non2xx, 0);
		if (errors > 0) console.log(`  (${errors} answers were errors)`);
	}
	await uncached();
	await mixed(base, forum);
	console.log(`\nserver peak memory (VmHWM): ${peakMemoryMiB(server.pid!).toFixed(0)} MiB`);
	await nginx?.stop();
	server.kill('SIGTERM');
}

await main();
