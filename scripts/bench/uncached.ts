// Uncached renders against a bare SvelteKit page of the same size (issue 13): pages for
// signed-in members are rendered on every request, so a render must be cheap. Every request
// carries a parameter of its own, so the response cache cannot answer; the bare page
// (bench/bare: adapter-node, one load returning a dozen items, `csr = false`) is asked at the
// same size as the page it is compared with, in turn with it, in the same run.
import { openDatabase } from '../../src/lib/server/db';
import * as accounts from '../../src/lib/server/accounts/accounts';
import * as sessions from '../../src/lib/server/auth/sessions';
import { rawGet } from '../../tests/helpers/server';
import { startBare } from './bare';
import { load, medianOf, ms, quiet, ROUNDS, SECONDS, WRK, type Measure } from './load';

/** A page to render on every request; `member`: asked with a signed-in account's session cookie. */
export type UncachedPage = { name: string; path: string; member?: boolean };

/** One line per page: add the forum's topic page, or any page as a signed-in member, here. */
export const UNCACHED_PAGES: UncachedPage[] = [
	{ name: 'home page', path: '/fr/' },
	{ name: 'event page', path: '/fr/events/evenement-4242' },
	{ name: 'post page', path: '/en/posts/publication-31337' },
	{ name: 'topic page (50 messages of a 10,000-message topic)', path: '/fr/forum/sujet-4' },
	{ name: 'home page, signed in', path: '/fr/', member: true },
	{ name: 'event page, signed in', path: '/fr/events/evenement-4242', member: true },
	{ name: 'topic page, signed in', path: '/fr/forum/sujet-4', member: true }
];

/** The target: an uncached render at half the bare page's rate, or better. */
export const TARGET_SHARE = 50;
/**
 * Fewer connections than the cached pages' 64: a render of the home page of the big archive
 * takes milliseconds, and 64 queued renders would outlast a short run (none would be counted).
 */
const CONNECTIONS = Number(process.env.BENCH_UNCACHED_CONNECTIONS ?? 16);

/** A session of an account made for the bench (an organiser: the role every hub has). */
async function memberCookie(databaseFile: string, migrations: string): Promise<string> {
	const db = openDatabase(databaseFile, migrations);
	try {
		const email = 'bench-member@example.org';
		const account =
			accounts.findByEmail(db, email) ??
			(await accounts.add(db, {
				email,
				name: 'Bench member',
				password: 'une phrase de passe pour le banc d’essai'
			}));
		return `${sessions.SESSION_COOKIE}=${sessions.createSession(db, account.id).token}`;
	} finally {
		db.$client.close();
	}
}

export async function benchUncached(
	base: string,
	databaseFile: string,
	migrations: string,
	pages = UNCACHED_PAGES
) {
	const bare = await startBare();
	const cookie = pages.some((p) => p.member) ? await memberCookie(databaseFile, migrations) : '';
	const tool = WRK ? 'wrk, 1 thread' : 'autocannon';
	console.log(
		`\nuncached renders (a parameter of its own on every request) against the bare SvelteKit page of the same size; ${CONNECTIONS} connections, ${SECONDS} s, ${tool}, median of ${ROUNDS} rounds, page and bare page in turn (target: ${TARGET_SHARE}%)\n`
	);
	console.log(
		'| page | req/s | p50 ms | p99 ms | bytes (uncompressed) | bare req/s | bare p50 ms | bare p99 ms | % of bare |'
	);
	console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
	const shares: { page: UncachedPage; share: number }[] = [];
	try {
		for (const page of pages) {
			const headers: Record<string, string> = { 'accept-encoding': 'br' };
			if (page.member) headers.cookie = cookie;
			const url = base + page.path;
			const sample = await rawGet(`${url}?sample=1`, page.member ? { cookie } : {});
			if (sample.status !== 200) throw new Error(`${page.path}: ${sample.status}`);
			const bareUrl = bare.urlFor(sample.body.length);
			const app: Measure[] = [];
			const tops: Measure[] = [];
			const options = { connections: CONNECTIONS, unique: true };
			// Each load starts on a server that has finished the previous one's queue.
			const measure = async (target: string, quietUrl: string) => {
				await quiet(quietUrl);
				await load(target, headers, { ...options, seconds: 1 });
				await quiet(quietUrl);
				const measured = await load(target, headers, options);
				await quiet(quietUrl);
				return measured;
			};
			for (let round = 0; round < ROUNDS; round++) {
				app.push(await measure(url, `${base}/healthz`));
				tops.push(await measure(bareUrl, bare.urlFor(0)));
			}
			const measured = medianOf(app);
			const top = medianOf(tops);
			const share = top.rps ? (100 * measured.rps) / top.rps : 0;
			shares.push({ page, share });
			console.log(
				`| ${page.name} | ${measured.rps.toFixed(0)} | ${ms(measured.p50)} | ${ms(measured.p99)} | ${sample.body.length} | ${top.rps.toFixed(0)} | ${ms(top.p50)} | ${ms(top.p99)} | ${share.toFixed(1)}% |`
			);
			const errors = app.reduce((sum, m) => sum + m.non2xx, 0);
			if (errors > 0) console.log(`  (${errors} answers were errors)`);
		}
	} finally {
		bare.stop();
	}
	return shares;
}
