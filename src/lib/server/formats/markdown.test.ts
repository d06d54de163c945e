import { describe, expect, it } from 'vitest';
import { parse } from 'node-html-parser';
import { markdownToText, renderMarkdown } from './markdown';

/** Every element or attribute of `html` that a browser could run or load from elsewhere. */
function executableParts(html: string): string[] {
	const found: string[] = [];
	for (const el of parse(html).querySelectorAll('*')) {
		const tag = el.tagName.toLowerCase();
		if (
			[
				'script',
				'style',
				'svg',
				'math',
				'iframe',
				'object',
				'embed',
				'form',
				'link',
				'meta',
				'base'
			].includes(tag)
		)
			found.push(tag);
		for (const [name, value] of Object.entries(el.attributes)) {
			if (/^on/i.test(name) || (name === 'style' && /url\(/i.test(value)))
				found.push(`${tag}[${name}]`);
			if (
				['href', 'src', 'xlink:href', 'action', 'formaction'].includes(name.toLowerCase()) &&
				!/^(https?:\/\/|mailto:)/i.test(value)
			) {
				found.push(`${tag}[${name}=${value}]`);
			}
		}
	}
	return found;
}

describe('renderMarkdown', () => {
	it('renders Markdown and marks external links', () => {
		const html = renderMarkdown('Un **commun** : [NGI](https://ngi.eu).');
		expect(html).toContain('<strong>commun</strong>');
		expect(html).toContain('<a href="https://ngi.eu" rel="noopener nofollow ugc">NGI</a>');
	});

	it('keeps what Markdown is for: headings, lists, emphasis, links, images, code', () => {
		const html = renderMarkdown(
			'## Titre\n\n- *un*\n- `deux`\n\n![logo](https://example.org/l.png)\n\n> cité'
		);
		expect(html).toContain('<h2>Titre</h2>');
		expect(html).toContain('<em>un</em>');
		expect(html).toContain('<code>deux</code>');
		expect(html).toContain('<img src="https://example.org/l.png" alt="logo" />');
		expect(html).toContain('<blockquote>');
	});

	it('has a checker that does see executable parts', () => {
		expect(
			executableParts('<p onclick="x"><a href="javascript:y">z</a><script></script></p>')
		).toEqual(['p[onclick]', 'a[href=javascript:y]', 'script']);
	});

	it.each([
		'<script>alert(1)</script>',
		'<img src=x onerror=alert(1)>',
		'[click](javascript:alert(1))',
		'[click](JaVaScRiPt:alert(1))',
		'[click](java\tscript:alert(1))',
		'[click](&#106;avascript:alert(1))',
		'[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
		'![x](javascript:alert(1))',
		'<svg onload=alert(1)><a xlink:href="javascript:alert(1)">x</a></svg>',
		'<iframe src="https://evil.example"></iframe>',
		'<a href="javascript:alert(1)">x</a>',
		'[x](//evil.example/path)',
		'<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
		'<div style="background:url(javascript:alert(1))">x</div>',
		'[x](https://example.org "t\\" onmouseover=\\"alert(1)")',
		'<<script>script>alert(1)<</script>/script>'
	])('leaves nothing executable from %s', (payload) => {
		expect(executableParts(renderMarkdown(payload))).toEqual([]);
	});

	it('leaves nothing executable from hostile input', () => {
		const html = renderMarkdown(
			[
				'<script>alert(1)</script>',
				'<img src=x onerror=alert(1)>',
				'[click](javascript:alert(1))',
				'[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
				'<svg onload=alert(1)><a xlink:href="javascript:alert(1)">x</a></svg>',
				'![x](vbscript:msgbox)'
			].join('\n\n')
		);
		expect(executableParts(html)).toEqual([]);
		expect(html).toContain('&lt;script&gt;');
	});
});

describe('markdownToText', () => {
	it('keeps paragraphs, list items and link addresses', () => {
		const text = markdownToText(
			'# Titre\n\nPremier **paragraphe**.\n\n- un\n- [deux](https://example.org)\n'
		);
		expect(text).toBe('Titre\n\nPremier paragraphe.\n\n- un\n- deux (https://example.org)');
	});
});
