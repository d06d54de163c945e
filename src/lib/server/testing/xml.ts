import { spawnSync } from 'node:child_process';

/*
 * A strict XML parse, for tests: python's expat refuses what XML 1.0 forbids (control
 * characters, U+FFFE, unescaped markup), where node-html-parser would take anything.
 */

export type XmlNode = {
	tag: string;
	attrib: Record<string, string>;
	text: string;
	children: XmlNode[];
};

const SCRIPT = `
import json, sys
import xml.etree.ElementTree as ET
def tree(e):
    return {"tag": e.tag.split("}")[-1], "attrib": {k.split("}")[-1]: v for k, v in e.attrib.items()},
            "text": "".join(e.itertext()), "children": [tree(c) for c in e]}
try:
    print(json.dumps(tree(ET.fromstring(sys.stdin.buffer.read()))))
except ET.ParseError as error:
    print(str(error), file=sys.stderr)
    sys.exit(2)
`;

/** The document's tree (namespaces dropped from names); throws with expat's message when ill-formed. */
export function parseXmlStrict(xml: string): XmlNode {
	const result = spawnSync('python3', ['-c', SCRIPT], {
		input: xml,
		encoding: 'utf8',
		maxBuffer: 64 * 1024 * 1024
	});
	if (result.status !== 0) throw new Error(`ill-formed XML: ${result.stderr.trim()}`);
	return JSON.parse(result.stdout) as XmlNode;
}

/** Every descendant of `node` named `tag`, in document order. */
export function findAll(node: XmlNode, tag: string): XmlNode[] {
	return node.children.flatMap((child) => [
		...(child.tag === tag ? [child] : []),
		...findAll(child, tag)
	]);
}
