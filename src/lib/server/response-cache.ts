import { createHash } from 'node:crypto';
import { chooseEncoding } from './compression';

/*
 * Anonymous GETs of pages and feeds are answered from memory while nothing changed. The key
 * holds the data version (raised by triggers on every content write, drizzle/0002), so a
 * publish is visible on the next request; and a one-minute time bucket, so an event moves from
 * "upcoming" to "past" without a write. Organisers (a session cookie) always bypass it.
 */

type Entry = { status: number; headers: [string, string][]; body: Uint8Array; etag: string };

const MAX_BYTES = 32 * 1024 * 1024;
const TIME_BUCKET_MS = 60_000;
/** How long any HTTP cache may keep a page or feed: the bound on staleness after a publish. */
export const PAGE_MAX_AGE = 60;

const entries = new Map<string, Entry>();
let bytes = 0;
let currentVersion = -1;

export function clear() {
	entries.clear();
	bytes = 0;
}

export function stats() {
	return { entries: entries.size, bytes };
}

const NEVER = /^\/(?:fr|en)\/organiser(?:\/|$)|^\/healthz$/;

/** Whether this request may be answered from, and stored into, the cache. */
export function cacheable(request: Request, url: URL, hasSession: boolean): boolean {
	return (request.method === 'GET' || request.method === 'HEAD') && !hasSession && !NEVER.test(url.pathname);
}

export function keyFor(request: Request, url: URL, version: number, now = Date.now()): string {
	// Entries of an older version can never be hit again: free them at once.
	if (version !== currentVersion) {
		clear();
		currentVersion = version;
	}
	const encoding = chooseEncoding(request.headers.get('accept-encoding')) ?? 'identity';
	return `${version}|${Math.floor(now / TIME_BUCKET_MS)}|${encoding}|${url.pathname}${url.search}`;
}

function matches(ifNoneMatch: string, etag: string): boolean {
	const bare = (t: string) => t.trim().replace(/^W\//, '');
	return ifNoneMatch.trim() === '*' || ifNoneMatch.split(',').some((t) => bare(t) === bare(etag));
}

/** RFC 9110: If-None-Match decides when present; If-Modified-Since only without it. */
function fresh(request: Request, entry: Entry, headers: Headers): boolean {
	const ifNoneMatch = request.headers.get('if-none-match');
	if (ifNoneMatch !== null) return matches(ifNoneMatch, entry.etag);
	const since = Date.parse(request.headers.get('if-modified-since') ?? '');
	const modified = Date.parse(headers.get('last-modified') ?? '');
	return !Number.isNaN(since) && !Number.isNaN(modified) && modified <= since;
}

function respond(entry: Entry, request: Request): Response {
	const headers = new Headers(entry.headers);
	if (fresh(request, entry, headers)) {
		headers.delete('content-length');
		headers.delete('content-encoding');
		return new Response(null, { status: 304, headers });
	}
	return new Response(request.method === 'HEAD' ? null : entry.body.slice(), { status: entry.status, headers });
}

export function lookup(key: string, request: Request): Response | null {
	const entry = entries.get(key);
	if (!entry) return null;
	// Least recently used goes first: re-insert on every hit.
	entries.delete(key);
	entries.set(key, entry);
	return respond(entry, request);
}

/**
 * Stores a 200 answer (without its Set-Cookie, which is per reader) and answers the request
 * from the stored copy, with an ETag so the next visit can be a 304.
 */
export async function store(key: string, request: Request, response: Response): Promise<Response> {
	const setCookie = response.headers.getSetCookie();
	if (response.status !== 200 || request.method !== 'GET' || setCookie.some((c) => !c.startsWith('lang='))) return response;
	const body = new Uint8Array(await response.arrayBuffer());
	const headers: [string, string][] = [];
	response.headers.forEach((value, name) => {
		if (name !== 'set-cookie') headers.push([name, value]);
	});
	let etag = response.headers.get('etag');
	if (!etag) {
		etag = `W/"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
		headers.push(['etag', etag]);
	}
	if (!response.headers.has('cache-control')) headers.push(['cache-control', `public, max-age=${PAGE_MAX_AGE}`]);
	const entry: Entry = { status: 200, headers, body, etag };
	if (body.length < MAX_BYTES / 16) {
		entries.set(key, entry);
		bytes += body.length;
		for (const [oldKey, old] of entries) {
			if (bytes <= MAX_BYTES) break;
			entries.delete(oldKey);
			bytes -= old.body.length;
		}
	}
	const answer = respond(entry, request);
	for (const cookie of setCookie) answer.headers.append('set-cookie', cookie);
	return answer;
}
