/*
 * RFC 5545 line folding, byte for byte what ical-generator's own foldLines writes (the test
 * compares them), without its TextEncoder per character, which made a feed of a few thousand
 * events take seconds to build.
 */

/** UTF-8 length of the code point starting with UTF-16 unit `unit` (a whole pair counts 4). */
function utf8Length(unit: number): number {
	if (unit < 0x80) return 1;
	if (unit < 0x800) return 2;
	if (unit >= 0xd800 && unit <= 0xdbff) return 4;
	return 3;
}

function foldLine(line: string): string {
	let result = '';
	let start = 0;
	let count = 0;
	for (let i = 0; i < line.length; i++) {
		const size = utf8Length(line.charCodeAt(i));
		const width = size === 4 ? 2 : 1;
		count += size;
		// A line holds at most 74 octets; the next one starts with a space.
		if (count > 74) {
			result += line.slice(start, i) + '\r\n ';
			start = i;
			count = size;
		}
		i += width - 1;
	}
	return result + line.slice(start);
}

export function foldLines(input: string): string {
	return input.split('\r\n').map(foldLine).join('\r\n');
}
