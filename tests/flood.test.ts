import http from 'node:http';
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from './helpers/server';

/*
 * Floods of unique addresses, as an attacker sends them: every one would be a new cache key,
 * a new remembered route. The server runs with the heap `npm start` gives it; it must answer
 * all of them, keep answering /healthz, and its memory must stay flat.
 */

let server: RunningServer;
beforeAll(async () => {
	server = await startServer({ nodeArgs: ['--max-old-space-size=128'] });
});
afterAll(async () => {
	await server.stop();
});

const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });

function status(path: string): Promise<number> {
	return new Promise((resolve, reject) => {
		const request = http.get(server.url + path, { agent }, (response) => {
			response.resume();
			response.on('end', () => resolve(response.statusCode ?? 0));
		});
		request.on('error', reject);
	});
}

/** Sends `count` requests, 32 at a time, and tallies their status codes. */
async function flood(count: number, pathOf: (i: number) => string) {
	const tally = new Map<number, number>();
	let next = 0;
	await Promise.all(
		Array.from({ length: 32 }, async () => {
			while (next < count) {
				const code = await status(pathOf(next++));
				tally.set(code, (tally.get(code) ?? 0) + 1);
			}
		})
	);
	return tally;
}

function residentMiB(): number {
	const line = fs
		.readFileSync(`/proc/${server.process.pid}/status`, 'utf8')
		.match(/VmRSS:\s+(\d+) kB/);
	return Number(line?.[1] ?? 0) / 1024;
}

describe('a flood of unique addresses', () => {
	it(
		'neither kills the server nor grows its memory without bound',
		{ timeout: 240_000 },
		async () => {
			// Close to Node's 16 KB limit for a request's head.
			const padding = 'p'.repeat(14_000);
			expect(await status('/healthz')).toBe(200);
			await flood(1000, (i) => `/robots.txt?w=${i}&p=${padding}`);
			const settled = residentMiB();

			const robots = await flood(5000, (i) => `/robots.txt?n=${i}&p=${padding}`);
			expect(robots.get(200)).toBe(5000);
			// Unique long paths: each would be a route to remember; they are refused (414) before any work.
			const paths = await flood(1500, (i) => `/fr/${i}-${padding}`);
			expect(paths.get(414)).toBe(1500);
			// Unique searches are pages the cache may keep: it must make room, not grow.
			const searches = await flood(1500, (i) => `/en/search?q=${i}x${'y'.repeat(150)}`);
			// Searches wait their turn; past the queue they are told to come back (503), never dropped.
			expect((searches.get(200) ?? 0) + (searches.get(503) ?? 0)).toBe(1500);
			expect(searches.get(200)).toBeGreaterThan(0);

			expect(server.process.exitCode).toBeNull();
			expect(await status('/healthz')).toBe(200);
			// Before the cache counted keys, 5,000 such requests took the heap past 128 MB.
			expect(residentMiB() - settled).toBeLessThan(120);
		}
	);
});
