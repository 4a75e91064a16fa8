/**
 * Identifier normalisation and validation (CONTRACT §2, docs/identifiers.md). One file per kind;
 * `normalizeIdentifier` dispatches on prefix or shape.
 */
export { base58CheckDecode, base58Decode, base58Encode } from './base58.ts';
export { identifierKindOf, isNormalForm } from './identifier-kind-of.ts';
export { type BtcAddress, type BtcNetwork, decodeBtcAddress, normalizeBtc } from './normalize-btc.ts';
export { CARD_MASK_CHARS, isLuhnValid, normalizeCard } from './normalize-card.ts';
export { normalizeEmail } from './normalize-email.ts';
export { isEip55Checksum, normalizeEth } from './normalize-eth.ts';
export { exchangeSlug, normalizeExchangeAccount } from './normalize-exchange-account.ts';
export { normalizeAccount } from './normalize-account.ts';
export { normalizeIban } from './normalize-iban.ts';
export { normalizeIdentifier } from './normalize-identifier.ts';
export { normalizeIin } from './normalize-iin.ts';
export { normalizePhone } from './normalize-phone.ts';
export type { NormalizeResult } from './normalize-result.ts';
export {
  isTelegramUsername,
  type NormalizeTelegramOptions,
  normalizeTelegram,
  telegramPhoneLink,
} from './normalize-telegram.ts';
export { normalizeTron } from './normalize-tron.ts';
export { privateChatId, privateChatSides } from './private-chat-id.ts';
export { normalizeUrl } from './normalize-url.ts';
export { type IinInfo, iinCheckDigit, parseIin } from './parse-iin.ts';
