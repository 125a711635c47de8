import 'server-only';

/** XML text escaping as SQS does it: `"` → `&quot;` and `\r` → `&#xD;` too (aws-reference C.1). */
export function xmlEscape(s: string): string {
  return s.replace(/[&<>"'\r]/g, (c) => XML_ENTITIES[c] ?? c);
}

const XML_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\r': '&#xD;',
};

/** A tiny XML tree for compact, one-line AWS-style responses. */
export type XmlNode = { name: string; text?: string; children?: XmlNode[]; attrs?: Record<string, string> };

export function renderXml(node: XmlNode): string {
  const attrs = Object.entries(node.attrs ?? {})
    .map(([k, v]) => ` ${k}="${xmlEscape(v)}"`)
    .join('');
  if (node.children && node.children.length > 0) {
    return `<${node.name}${attrs}>${node.children.map(renderXml).join('')}</${node.name}>`;
  }
  if (node.text === undefined || node.text === '') return `<${node.name}${attrs}/>`;
  return `<${node.name}${attrs}>${xmlEscape(node.text)}</${node.name}>`;
}

/** Shorthand: element with text. */
export function el(name: string, text: string | number | boolean): XmlNode {
  return { name, text: String(text) };
}

/** Shorthand: element with children. */
export function node(name: string, children: XmlNode[]): XmlNode {
  return { name, children };
}

export const XML_DECLARATION = '<?xml version="1.0"?>';
