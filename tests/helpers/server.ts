import Database from 'better-sqlite3';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** Builds the app when there is no build (npm test builds first; a lone `vitest` may not). */
export function ensureBuilt() {
	if (fs.existsSync(path.join(ROOT, 'build', 'index.js'))) return;
	const result = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
	if (result.status !== 0) throw new Error('npm run build failed');
}

export function tempDir(prefix = 'rencontres-') {
	return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
		server.on('error', reject);
	});
}

export type RunningServer = {
	url: string;
	databasePath: string;
	process: ChildProcess;
	output: () => string;
	stop: () => Promise<void>;
};

/** Starts the built server (`node scripts/server.js`) on a free port over its own SQLite file. */
export async function startServer(
	options: {
		databasePath?: string;
		env?: Record<string, string>;
		nodeArgs?: string[];
		/**
		 * Whether new members' first messages wait for approval, as on a real site. Off unless
		 * asked: the tests of everything but moderation are not about the queue.
		 */
		holdNewMembers?: boolean;
	} = {}
) {
	const port = await freePort();
	const databasePath = options.databasePath ?? path.join(tempDir(), 'nested', 'hub.db');
	const url = `http://127.0.0.1:${port}`;
	const child = spawn(process.execPath, [...(options.nodeArgs ?? []), 'scripts/server.js'], {
		cwd: ROOT,
		env: {
			...process.env,
			PORT: String(port),
			HOST: '127.0.0.1',
			ORIGIN: url,
			DATABASE_URL: databasePath,
			// Tests post faster than people and sign up many members from one address: the
			// limits and the fast-form trap are on only where a test asks (abuse.test.ts).
			RATE_LIMITS: 'off',
			FORM_MIN_SECONDS: '0',
			...options.env
		},
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout!.on('data', (chunk) => (output += chunk));
	child.stderr!.on('data', (chunk) => (output += chunk));
	const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

	await new Promise<void>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`Server did not start:\n${output}`)), 20_000);
		const check = () => {
			if (output.includes('Listening on')) {
				clearTimeout(timer);
				resolve();
			}
		};
		child.stdout!.on('data', check);
		exited.then((code) => {
			clearTimeout(timer);
			reject(new Error(`Server exited with ${code}:\n${output}`));
		});
	});

	if (!options.holdNewMembers) holdNoNewMembers(databasePath);

	const server: RunningServer = {
		url,
		databasePath,
		process: child,
		output: () => output,
		stop: async () => {
			if (child.exitCode === null) child.kill('SIGTERM');
			await exited;
		}
	};
	return server;
}

/** Runs the built server expecting it to refuse to start; returns its exit code and output. */
export async function failingStart(env: Record<string, string>) {
	const child = spawn(process.execPath, ['scripts/server.js'], {
		cwd: ROOT,
		env: { ...process.env, HOST: '127.0.0.1', PORT: String(await freePort()), ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let output = '';
	child.stdout!.on('data', (chunk) => (output += chunk));
	child.stderr!.on('data', (chunk) => (output += chunk));
	const code = await new Promise<number | null>((resolve) => {
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			resolve(null);
		}, 15_000);
		child.on('exit', (c) => {
			clearTimeout(timer);
			resolve(c);
		});
	});
	return { code, output };
}

/** A GET that returns the exact status, headers and bytes (fetch would decompress), on a fresh connection. */
export function rawGet(url: string, headers: Record<string, string> = {}) {
	return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>(
		(resolve, reject) => {
			// https too, against a test's own self-signed certificate (tests/nginx.test.ts).
			const client = url.startsWith('https:') ? https : http;
			const options: https.RequestOptions = { headers, agent: false, rejectUnauthorized: false };
			client
				.get(url, options, (response) => {
					const chunks: Buffer[] = [];
					response.on('data', (c) => chunks.push(c));
					response.on('end', () =>
						resolve({
							status: response.statusCode ?? 0,
							headers: response.headers,
							body: Buffer.concat(chunks)
						})
					);
				})
				.on('error', reject);
		}
	);
}

/** Sets the site's "first messages held" to 0, as an admin would on the moderation page. */
function holdNoNewMembers(databasePath: string) {
	const db = new Database(databasePath);
	try {
		db.prepare(
			`insert into settings (key, value, updated_at) values ('heldFirstMessages', '0', 0)
			 on conflict (key) do update set value = excluded.value`
		).run();
	} finally {
		db.close();
	}
}
