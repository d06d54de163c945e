import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import sanitizeHtml from 'sanitize-html';

/**
 * Raw HTML in Markdown is shown as text, never passed through (`html: false`), and
 * markdown-it's link check refuses `javascript:`, `vbscript:`, `file:` and `data:` URLs:
 * what a writer types can never become script in a reader's page.
 */
const md = new MarkdownIt({ html: false, linkify: true, typographer: false });

const defaultLinkOpen =
	md.renderer.rules.link_open ??
	((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));

md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
	const token = tokens[idx]!;
	const href = token.attrGet('href') ?? '';
	if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//')) {
		token.attrSet('rel', 'noopener nofollow ugc');
	}
	return defaultLinkOpen(tokens, idx, options, env, self);
};

/**
 * The second wall: whatever markdown-it produces passes an allow-list of tags, attributes and
 * URL schemes, so a bug or a future option upstream cannot let script through.
 */
const ALLOW = {
	allowedTags: [
		'p',
		'br',
		'hr',
		'h1',
		'h2',
		'h3',
		'h4',
		'h5',
		'h6',
		'strong',
		'em',
		's',
		'code',
		'pre',
		'blockquote',
		'ul',
		'ol',
		'li',
		'a',
		'img',
		'table',
		'thead',
		'tbody',
		'tr',
		'th',
		'td'
	],
	allowedAttributes: {
		a: ['href', 'title', 'rel'],
		img: ['src', 'alt', 'title'],
		ol: ['start'],
		th: ['style'],
		td: ['style']
	},
	allowedStyles: { '*': { 'text-align': [/^(left|right|center)$/] } },
	allowedSchemes: ['http', 'https', 'mailto'],
	allowedSchemesAppliedToAttributes: ['href', 'src'],
	allowProtocolRelative: false,
	disallowedTagsMode: 'escape'
} satisfies sanitizeHtml.IOptions;

/**
 * Rendered texts, by source: a long body takes tens of milliseconds to parse and sanitise, and
 * every uncached page, feed and preview of it would pay that again. Bounded by characters held;
 * emptied when full (texts change rarely, so it fills again with what is read).
 */
const rendered = new Map<string, string>();
const MAX_REMEMBERED_CHARACTERS = 4_000_000;
let remembered = 0;

function remember(source: string, make: (source: string) => string): string {
	let result = rendered.get(source);
	if (result === undefined) {
		result = make(source);
		if (remembered + source.length + result.length > MAX_REMEMBERED_CHARACTERS) {
			rendered.clear();
			remembered = 0;
		}
		rendered.set(source, result);
		remembered += source.length + result.length;
	}
	return result;
}

/** Markdown to HTML, then through the allow-list: what every rendering returns. */
function render(source: string): string {
	return sanitizeHtml(md.render(source), ALLOW);
}

/** Safe HTML for a Markdown text written by an organiser. */
export function renderMarkdown(source: string): string {
	// Short texts cost less to render than to look up and keep.
	if (source.length < 2_000) return render(source);
	return remember(source, render);
}

/**
 * Safe HTML for an editor's preview: never remembered, so that previews of texts nobody reads
 * yet do not push the published ones out of the cache.
 */
export function renderPreview(source: string): string {
	return render(source);
}

/*
 * Members' messages: anyone may write them, so they are rendered more strictly than organisers'
 * texts. No images (a member's `![](…)` would make every reader's browser fetch an address of
 * the author's choosing: a tracker in feeds, a GET with effects on our own routes), no headings
 * or tables, and only addresses written out (`https://…`, `www.…`) become links: linkifying
 * every `a@b.co` turned 10,000 characters into 60,000 of HTML. Whatever still renders to more
 * than a few times its source is shown as plain text: a page of 50 messages stays small.
 */
const memberMd = new MarkdownIt({ html: false, linkify: true, typographer: false });
memberMd.linkify.set({ fuzzyEmail: false, fuzzyLink: false });
memberMd.disable(['image', 'heading', 'lheading', 'table']);
memberMd.renderer.rules.link_open = (tokens, idx, options, _env, self) => {
	tokens[idx]!.attrSet('rel', 'noopener nofollow ugc');
	return self.renderToken(tokens, idx, options);
};
const MEMBER_ALLOW = {
	...ALLOW,
	allowedTags: ALLOW.allowedTags.filter(
		(tag) => !/^(img|h\d|table|thead|tbody|tr|th|td)$/.test(tag)
	),
	allowedAttributes: { a: ['href', 'title', 'rel'], ol: ['start'] }
} satisfies sanitizeHtml.IOptions;
/** Rendered HTML may be at most this many times its source (plus a little) before it is refused. */
const MAX_GROWTH = 3;

const escapeText = (text: string) =>
	text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Safe HTML for a member's message (see above); plain paragraphs when Markdown would bloat it. */
export function renderMessage(source: string): string {
	const html = sanitizeHtml(memberMd.render(source), MEMBER_ALLOW);
	if (html.length <= MAX_GROWTH * source.length + 200) return html;
	return source
		.split(/\n{2,}/)
		.map((paragraph) => `<p>${escapeText(paragraph).replace(/\n/g, '<br>')}</p>`)
		.join('\n');
}

/**
 * Plain text for places that take no markup (calendar DESCRIPTION): paragraphs kept apart,
 * list items on their own lines, a link's address after its words.
 */
export function markdownToText(source: string): string {
	const out: string[] = [];
	walk(md.parse(source, {}), out);
	return out
		.join('')
		.replace(/[ \t]+\n/g, '\n')
		.replace(/\n{3,}/g, '\n\n')
		.trim();
}

function walk(tokens: Token[], out: string[]) {
	let linkHref: string | null = null;
	let linkText = '';
	for (const token of tokens) {
		switch (token.type) {
			case 'inline':
				walk(token.children ?? [], out);
				break;
			case 'text':
			case 'code_inline':
				if (linkHref !== null) linkText += token.content;
				out.push(token.content);
				break;
			case 'softbreak':
			case 'hardbreak':
				out.push('\n');
				break;
			case 'link_open':
				linkHref = token.attrGet('href');
				linkText = '';
				break;
			case 'link_close':
				if (linkHref && linkHref !== linkText && !linkHref.startsWith('mailto:'))
					out.push(` (${linkHref})`);
				linkHref = null;
				break;
			case 'list_item_open':
				out.push('- ');
				break;
			case 'paragraph_close':
				// Paragraphs of a tight list are hidden: the item's own line break is enough.
				if (!token.hidden) out.push('\n\n');
				break;
			case 'heading_close':
				out.push('\n\n');
				break;
			case 'list_item_close':
			case 'bullet_list_close':
			case 'ordered_list_close':
				out.push('\n');
				break;
			case 'code_block':
			case 'fence':
				out.push(token.content, '\n');
				break;
		}
	}
}

/** An address written out, linked or not: what a link-counting spammer cannot hide. */
const ADDRESS = /(?:\bhttps?:\/\/|(?<![\w.@-])www\.)[^\s<>"'`]+/giu;

/**
 * How many links a member's message makes once rendered ([text](url), <autolinks>, linkified
 * addresses), plus the addresses written out where no link is made (in code, or cut so that
 * the linkifier misses them): a reader still copies those.
 */
export function messageLinks(source: string): number {
	let count = 0;
	const countIn = (tokens: Token[]) => {
		let inLink = 0;
		for (const token of tokens) {
			if (token.type === 'link_open') {
				if (inLink === 0) count++;
				inLink++;
			} else if (token.type === 'link_close') inLink = Math.max(0, inLink - 1);
			else if (token.children) countIn(token.children);
			else if (inLink === 0 && token.content) count += token.content.match(ADDRESS)?.length ?? 0;
		}
	};
	countIn(memberMd.parse(source, {}));
	return count;
}
