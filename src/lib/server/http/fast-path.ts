import type { IncomingMessage, ServerResponse } from 'node:http';
import { contentState } from '../app';
import * as responseCache from './response-cache';

/*
 * Cache hits and 304s answered before SvelteKit: it turns every request into a web Request,
 * reroutes it and runs the hooks before the `cached` hook could answer, which cost four fifths
 * of a hit's time (docs/performance.md). scripts/server.js calls this first and hands the
 * request to SvelteKit when it returns false. Misses still go through SvelteKit, which stores.
 */

/** The name under which the built server finds this function (it cannot import the bundle). */
export const FAST_PATH = Symbol.for('rencontres.answerFromMemory');

function header(req: IncomingMessage, name: string): string | null {
	const value = req.headers[name];
	return typeof value === 'string' ? value : null;
}

export function askedOfNode(req: IncomingMessage): responseCache.Asked | null {
	const raw = req.url ?? '';
	if (raw[0] !== '/') return null;
	// The same normalisation SvelteKit applies (it prefixes the origin the same way).
	let url: URL;
	try {
		url = new URL(`http://x${raw}`);
	} catch {
		return null;
	}
	return {
		method: req.method ?? 'GET',
		target: url.pathname + url.search,
		acceptEncoding: header(req, 'accept-encoding'),
		ifNoneMatch: header(req, 'if-none-match'),
		ifModifiedSince: header(req, 'if-modified-since'),
		cookie: header(req, 'cookie')
	};
}

/** Writes the cached answer and returns true, or returns false and writes nothing. */
export function answerFromMemory(req: IncomingMessage, res: ServerResponse): boolean {
	const asked = askedOfNode(req);
	if (!asked || !responseCache.cacheable(asked)) return false;
	const answer = responseCache.lookup(responseCache.keyFor(asked, contentState()), asked);
	if (!answer) return false;
	res.writeHead(answer.status, answer.headers);
	res.end(answer.body ?? undefined);
	return true;
}

/** Makes the fast path reachable from scripts/server.js; called once at start-up. */
export function offerFastPath() {
	(globalThis as Record<symbol, unknown>)[FAST_PATH] = answerFromMemory;
}
