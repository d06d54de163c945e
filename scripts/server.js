// The production server: adapter-node's handler behind a fast path that answers cached pages
// and 304s before SvelteKit sees the request (src/lib/server/http/fast-path.ts). It replaces
// build/index.js, keeping what we use of it: PORT, HOST, SHUTDOWN_TIMEOUT and a graceful stop
// that lets in-flight requests finish, then emits 'sveltekit:shutdown' (the database closes).
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Importing the handler runs the app's init hook (configuration, migrations, seed).
const { handler } = await import(pathToFileURL(path.join(root, 'build', 'handler.js')).href);
/** @type {((req: http.IncomingMessage, res: http.ServerResponse) => boolean) | undefined} */
const answerFromMemory = globalThis[Symbol.for('rencontres.answerFromMemory')];
if (!answerFromMemory) throw new Error('The build offers no fast path: run `npm run build` again.');

const host = process.env.HOST || '0.0.0.0';
const port = Number(process.env.PORT || 3000);
const shutdownTimeout = Number(process.env.SHUTDOWN_TIMEOUT || 30);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
	console.error(`PORT must be a port number (0–65535), not "${process.env.PORT}".`);
	process.exit(1);
}

const SAFE_DEFAULTS = [
	['x-content-type-options', 'nosniff'],
	['content-security-policy', "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"],
	['referrer-policy', 'strict-origin-when-cross-origin']
];

let stopping = false;
/** While stopping, a connection whose answer has gone out is closed at once, not kept alive. */
function closeWhenStopping() {
	if (stopping) setImmediate(() => server.closeIdleConnections());
}

const server = http.createServer((req, res) => {
	if (stopping) res.setHeader('connection', 'close');
	if (answerFromMemory(req, res)) return;
	// Files under /_app and static/ are served before any hook runs: they get these defaults
	// here; pages and endpoints set their own over them (the `secure` hook, kit.csp).
	for (const [name, value] of SAFE_DEFAULTS) res.setHeader(name, value);
	res.once('finish', closeWhenStopping);
	handler(req, res, () => {
		res.statusCode = 404;
		res.end('Not found');
	});
});

server.on('error', (error) => {
	// Fail fast with what to change, not a stack trace.
	const code = /** @type {NodeJS.ErrnoException} */ (error).code;
	if (code === 'EADDRINUSE')
		console.error(`Port ${port} on ${host} is taken: set PORT to a free port.`);
	else if (code === 'EACCES')
		console.error(`Not allowed to listen on ${host}:${port}: set PORT above 1023, or HOST.`);
	else console.error(error);
	process.exit(1);
});

/**
 * Pages asked once on a private loopback port before the real one opens: the first request
 * loads SvelteKit's route modules and warms SQLite's cache, which held the loop 240–400 ms.
 * Better here, before anyone waits, than on a reader's request.
 */
async function warmUp() {
	const warm = http.createServer((req, res) => handler(req, res, () => res.writeHead(404).end()));
	await new Promise((resolve) => warm.listen(0, '127.0.0.1', () => resolve(undefined)));
	const { port: warmPort } = /** @type {import('node:net').AddressInfo} */ (warm.address());
	for (const target of [
		'/healthz',
		'/fr/',
		'/en/posts',
		'/fr/search?q=commun',
		'/en/events/warm-up'
	]) {
		await new Promise((resolve) => {
			http
				.get({ host: '127.0.0.1', port: warmPort, path: target, agent: false }, (res) =>
					res.resume().on('end', resolve)
				)
				.on('error', resolve);
		});
	}
	await new Promise((resolve) => warm.close(() => resolve(undefined)));
}

await warmUp();
server.listen(port, host, () => {
	const address = /** @type {import('node:net').AddressInfo} */ (server.address());
	console.log(`Listening on http://${host}:${address.port}`);
});

function stop() {
	if (stopping) return;
	stopping = true;
	// Keep-alive connections would hold close() open until they time out.
	server.closeIdleConnections();
	// Answers from memory take microseconds; this catches any that were going out just now.
	const sweep = setInterval(() => server.closeIdleConnections(), 50);
	const force = setTimeout(() => server.closeAllConnections(), shutdownTimeout * 1000);
	server.close(() => {
		clearInterval(sweep);
		clearTimeout(force);
		process.emit('sveltekit:shutdown', 'SIGTERM');
	});
}

process.on('SIGTERM', stop);
process.on('SIGINT', stop);
