import { promisify } from 'node:util';
import { brotliCompress, brotliCompressSync, constants, gzip, gzipSync } from 'node:zlib';

const COMPRESSIBLE =
	/^(text\/|application\/(xml|atom\+xml|json|ld\+json|javascript)|image\/svg\+xml)/;
// Below this, headers cost more than compression saves.
const MIN_BYTES = 1024;
/**
 * From this size, compression runs on libuv's threads (a 1–2 MB feed takes tens of ms, too long
 * for the event loop) and its result is kept by strong ETag: such bodies (the full calendar
 * feed) are built once per content state and sent again and again.
 */
export const LARGE_BYTES = 64 * 1024;
/**
 * An answer rendered for one request is compressed at the quick quality, on the event loop up
 * to this size (~1 ms for a 105 KB page): handing it to libuv's threads cost more than that in
 * stream bookkeeping, and it is never kept.
 */
const ONCE_LARGE_BYTES = 256 * 1024;
const MAX_REMEMBERED = 8;
const remembered = new Map<string, Promise<Buffer<ArrayBuffer>>>();
const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/**
 * Brotli's quality: 5 for what is compressed once and sent many times (the response cache's
 * pages, the feeds); 3 for an answer rendered for one request (a signed-in member's page, an
 * address the cache does not keep), where compressing is paid on every request: on the home
 * page of a big archive (105 KB), about half the time for 20% more bytes (6.8 KB against 5.5).
 */
const QUALITY = { kept: 5, once: 3 };

function brotliOptions(size: number, once = false) {
	return {
		params: {
			[constants.BROTLI_PARAM_QUALITY]: once ? QUALITY.once : QUALITY.kept,
			[constants.BROTLI_PARAM_SIZE_HINT]: size
		}
	};
}

/** Requests whose answer is made for them alone: compressed quickly (`QUALITY`). */
const forOne = new WeakSet<Request>();

/** Marks a request whose answer no cache of ours will keep. */
export function renderedForOne(request: Request) {
	forOne.add(request);
}

export function isRenderedForOne(request: Request): boolean {
	return forOne.has(request);
}

/** The compressed bytes of a large body, made off the event loop, once per (encoding, strong ETag). */
function compressLarge(
	body: Buffer,
	encoding: 'br' | 'gzip',
	etag: string | null,
	once: boolean
): Promise<Buffer<ArrayBuffer>> {
	// A strong ETag names these exact bytes (RFC 9110 8.8.1), so equal tags, equal output.
	const key = etag && !etag.startsWith('W/') ? `${encoding}|${etag}` : null;
	const known = key ? remembered.get(key) : undefined;
	if (known) return known;
	// zlib's output always has an ArrayBuffer of its own, never a shared one.
	const made = (
		encoding === 'br'
			? brotliAsync(body, brotliOptions(body.length, once))
			: gzipAsync(body, { level: once ? 4 : 6 })
	) as Promise<Buffer<ArrayBuffer>>;
	if (key) {
		if (remembered.size >= MAX_REMEMBERED) remembered.delete(remembered.keys().next().value!);
		remembered.set(key, made);
		made.catch(() => remembered.delete(key));
	}
	return made;
}

/** The encoding to use for `accept-encoding`, brotli first. */
export function chooseEncoding(acceptEncoding: string | null): 'br' | 'gzip' | null {
	const accepted = new Map(
		(acceptEncoding ?? '').split(',').map((part) => {
			const [name = '', ...params] = part.trim().toLowerCase().split(';');
			const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean);
			return [name.trim(), q === undefined ? 1 : Number(q)] as const;
		})
	);
	const ok = (name: string) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
	if (ok('br')) return 'br';
	if (ok('gzip')) return 'gzip';
	return null;
}

/**
 * A compressed copy of `response` when the client accepts it and the body is text worth
 * compressing; the response itself otherwise. A strong ETag becomes weak: the bytes differ
 * from the uncompressed ones, the content does not.
 */
export async function compressResponse(
	request: Request,
	response: Response,
	{ once = false }: { once?: boolean } = {}
): Promise<Response> {
	const type = response.headers.get('content-type') ?? '';
	if (
		request.method === 'HEAD' ||
		response.headers.has('content-encoding') ||
		!COMPRESSIBLE.test(type)
	)
		return response;
	const encoding = chooseEncoding(request.headers.get('accept-encoding'));
	const headers = new Headers(response.headers);
	headers.append('vary', 'Accept-Encoding');
	const weaken = () => {
		const etag = headers.get('etag');
		if (etag && !etag.startsWith('W/')) headers.set('etag', `W/${etag}`);
	};
	const init = { status: response.status, statusText: response.statusText, headers };
	// A 304 names the representation the client holds: the compressed one, when it asked for it.
	if (response.status === 304 || !response.body) {
		if (encoding) weaken();
		return new Response(null, init);
	}
	if (!encoding) return new Response(response.body, init);
	const etag = response.headers.get('etag');
	const known = etag && !etag.startsWith('W/') ? remembered.get(`${encoding}|${etag}`) : undefined;
	let compressed: Buffer<ArrayBuffer>;
	if (known) {
		// These very bytes were compressed already: no need to read them again.
		await response.body.cancel();
		compressed = await known;
	} else {
		const body = Buffer.from(await response.arrayBuffer());
		if (body.length < MIN_BYTES) {
			// Same rule for every size, so a 304 and its 200 always carry the same validator.
			weaken();
			return new Response(body, init);
		}
		compressed =
			body.length >= (once ? ONCE_LARGE_BYTES : LARGE_BYTES)
				? await compressLarge(body, encoding, etag, once)
				: encoding === 'br'
					? brotliCompressSync(body, brotliOptions(body.length, once))
					: gzipSync(body, { level: once ? 4 : 6 });
	}
	headers.set('content-encoding', encoding);
	headers.set('content-length', String(compressed.length));
	weaken();
	return new Response(compressed, init);
}
