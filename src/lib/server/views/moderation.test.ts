import { parse } from 'node-html-parser';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../auth/policy';
import * as events from '../content/events';
import type { Db } from '../db';
import * as messages from '../forum/messages';
import * as actions from '../moderation/actions';
import { memoryDb } from '../testing/db';
import { eventInput } from '../testing/factories';
import { member } from '../testing/forum';
import * as moderation from './moderation';

/*
 * The queue and the log put members' words into their pages with {@html}: every such value is
 * made here, by renderMessage, and must carry no script, handler or dangerous link whatever was
 * typed.
 */

const HOSTILE = [
	'<script>alert(1)</script>',
	'<img src=x onerror=alert(1)>',
	'[clic](javascript:alert(1))',
	'<a href="javascript:alert(1)">x</a>',
	'<svg onload=alert(1)></svg>',
	'<iframe src="https://evil.example"></iframe>',
	'</div><style>body{display:none}</style>'
].join('\n\n');

/** What the browser would build from `html`: no active element, handler or script link. */
function assertInert(html: string) {
	const root = parse(html);
	expect(root.querySelectorAll('script, iframe, style, svg, img, object, embed')).toEqual([]);
	for (const element of root.querySelectorAll('*')) {
		expect(Object.keys(element.attributes).filter((name) => /^on/i.test(name))).toEqual([]);
		expect(element.getAttribute('href') ?? '').not.toMatch(/^\s*javascript:/i);
	}
}

let db: Db;
let nina: Actor;
let rita: Actor;
let olga: Actor;
let subject: { kind: 'event'; id: number };

beforeEach(() => {
	db = memoryDb();
	nina = member(db, 'Nina', 'member', { fresh: true });
	rita = member(db, 'Rita');
	olga = member(db, 'Olga', 'organiser');
	subject = { kind: 'event', id: events.create(db, eventInput()).id };
});

describe('hostile words in the moderators’ pages', () => {
	it('are rendered inert in the queue, in the message answered, and in the log', () => {
		const asked = messages.post(db, rita, subject, { body: HOSTILE, locale: 'fr' }, 1000);
		const held = messages.post(
			db,
			nina,
			subject,
			{ body: HOSTILE, locale: 'fr', replyTo: asked.id },
			2000
		);
		const page = moderation.queuePage(db, 'fr', { page: 1, membersPage: 1 }, 3000);
		const item = page.items.find((i) => i.id === held.id)!;
		expect(item.html).toContain('alert(1)');
		assertInert(item.html);
		assertInert(item.answered!.html);

		actions.hide(db, olga, asked.id, '<script>alert(1)</script>', 4000);
		const log = moderation.logPage(db, 'fr', 1);
		const entry = log.items.find((i) => i.snapshot && i.action === 'hide')!;
		expect(entry.snapshot!.html).not.toBe('');
		assertInert(entry.snapshot!.html);
		for (const hidden of moderation.queuePage(db, 'fr', { page: 1, membersPage: 1 }, 5000).hidden)
			assertInert(hidden.html);
	});
});
