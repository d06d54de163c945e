// The bare SvelteKit page (bench/bare): built into a temporary folder, outside the app's own
// build, check and lint, and started on a port of its own.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../tests/helpers/server';
import { waitFor } from './load';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const SOURCE = path.join(ROOT, 'bench', 'bare');

export type BareApp = {
	/** The address of its one page, weighing about `bytes` (a dozen items: their summaries stretch). */
	urlFor: (bytes: number) => string;
	stop: () => void;
};

/** Builds bench/bare with the app's own SvelteKit, Svelte and adapter-node, then starts it. */
export async function startBare(): Promise<BareApp> {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rencontres-bare-'));
	fs.cpSync(SOURCE, dir, { recursive: true });
	fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
	const vite = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
	const built = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
		cwd: dir,
		encoding: 'utf8'
	});
	if (built.status !== 0) throw new Error(`bench/bare did not build:\n${built.stderr}`);
	const port = await freePort();
	// Its own address, not the hub's (the bench's environment may name the hub's).
	const { ORIGIN: _hub, ...env } = process.env;
	const child = spawn(process.execPath, ['build/index.js'], {
		cwd: dir,
		env: { ...env, PORT: String(port), HOST: '127.0.0.1' },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	const stop = () => {
		child.kill();
		fs.rmSync(dir, { recursive: true, force: true });
	};
	// A run that fails half-way must not leave the bare app running.
	process.once('exit', stop);
	await waitFor(child, 'Listening on');
	return {
		urlFor: (bytes) => `http://127.0.0.1:${port}/?bytes=${Math.round(bytes)}`,
		stop
	};
}
