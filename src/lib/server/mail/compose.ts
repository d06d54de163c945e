import { escapeXml } from '../content/text';

/*
 * Every email's two bodies from one description: plain text for every client, and an HTML
 * version of the same words, readable in any client and by screen readers: the language
 * declared, one column, real headings and links, inline styles only (clients drop style
 * sheets), no image, no tracker, no outside request.
 */

export type EmailContent = {
	/** In the recipient's language, already. */
	lang: 'fr' | 'en';
	subject: string;
	/** Paragraphs of plain text (never HTML: escaped in the HTML body). */
	paragraphs: string[];
	/** The one thing to do, as a link (its address is printed in full in the text body). */
	action?: { label: string; url: string };
	/** Small print at the end (why they get it, how to stop). */
	footer?: string[];
};

/** A header is one line of visible characters: control and line-breaking characters go. */
function oneLine(s: string): string {
	return (
		s
			.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ')
			// Runs of ordinary spaces only: French no-break spaces before « : » and inside « » stay.
			.replace(/[ \t]{2,}/g, ' ')
			.trim()
	);
}

/** Only web addresses are links: a `javascript:` or `data:` address is never made clickable. */
function linkable(url: string): boolean {
	return /^https?:\/\/[^\s"<>]+$/i.test(url);
}

const FONT = 'font-family:system-ui,-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif';

export function compose(content: EmailContent): { subject: string; text: string; html: string } {
	const subject = oneLine(content.subject);
	const action = content.action && linkable(content.action.url) ? content.action : undefined;
	// French puts a no-break space before a colon.
	const colon = content.lang === 'fr' ? '\u00a0:' : ':';
	const text = [
		...content.paragraphs,
		...(action ? [`${action.label}${colon}\n${action.url}`] : []),
		// The signature separator ("-- " alone on its line): clients fold or dim what follows.
		...(content.footer?.length ? [`-- \n${content.footer.join('\n')}`] : [])
	].join('\n\n');
	const p = (s: string, style = 'margin:0 0 1em') =>
		`<p dir="auto" style="${style}">${escapeXml(s).replace(/\n/g, '<br>')}</p>`;
	const button = action
		? `<p style="margin:1.5em 0"><a href="${escapeXml(action.url)}" style="display:inline-block;padding:.7em 1.2em;background:#1d4ed8;color:#ffffff;text-decoration:underline;border-radius:4px;font-weight:bold">${escapeXml(action.label)}</a></p>` +
			p(action.url, 'margin:0 0 1em;font-size:.9em;word-break:break-all;color:#374151')
		: '';
	const footer = content.footer?.length
		? `<hr style="border:0;border-top:1px solid #d1d5db;margin:2em 0 1em">${content.footer
				.map((line) => p(line, 'margin:0 0 .5em;font-size:.85em;color:#4b5563'))
				.join('')}`
		: '';
	const html =
		`<!doctype html><html lang="${content.lang}"><head><meta charset="utf-8">` +
		`<meta name="viewport" content="width=device-width,initial-scale=1">` +
		`<meta name="color-scheme" content="light only"><title>${escapeXml(subject)}</title></head>` +
		`<body style="margin:0;padding:0;background:#ffffff;color:#111827;${FONT};font-size:16px;line-height:1.5">` +
		`<div role="article" aria-label="${escapeXml(subject)}" lang="${content.lang}" style="max-width:36em;margin:0 auto;padding:1.5em 1em">` +
		`<h1 dir="auto" style="font-size:1.3em;margin:0 0 1em">${escapeXml(subject)}</h1>` +
		content.paragraphs.map((s) => p(s)).join('') +
		button +
		footer +
		`</div></body></html>`;
	return { subject, text, html };
}
