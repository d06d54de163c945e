// `npm start`: builds the hub when there is no build or the sources are newer, then serves it.
// Migrations and the first seed run inside the server at start-up (src/hooks.server.ts).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entry = path.join(root, 'build', 'index.js');
const SOURCES = [
	'src',
	'messages',
	'static',
	'project.inlang',
	'svelte.config.js',
	'vite.config.ts',
	'package-lock.json'
];

function newestMtime(target) {
	if (!fs.existsSync(target)) return 0;
	const stat = fs.statSync(target);
	if (!stat.isDirectory()) return stat.mtimeMs;
	let newest = stat.mtimeMs;
	for (const name of fs.readdirSync(target)) {
		// Compiled messages are outputs, not sources.
		if (name === 'paraglide' || name === 'cache') continue;
		newest = Math.max(newest, newestMtime(path.join(target, name)));
	}
	return newest;
}

const built = fs.existsSync(entry) ? fs.statSync(entry).mtimeMs : 0;
const sources = Math.max(...SOURCES.map((s) => newestMtime(path.join(root, s))));
if (built < sources) {
	console.log(
		built ? 'Sources changed since the last build: building…' : 'No build yet: building…'
	);
	const result = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
	if (result.status !== 0) process.exit(result.status ?? 1);
}

// adapter-node assumes https when ORIGIN is unset; locally the hub is plain http.
process.env.ORIGIN ||= `http://localhost:${process.env.PORT || 3000}`;
process.chdir(root);
await import(pathToFileURL(path.join(root, 'scripts', 'server.js')).href);
