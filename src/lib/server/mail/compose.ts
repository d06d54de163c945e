import { escapeXml } from '../content/text';

/*
 * Every email's two bodies from one description: plain text for every client, and a plain
 * HTML version of the same words (no image, no tracker, no outside request). Helper MAIL
 * may restyle the HTML; the signature stays.
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

export function compose(content: EmailContent): { subject: string; text: string; html: string } {
	const text = [
		...content.paragraphs,
		...(content.action ? [`${content.action.label}:\n${content.action.url}`] : []),
		...(content.footer?.length ? ['-- ', ...content.footer] : [])
	].join('\n\n');
	const p = (s: string) => `<p>${escapeXml(s).replace(/\n/g, '<br>')}</p>`;
	const html = `<!doctype html><html lang="${content.lang}"><head><meta charset="utf-8"><title>${escapeXml(content.subject)}</title></head><body>${content.paragraphs.map(p).join('')}${
		content.action
			? `<p><a href="${escapeXml(content.action.url)}">${escapeXml(content.action.label)}</a></p>`
			: ''
	}${content.footer?.length ? `<hr>${content.footer.map(p).join('')}` : ''}</body></html>`;
	return { subject: content.subject.replace(/[\r\n]+/g, ' '), text, html };
}
