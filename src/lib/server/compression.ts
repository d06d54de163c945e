import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const COMPRESSIBLE = /^(text\/|application\/(xml|atom\+xml|json|ld\+json|javascript)|image\/svg\+xml)/;
// Below this, headers cost more than compression saves.
const MIN_BYTES = 1024;

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
export async function compressResponse(request: Request, response: Response): Promise<Response> {
	const type = response.headers.get('content-type') ?? '';
	if (request.method === 'HEAD' || response.headers.has('content-encoding') || !COMPRESSIBLE.test(type)) return response;
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
	const body = Buffer.from(await response.arrayBuffer());
	if (body.length < MIN_BYTES) {
		// Same rule for every size, so a 304 and its 200 always carry the same validator.
		weaken();
		return new Response(body, init);
	}
	const compressed =
		encoding === 'br'
			? brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } })
			: gzipSync(body, { level: 6 });
	headers.set('content-encoding', encoding);
	headers.set('content-length', String(compressed.length));
	weaken();
	return new Response(compressed, init);
}
