/**
 * Telegram Desktop JSON exports, recognised by content: a single-chat `result.json` starts with
 * `{"name":…,"type":…,"id":…,"messages":[` (saved messages omit `name`), a full-account export with
 * `{"about": "Here is the data you requested…"` and a `chats`/`personal_information` section.
 */
export function detectTelegramJson(head: Uint8Array, fileName: string): number {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head.subarray(0, 65536));
  const t = text.replace(/^\uFEFF/, '').trimStart();
  if (!t.startsWith('{')) return 0;
  if (/"about"\s*:\s*"Here is the data you requested/.test(t)) return 0.97;
  if (
    /^\{\s*"(personal_information|chats|contacts|about)"\s*:/.test(t) &&
    /"chats"\s*:\s*\{\s*"about"|"personal_information"\s*:/.test(t)
  ) {
    return 0.9;
  }
  const chatType =
    /"type"\s*:\s*"(personal_chat|bot_chat|private_group|private_supergroup|public_supergroup|private_channel|public_channel|saved_messages|replies|verification_codes)"/.test(
      t,
    );
  const messages = /"messages"\s*:\s*\[/.test(t);
  const hasId = /"id"\s*:\s*-?\d+/.test(t);
  if (chatType && messages && hasId) return 0.95;
  if (messages && hasId && /"(from_id|date_unixtime|text_entities)"\s*:/.test(t)) return 0.85;
  if (chatType && hasId) return 0.7;
  return /result\.json$/i.test(fileName) && messages ? 0.6 : 0;
}
