// `npm run backup -- FILE`: an online, consistent copy of the hub's database while it serves.
// VACUUM INTO reads one snapshot of the database (writers go on, in WAL mode) and writes a
// compact copy; the copy is then checked with PRAGMA integrity_check.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { readConfig } from '../src/lib/server/config';

function fail(message: string): never {
	console.error(message);
	process.exit(1);
}

const target = process.argv[2];
if (!target) fail('Usage: npm run backup -- FILE   (FILE must not exist yet)');
const destination = path.resolve(target);
if (fs.existsSync(destination))
	fail(`${destination} exists already: choose a new file name, nothing was written.`);

let config;
try {
	config = readConfig(process.env, process.cwd(), { requireOrigin: false });
} catch (error) {
	fail((error as Error).message);
}
if (!fs.existsSync(config.databasePath))
	fail(`No database at ${config.databasePath}: set DATABASE_URL to the hub's database.`);

fs.mkdirSync(path.dirname(destination), { recursive: true });
const source = new Database(config.databasePath, { fileMustExist: true });
source.pragma('busy_timeout = 10000');
const started = Date.now();
try {
	source.prepare('VACUUM INTO ?').run(destination);
} catch (error) {
	fs.rmSync(destination, { force: true });
	fail(`Backup failed, nothing kept: ${(error as Error).message}`);
} finally {
	source.close();
}

const copy = new Database(destination, { readonly: true });
const check = copy.pragma('integrity_check', { simple: true });
copy.close();
if (check !== 'ok') {
	fs.rmSync(destination, { force: true });
	fail(`The copy failed its integrity check (${check}); it was removed.`);
}
const size = fs.statSync(destination).size;
console.log(
	`Backed up ${config.databasePath} to ${destination} (${(size / 1024).toFixed(0)} KiB, ${Date.now() - started} ms, integrity ok)`
);
