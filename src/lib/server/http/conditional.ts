import { createHash, type Hash } from 'node:crypto';

/** A strong validator from the bytes themselves: equal bodies, equal tags, in any process. */
export function etagOf(body: string | Uint8Array): string {
	return etagFromHash(createHash('sha256').update(body));
}

/** The same tag from a SHA-256 fed with the body piece by piece. */
export function etagFromHash(hash: Hash): string {
	return `"${hash.digest('base64url').slice(0, 27)}"`;
}

function matchesIfNoneMatch(header: string, etag: string): boolean {
	if (header.trim() === '*') return true;
	// Weak comparison, as RFC 9110 asks for If-None-Match.
	const bare = (tag: string) => tag.trim().replace(/^W\//, '');
	return header.split(',').some((tag) => bare(tag) === bare(etag));
}

/**
 * The response for a GET of `body`, or a 304 when the client's copy is current.
 * If-None-Match wins over If-Modified-Since, as RFC 9110 says.
 */
export function conditionalResponse(
	request: Request,
	body: string | Uint8Array<ArrayBuffer>,
	// A body kept across requests brings its tag: hashing a big feed on every request costs ms.
	options: { lastModified: number; headers: Record<string, string>; etag?: string }
): Response {
	const etag = options.etag ?? etagOf(body);
	const lastModifiedSeconds = Math.floor(options.lastModified / 1000) * 1000;
	const headers: Record<string, string> = {
		...options.headers,
		etag,
		'last-modified': new Date(lastModifiedSeconds).toUTCString()
	};
	const ifNoneMatch = request.headers.get('if-none-match');
	const ifModifiedSince = request.headers.get('if-modified-since');
	let fresh = false;
	if (ifNoneMatch !== null) fresh = matchesIfNoneMatch(ifNoneMatch, etag);
	else if (ifModifiedSince !== null) {
		const since = Date.parse(ifModifiedSince);
		fresh = !Number.isNaN(since) && lastModifiedSeconds <= since;
	}
	if (fresh) {
		const { 'content-disposition': _drop, ...kept } = headers;
		return new Response(null, { status: 304, headers: kept });
	}
	return new Response(body, { status: 200, headers });
}
