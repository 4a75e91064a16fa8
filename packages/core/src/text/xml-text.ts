/**
 * Every code point XML 1.0 forbids: outside its `Char` production (tab, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD,
 * U+10000–U+10FFFF), that is the other C0 controls, U+FFFE, U+FFFF and a lone surrogate. Evidence text may carry
 * any of them, and one makes a GraphML, GEXF or XLSX file that its reader refuses.
 */
export const NOT_XML_CHAR = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

/**
 * Text for an XML attribute or element: a character XML forbids becomes U+FFFD (seen, never silently dropped);
 * markup characters, tab and line breaks become character references, so that an attribute keeps them too.
 */
export function xmlEscape(s: string): string {
  return s.replace(NOT_XML_CHAR, '\ufffd').replace(/[&<>"'\t\n\r]/g, (c) => `&#${c.charCodeAt(0)};`);
}
