/**
 * Evidence bytes → text. OWNER: canonical-CSV helper. Agreed API:
 * - `detectEncoding(head: Uint8Array)` → 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1251' (BOM, NUL
 *    pattern, UTF-8 validity, Cyrillic letter statistics)
 * - `decodeChunks(chunks: AsyncIterable<Uint8Array>, encoding)` → AsyncIterable<string> (BOM stripped,
 *    multi-byte sequences split across chunks handled; uses TextDecoder, which runs in Node and browsers)
 * - `readCsvRecords(text: AsyncIterable<string>, options?)` → AsyncIterable<{ line: number; fields: string[]; raw: string }>
 *    RFC 4180 streaming CSV (quotes, embedded newlines, `;` `,` `\t` delimiter sniffing), `line` = 1-based
 *    physical line where the record starts (locator `row:<line>`).
 */
export {};
