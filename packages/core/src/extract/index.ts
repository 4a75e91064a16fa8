/**
 * Identifiers in free text (messages, references, descriptions). OWNER: identifiers helper. Agreed API:
 *
 * export interface Extraction {
 *   kind: 'card' | 'iban' | 'phone' | 'tron' | 'btc' | 'eth' | 'tg' | 'url' | 'onion' | 'coordinates' | 'iin' | 'email';
 *   raw: string;            // the text as written
 *   start: number;          // UTF-16 offsets into the text, end exclusive
 *   end: number;
 *   identifier: string | null;   // CONTRACT §2 form (`card:…`, `tg:@shop_bot`, `geo:43.29,68.27` for coordinates, the URL for links)
 *   validated: boolean;     // passed its checksum / parser
 * }
 * export function extractIdentifiers(text: string): Extraction[]
 *
 * A digit string that fails Luhn is not a card (it may be reported with validated=false only when it looks
 * like one by grouping, never as `card:`).
 */
export {};
