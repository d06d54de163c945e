// `npx tsx scripts/bench/words.ts`: how long words.check takes on long messages against a 500-word
// list (both languages), in plain and hostile texts. Prints numbers, asserts nothing.
import { memoryDb } from '../../src/lib/server/testing/db';
import { member } from '../../src/lib/server/testing/forum';
import * as words from '../../src/lib/server/moderation/words';

const db = memoryDb();
const admin = member(db, 'Bench', 'admin');
for (let i = 0; i < 250; i++) {
	words.add(db, admin, { word: `mot${i}x`, locale: 'fr', action: i % 2 ? 'hold' : 'block' });
	words.add(db, admin, { word: `word ${i} phrase`, locale: 'en', action: 'hold' });
}

const TEXTS = {
	'French prose': 'Une conférence sur les communs numériques, à Lyon ; ',
	'German prose': 'Das ist weniger schlimm als gedacht, oder? ',
	'zero-width every letter': 'c\u200bo\u200bn\u200bf ',
	'full-width and ligatures': 'ｃｏｎｆéｒｅｎｃｅ ﬁnale œuvre ',
	'emoji and astral': '🙂𝐜𝐨𝐧 🎉 '
};

for (const [name, unit] of Object.entries(TEXTS)) {
	const text = unit.repeat(Math.ceil(10_000 / unit.length)).slice(0, 10_000);
	for (let i = 0; i < 200; i++) words.check(db, null, [text]);
	const runs = 2000;
	// CPU time, not wall time: the machine may be busy with other work.
	const start = process.cpuUsage();
	for (let i = 0; i < runs; i++) words.check(db, null, [text]);
	const used = process.cpuUsage(start);
	const each = (used.user + used.system) / runs;
	console.log(`${name.padEnd(26)} ${each.toFixed(0).padStart(5)} µs of CPU per 10,000 characters`);
}
