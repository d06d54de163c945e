import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/*
 * The focus ring is two-tone (WCAG technique C40): a dark outline around a light ring. Each
 * background the ring can appear on must differ from one of its two colours by 3:1 or more
 * (WCAG 2.4.13 / 1.4.11). The colours are read from src/app.css, so changing one is checked.
 */

const root = new URL('../../', import.meta.url).pathname;
const css = readFileSync(join(root, 'src/app.css'), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');

/** The custom properties of :root. */
const properties = new Map<string, string>();
for (const [, name, value] of css
	.match(/:root\s*\{[^}]*\}/)![0]
	.matchAll(/(--[\w-]+)\s*:\s*([^;]+);/g)) {
	properties.set(name!, value!.trim());
}

/** A colour value with var() references resolved, as #rrggbb. */
function resolve(value: string): string {
	let v = value.trim();
	for (let i = 0; i < 10 && v.startsWith('var('); i++) {
		const name = v.match(/^var\((--[\w-]+)\)/)![1]!;
		const next = properties.get(name);
		if (!next) throw new Error(`${name} is not defined in :root`);
		v = next;
	}
	if (/^#[0-9a-f]{3}$/i.test(v)) v = '#' + [...v.slice(1)].map((c) => c + c).join('');
	if (/^white$/i.test(v)) v = '#ffffff';
	if (!/^#[0-9a-f]{6}$/i.test(v)) throw new Error(`Not a colour this test reads: ${value}`);
	return v.toLowerCase();
}

/** WCAG 2 relative luminance. */
function luminance(hex: string): number {
	const [r, g, b] = [1, 3, 5].map((i) => {
		const c = parseInt(hex.slice(i, i + 2), 16) / 255;
		return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
	});
	return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

/** WCAG 2 contrast ratio. */
function contrast(a: string, b: string): number {
	const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
	return (hi! + 0.05) / (lo! + 0.05);
}

/** Every rule of a style sheet as [selector, declarations]. */
function rules(sheet: string): [string, string][] {
	// A selector list Prettier writes one per line is the same list.
	return [...sheet.matchAll(/([^{}]+)\{([^{}]*)\}/g)].map((m) => [
		m[1]!.trim().replace(/\s*,\s*/g, ', '),
		m[2]!
	]);
}

/** The background colour a rule declares, if any (transparent and none are not colours). */
function backgroundOf(declarations: string): string | null {
	const match = declarations.match(/(?:^|;|\s)background(?:-color)?\s*:\s*([^;]+)/);
	if (!match) return null;
	const value = match[1]!.trim();
	if (/^(?:none|transparent|inherit)\b/.test(value)) return null;
	return value.match(/var\(--[\w-]+\)|#[0-9a-f]{3,6}\b|white/i)![0];
}

function svelteStyles(dir: string): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = join(dir, entry.name);
		if (entry.isDirectory()) return entry.name === 'paraglide' ? [] : svelteStyles(full);
		if (!entry.name.endsWith('.svelte')) return [];
		return [...readFileSync(full, 'utf8').matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].map((m) =>
			m[1]!.replace(/\/\*[\s\S]*?\*\//g, '')
		);
	});
}

const focusRule = rules(css).find(([selector]) => selector.includes('a:focus-visible'));
const dark = resolve(properties.get('--focus-dark') ?? 'missing');
const light = resolve(properties.get('--focus-light') ?? 'missing');

/** Where the ring is seen, each named by the rule that paints it. */
const named: [string, string][] = [
	['page background, footer, organiser bar', ':root'],
	['header', '.site-header'],
	['buttons', '.button'],
	['cards (add to calendar)', '.add-to-calendar'],
	['conflict box', '.conflict'],
	['notice and error box', '.notice'],
	['fallback note', '.fallback-note'],
	['fields', 'input, select, textarea'],
	['skip link', '.skip-link']
];

describe('focus ring contrast', () => {
	it('is drawn by one rule: a dark outline and a light ring, for links, buttons and fields', () => {
		expect(focusRule).toBeDefined();
		const [selector, declarations] = focusRule!;
		for (const element of ['a', '.button', 'button', 'input', 'select', 'textarea'])
			expect(selector).toContain(`${element}:focus-visible`);
		expect(declarations).toMatch(/outline:\s*\d+px solid var\(--focus-dark\)/);
		expect(declarations).toMatch(/box-shadow:\s*0 0 0 \d+px var\(--focus-light\)/);
		// No other rule draws a focus outline of another colour.
		const others = rules(css).filter(
			([s, d]) => s.includes(':focus') && s !== focusRule![0] && /outline\s*:(?!\s*none)/.test(d)
		);
		expect(others).toEqual([]);
	});

	it('has two colours 9:1 apart, so one of them reaches 3:1 on any background', () => {
		expect(contrast(dark, light)).toBeGreaterThanOrEqual(9);
	});

	it('reaches 3:1 on every named background', () => {
		const all = rules(css);
		const failing: string[] = [];
		for (const [where, selector] of named) {
			const rule = all.find(([s]) => s === selector);
			expect(rule, selector).toBeDefined();
			const background = resolve(backgroundOf(rule![1]) ?? 'missing');
			const best = Math.max(contrast(dark, background), contrast(light, background));
			if (best < 3) failing.push(`${where} (${background}): ${best.toFixed(2)}:1`);
		}
		expect(failing).toEqual([]);
	});

	it('reaches 3:1 on every background any style sheet declares', () => {
		const sheets = [css, ...svelteStyles(join(root, 'src'))];
		const backgrounds = new Set(
			sheets.flatMap((sheet) => rules(sheet).flatMap(([, d]) => backgroundOf(d) ?? [])).map(resolve)
		);
		expect(backgrounds.size).toBeGreaterThan(5);
		const failing = [...backgrounds].filter(
			(bg) => Math.max(contrast(dark, bg), contrast(light, bg)) < 3
		);
		expect(failing).toEqual([]);
	});

	it('would catch the old yellow outline (1.6:1 on the page)', () => {
		expect(contrast('#f2c14e', resolve('var(--paper)'))).toBeLessThan(3);
	});
});
