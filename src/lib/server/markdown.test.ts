import { describe, expect, it } from 'vitest';
import { markdownToText, renderMarkdown } from './markdown';

describe('renderMarkdown', () => {
	it('renders Markdown and marks external links', () => {
		const html = renderMarkdown('Un **commun** : [NGI](https://ngi.eu).');
		expect(html).toContain('<strong>commun</strong>');
		expect(html).toContain('<a href="https://ngi.eu" rel="noopener nofollow ugc">NGI</a>');
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
		expect(html).not.toMatch(/<script|<img[^>]*onerror|<svg|href="javascript:|href="data:|src="vbscript:/i);
		expect(html).toContain('&lt;script&gt;');
	});
});

describe('markdownToText', () => {
	it('keeps paragraphs, list items and link addresses', () => {
		const text = markdownToText('# Titre\n\nPremier **paragraphe**.\n\n- un\n- [deux](https://example.org)\n');
		expect(text).toBe('Titre\n\nPremier paragraphe.\n\n- un\n- deux (https://example.org)');
	});
});
