import { createHash } from 'node:crypto';
import { SESSION_COOKIE } from '../auth/sessions';
import { chooseEncoding } from './compression';
import { SegmentedLru } from './segmented-lru';

/*
 * Anonymous GETs of pages and feeds are answered from memory while nothing changed. Only the
 * reader routes of CACHED_ROUTES are stored, with no query parameter they do not read; the
 * store is bounded by entries and by every byte it holds (segmented-lru.ts). The key
 * starts with the content's state (app.contentState: the data version, raised by triggers on
 * every content write, and the next moment an event ends, when it moves from "upcoming" to
 * "past"), so a publish is visible on the next request. Organisers (a session cookie) always
 * bypass it. Concurrent misses of one key render once (`fill`): a cold feed of a big archive
 * takes a second, and sixty-four calendars asking at once must not make it sixty-four.
 *
 * Two doors lead here: the `cached` hook (inside SvelteKit, which stores answers) and
 * `fast-path.ts` (in front of SvelteKit, which only answers hits). Both describe the request as
 * an `Asked`, so they compute the same key and the same answer.
 */

/** What the cache needs to know of a request, whichever server object it came from. */
export type Asked = {
	method: string;
	/** Path and query, as `new URL` normalises them. */
	target: string;
	acceptEncoding: string | null;
	ifNoneMatch: string | null;
	ifModifiedSince: string | null;
	cookie: string | null;
};

/** An answer ready to write: headers as a flat [name, value, name, value…] list. */
export type Answer = { status: number; headers: string[]; body: Uint8Array | null };

type Entry = {
	headers: string[];
	notModifiedHeaders: string[];
	body: Uint8Array;
	etag: string;
	lastModified: string | null;
	/** What the answer shows (http/cache-tags.ts): it is dropped when one of them changes. */
	tags: readonly string[];
	/** The invalidation count when its render began: a change after that makes it stale. */
	bornAt: number;
};

/**
 * The routes whose answers may be kept, each with the query parameters it reads. Decided on
 * the route SvelteKit matched, never on the raw address: an encoded letter cannot smuggle an
 * organiser page in, and an address with any other parameter (`?cb=123`, a flood of unique
 * ones) is answered but not kept, since the page would be the same and the key would not.
 */
const CACHED_ROUTES: ReadonlyMap<string, readonly string[]> = new Map(
	Object.entries({
		'/(reader)': ['past'],
		'/(reader)/events/[slug]': ['page', 'lang'],
		'/(reader)/events/[slug].ics': [],
		'/(reader)/events/[slug]/discussion.atom': [],
		'/(reader)/posts': ['page'],
		'/(reader)/posts/[slug]': ['page', 'lang'],
		'/(reader)/posts/[slug]/discussion.atom': [],
		'/(reader)/forum': ['page'],
		'/(reader)/forum/[slug]': ['page', 'lang'],
		'/(reader)/forum/[slug].atom': [],
		'/(reader)/forum.atom': [],
		'/(reader)/messages/[id=id]/history': [],
		'/(reader)/posts.atom': [],
		'/(reader)/calendar.ics': [],
		'/(reader)/search': ['q'],
		'/robots.txt': [],
		'/sitemap.xml': [],
		'/sitemap-[kind=sitemap_part]-[number].xml': []
	} satisfies Record<string, readonly string[]>)
);

/** Longer addresses are answered, never kept: no reader link is that long. */
const MAX_TARGET_LENGTH = 1024;

/**
 * Two stores: addresses without a query (a bounded set: our pages, feeds and sitemaps, in three
 * encodings) and addresses with one (search, page numbers: as many as strangers care to make).
 * A flood of the second kind, however it fakes popularity, never evicts the first.
 */
const PAGES = { maxEntries: 3072, maxBytes: 18 * 1024 * 1024, protectedShare: 0.75 };
const QUERIES = { maxEntries: 1024, maxBytes: 6 * 1024 * 1024, protectedShare: 0.5 };
/** Larger answers (a big archive's full feed) are rebuilt rather than crowd out every page. */
const MAX_ENTRY_BYTES = 1024 * 1024;
/** What a Map slot, an entry object and its arrays cost beyond their strings and bytes. */
const ENTRY_OVERHEAD = 512;
/** How long any HTTP cache may keep a page or feed: the bound on staleness after a publish. */
export const PAGE_MAX_AGE = 60;

const pages = new SegmentedLru<Entry>(PAGES);
const queries = new SegmentedLru<Entry>(QUERIES);
const storeFor = (target: string) => (target.includes('?') ? queries : pages);
let currentState = '';
const pending = new Map<string, Promise<Entry | null>>();
/** Off until the app knows its public origin: a cache keyed without the host must serve one host. */
let enabled = false;

/** Whether a session token is live; until told, any session cookie means "not anonymous". */
let sessionIsLive: (token: string) => boolean = () => true;

/**
 * Called at start-up once ORIGIN is known (never in development, where the host varies), with
 * the check of session tokens: a dead or forged `session` cookie is a stranger's, answered from
 * the cache like any other, not a way to make every request render.
 */
export function enable(options: { sessionIsLive?: (token: string) => boolean } = {}) {
	enabled = true;
	sessionIsLive = options.sessionIsLive ?? (() => true);
}

export function disable() {
	enabled = false;
}

export function clear() {
	pages.clear();
	queries.clear();
	invalidatedAt.clear();
}

/*
 * Fine-grained invalidation: a forum message changes its discussion's pages and the lists, not
 * the content's data version, so the rest of the site stays in memory with its ETags. Each tag
 * remembers the count at which it last changed; an entry whose render began before that is stale
 * (checked on every hit, so a render racing a write is never kept past it).
 */
let invalidations = 0;
const invalidatedAt = new Map<string, number>();
/** Tags are per discussion: past this many, forgetting everything is cheaper than tracking. */
const MAX_TAGS = 50_000;

/** Drops every cached answer that shows one of `tags`. */
export function invalidate(tags: readonly string[]) {
	invalidations++;
	if (invalidatedAt.size + tags.length > MAX_TAGS) clear();
	for (const tag of tags) invalidatedAt.set(tag, invalidations);
}

/** The invalidation count when every answer with a tag was dropped at once. */
let allTaggedAt = 0;

/** Drops every cached answer that shows forum data (any tag), when what changed is unknown. */
export function invalidateTagged() {
	allTaggedAt = ++invalidations;
}

/*
 * Some answers change with every write yet cost the most to make: the home page and the lists
 * show the latest activity of the whole forum. At ten messages a second they would be made ten
 * times a second, each holding the event loop. Their tag may lag: the first change drops them at
 * once, later ones within the window drop them once at its end. The discussion itself is never
 * late (its own tag), nor is anything a signed-in member sees (never cached).
 */
const lagging = new Map<string, { until: number; pending: boolean }>();

/** Drops the answers tagged `tag` now, or once at the end of the current `windowMs`. */
export function invalidateSoon(tag: string, windowMs: number, now = Date.now()) {
	const state = lagging.get(tag);
	if (!state || now >= state.until) {
		lagging.set(tag, { until: now + windowMs, pending: false });
		invalidate([tag]);
		return;
	}
	if (state.pending) return;
	state.pending = true;
	setTimeout(() => {
		lagging.delete(tag);
		invalidate([tag]);
	}, state.until - now).unref();
}

function current(entry: Entry): boolean {
	if (entry.tags.length > 0 && allTaggedAt > entry.bornAt) return false;
	for (const tag of entry.tags) if ((invalidatedAt.get(tag) ?? 0) > entry.bornAt) return false;
	return true;
}

export function stats() {
	return { entries: pages.size + queries.size, bytes: pages.bytes + queries.bytes };
}

export function askedOf(request: Request): Asked {
	const url = new URL(request.url);
	const h = request.headers;
	return {
		method: request.method,
		target: url.pathname + url.search,
		acceptEncoding: h.get('accept-encoding'),
		ifNoneMatch: h.get('if-none-match'),
		ifModifiedSince: h.get('if-modified-since'),
		cookie: h.get('cookie')
	};
}

// The first cookie of that name, as SvelteKit's cookie parser reads it.
const SESSION = new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=([^;]*)`);

function hasLiveSession(cookie: string | null): boolean {
	const token = cookie ? SESSION.exec(cookie)?.[1] : undefined;
	if (token === undefined) return false;
	try {
		return sessionIsLive(decodeURIComponent(token.trim()));
	} catch {
		return false;
	}
}

/**
 * Whether this request may be answered from the cache: anonymous reads. What may be stored is
 * decided after routing (`storableRoute`), so nothing under the organiser area, the language
 * switch or /healthz is ever there to be found.
 */
export function cacheable(asked: Asked): boolean {
	return (
		enabled && (asked.method === 'GET' || asked.method === 'HEAD') && !hasLiveSession(asked.cookie)
	);
}

export function keyFor(asked: Asked, contentState: string): string {
	// Entries of an older state can never be hit again: free them at once.
	if (contentState !== currentState) {
		clear();
		currentState = contentState;
	}
	return `${contentState}|${encodingOf(asked.acceptEncoding)}|${asked.target}`;
}

// Browsers send a handful of distinct Accept-Encoding values: parse each once.
const encodings = new Map<string | null, string>();
function encodingOf(acceptEncoding: string | null): string {
	let encoding = encodings.get(acceptEncoding);
	if (encoding === undefined) {
		encoding = chooseEncoding(acceptEncoding) ?? 'identity';
		if (encodings.size >= 256) encodings.clear();
		encodings.set(acceptEncoding, encoding);
	}
	return encoding;
}

function matches(ifNoneMatch: string, etag: string): boolean {
	const bare = (t: string) => t.trim().replace(/^W\//, '');
	return ifNoneMatch.trim() === '*' || ifNoneMatch.split(',').some((t) => bare(t) === bare(etag));
}

/** RFC 9110: If-None-Match decides when present; If-Modified-Since only without it. */
function fresh(asked: Asked, entry: Entry): boolean {
	if (asked.ifNoneMatch !== null) return matches(asked.ifNoneMatch, entry.etag);
	const since = Date.parse(asked.ifModifiedSince ?? '');
	const modified = Date.parse(entry.lastModified ?? '');
	return !Number.isNaN(since) && !Number.isNaN(modified) && modified <= since;
}

/** A 304 carries the validators and caching headers, not the body's length or encoding. */
const NOT_FOR_304 = new Set(['content-length', 'content-encoding']);

function answerFrom(entry: Entry, asked: Asked): Answer {
	if (fresh(asked, entry)) return { status: 304, headers: entry.notModifiedHeaders, body: null };
	return { status: 200, headers: entry.headers, body: asked.method === 'HEAD' ? null : entry.body };
}

export function lookup(key: string, asked: Asked): Answer | null {
	const store = storeFor(asked.target);
	const entry = store.get(key);
	if (!entry) return null;
	if (!current(entry)) {
		store.delete(key);
		return null;
	}
	return answerFrom(entry, asked);
}

export function toResponse(answer: Answer): Response {
	const headers = new Headers();
	for (let i = 0; i < answer.headers.length; i += 2)
		headers.append(answer.headers[i]!, answer.headers[i + 1]!);
	return new Response(answer.body ? answer.body.slice() : null, { status: answer.status, headers });
}

/** The route ids the cache may store, for a test that each still exists. */
export const cachedRouteIds = () => [...CACHED_ROUTES.keys()];

/** Whether the matched route's answer to this address may be kept for everyone. */
/**
 * Whether `target` is spelled as browsers and our links spell it: `%65vents` or `%c3%a9` would
 * be the same page under another key, and an attacker has 2^n spellings of every address.
 */
function canonical(target: string): boolean {
	for (const [, hex] of target.matchAll(/%([0-9A-Fa-f]{2})/g)) {
		if (
			hex !== hex!.toUpperCase() ||
			/[A-Za-z0-9\-._~]/.test(String.fromCharCode(parseInt(hex!, 16)))
		)
			return false;
	}
	return true;
}

export function storableRoute(routeId: string | null, target: string): boolean {
	const reads = routeId === null ? undefined : CACHED_ROUTES.get(routeId);
	if (!reads || target.length > MAX_TARGET_LENGTH) return false;
	// The parameters first: an address with one of its own (a unique `?n=`) goes no further.
	const query = target.indexOf('?');
	if (query >= 0)
		for (const name of new URLSearchParams(target.slice(query)).keys())
			if (!reads.includes(name)) return false;
	return canonical(target);
}

/** Answers meant for one reader, or for nobody to keep, are passed on untouched. */
function storable(asked: Asked, response: Response): boolean {
	const control = response.headers.get('cache-control') ?? '';
	return (
		response.status === 200 &&
		asked.method === 'GET' &&
		!response.headers.has('set-cookie') &&
		!/private|no-store/.test(control)
	);
}

async function entryOf(
	response: Response,
	tags: readonly string[],
	bornAt: number
): Promise<Entry> {
	const body = new Uint8Array(await response.arrayBuffer());
	const headers: string[] = [];
	response.headers.forEach((value, name) => headers.push(name, value));
	let etag = response.headers.get('etag');
	if (!etag) {
		etag = `W/"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
		headers.push('etag', etag);
	}
	if (!response.headers.has('cache-control'))
		headers.push('cache-control', `public, max-age=${PAGE_MAX_AGE}`);
	const notModifiedHeaders: string[] = [];
	for (let i = 0; i < headers.length; i += 2) {
		if (!NOT_FOR_304.has(headers[i]!)) notModifiedHeaders.push(headers[i]!, headers[i + 1]!);
	}
	return {
		headers,
		notModifiedHeaders,
		body,
		etag,
		lastModified: response.headers.get('last-modified'),
		tags: [...new Set(tags)],
		bornAt
	};
}

function sizeOf(key: string, entry: Entry): number {
	// Strings count two bytes a character, as V8 may hold them.
	const strings = (list: string[]) => list.reduce((sum, text) => sum + 2 * text.length, 0);
	return (
		ENTRY_OVERHEAD +
		2 * key.length +
		strings(entry.headers) +
		strings(entry.notModifiedHeaders) +
		entry.body.length
	);
}

function keep(key: string, target: string, entry: Entry) {
	if (entry.body.length > MAX_ENTRY_BYTES || !current(entry)) return;
	storeFor(target).set(key, entry, sizeOf(key, entry));
}

/**
 * Answers a miss: renders (once for all concurrent requests of the same key), stores a 200 with
 * an ETag so the next visit can be a 304, and answers from the stored copy. Answers that may not
 * be stored are passed on, and each waiting request then renders its own.
 */
export async function fill(
	key: string,
	asked: Asked,
	routeId: string | null,
	render: () => Response | Promise<Response>,
	tagsOf: () => readonly string[] = () => []
): Promise<Response> {
	if (!storableRoute(routeId, asked.target)) return render();
	const inFlight = pending.get(key);
	if (inFlight) {
		const entry = await inFlight;
		return entry ? toResponse(answerFrom(entry, asked)) : render();
	}
	let settle!: (entry: Entry | null) => void;
	pending.set(key, new Promise((resolve) => (settle = resolve)));
	let entry: Entry | null = null;
	const bornAt = invalidations;
	try {
		const response = await render();
		if (!storable(asked, response)) return response;
		entry = await entryOf(response, tagsOf(), bornAt);
		keep(key, asked.target, entry);
		return toResponse(answerFrom(entry, asked));
	} finally {
		pending.delete(key);
		settle(entry);
	}
}
