import { parse } from 'node-html-parser';
import { describe, expect, it } from 'vitest';
import { compose } from './compose';

describe('compose', () => {
	it('keeps hostile text as text in both bodies, and the subject on one line', () => {
		const hostile = '<script>alert(1)</script> "quoted" & <img src=x onerror=y> \u202eevil';
		const made = compose({
			lang: 'fr',
			subject: 'Bonjour\r\nBcc: victim@example.org <b>',
			paragraphs: [hostile, 'ligne 1\nligne 2'],
			action: { label: 'Ouvrir <le> lien', url: 'https://hub.example.org/fr/confirm/abc?x=1&y=2' },
			footer: ['Pied <i>de</i> page']
		});
		expect(made.subject).toBe('Bonjour Bcc: victim@example.org <b>');
		expect(made.text).toBe(
			`${hostile}\n\nligne 1\nligne 2\n\nOuvrir <le> lien\u00a0:\nhttps://hub.example.org/fr/confirm/abc?x=1&y=2\n\n-- \nPied <i>de</i> page`
		);
		const doc = parse(made.html);
		expect(doc.querySelectorAll('script, img, i, b, style, link')).toHaveLength(0);
		expect(doc.querySelector('html')?.getAttribute('lang')).toBe('fr');
		const paragraphs = doc.querySelectorAll('p').map((p) => p.text);
		expect(paragraphs[0]).toBe(hostile);
		expect(doc.querySelector('h1')?.text).toBe(made.subject);
		const links = doc.querySelectorAll('a');
		expect(links).toHaveLength(1);
		expect(links[0]!.getAttribute('href')).toBe('https://hub.example.org/fr/confirm/abc?x=1&y=2');
		expect(links[0]!.text).toBe('Ouvrir <le> lien');
		// Nothing fetched from anywhere: no element with a source, no style loading one.
		expect(doc.querySelectorAll('[src], [srcset], [background]')).toHaveLength(0);
		expect(made.html).not.toMatch(/url\(|@import/);
	});

	it('never makes a link of an address that is not a web address', () => {
		const made = compose({
			lang: 'en',
			subject: 'S',
			paragraphs: ['P'],
			action: { label: 'Click', url: 'javascript:alert(1)' }
		});
		expect(made.html).not.toContain('<a ');
		expect(made.text).not.toContain('javascript:');
	});
});
