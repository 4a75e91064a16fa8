/** The chat types Telegram Desktop writes in a single-chat export's root `type` (export_output_json.cpp). */
const CHAT_TYPES = new Set([
  'personal_chat',
  'bot_chat',
  'private_group',
  'private_supergroup',
  'public_supergroup',
  'private_channel',
  'public_channel',
  'saved_messages',
  'replies',
  'verification_codes',
]);

/**
 * Telegram Desktop JSON exports, recognised by content (docs/formats/telegram.md, "Detection"): a single-chat
 * `result.json` is an object `{"name":…,"type":"<chat type>","id":<integer>,"messages":[` (saved messages omit
 * `name`): its root holds a chat `type` Telegram writes and an integer `id` before its `"messages"` array. A
 * full-account export starts `{"about": "Here is the data you requested…"` or has a `chats`/`personal_information`
 * section. The file name is no evidence: a `result.json` of another program is not recognised.
 */
export function detectTelegramJson(head: Uint8Array, _fileName: string): number {
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
  const root = singleChatRoot(t);
  return root && CHAT_TYPES.has(root.type ?? '') && root.integerId ? 0.95 : 0;
}

/**
 * Reads the root object's members up to `"messages": [`: the string `type` and whether `id` is an integer. Undefined
 * when the root ends or has no `"messages"` array within the head (members nested deeper never count), or when a
 * member is not JSON.
 */
function singleChatRoot(t: string): { type: string | undefined; integerId: boolean } | undefined {
  let type: string | undefined;
  let integerId = false;
  let pos = 1;
  const ws = () => {
    while (pos < t.length && /\s/.test(t[pos]!)) pos++;
  };
  for (;;) {
    ws();
    if (t[pos] !== '"') return undefined;
    const key = readString(t, pos);
    if (!key) return undefined;
    pos = key.end;
    ws();
    if (t[pos] !== ':') return undefined;
    pos++;
    ws();
    if (key.value === 'messages') return t[pos] === '[' ? { type, integerId } : undefined;
    const start = pos;
    const end = skipValue(t, pos);
    if (end === undefined) return undefined;
    pos = end;
    if (key.value === 'type') type = t[start] === '"' ? readString(t, start)?.value : undefined;
    if (key.value === 'id') integerId = /^-?\d+$/.test(t.slice(start, end));
    ws();
    // A missing comma is a syntax error for the parser to name with its line, not a reason to not recognise it.
    if (t[pos] === ',') pos++;
  }
}

/** The JSON string starting at `t[pos]` (a quote) and the index after it; undefined if cut off or broken. */
function readString(t: string, pos: number): { value: string; end: number } | undefined {
  let i = pos + 1;
  while (i < t.length) {
    const c = t[i];
    if (c === '\\') i += 2;
    else if (c === '"') break;
    else i++;
  }
  if (i >= t.length) return undefined;
  try {
    return { value: JSON.parse(t.slice(pos, i + 1)) as string, end: i + 1 };
  } catch {
    return undefined;
  }
}

/** The index after the JSON value starting at `t[pos]` (strings, numbers, literals, nested containers). */
function skipValue(t: string, pos: number): number | undefined {
  const c = t[pos];
  if (c === '"') return readString(t, pos)?.end;
  if (c === '{' || c === '[') {
    let depth = 0;
    let i = pos;
    while (i < t.length) {
      const d = t[i]!;
      if (d === '"') {
        const s = readString(t, i);
        if (!s) return undefined;
        i = s.end;
        continue;
      }
      if (d === '{' || d === '[') depth++;
      else if (d === '}' || d === ']') {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
    return undefined;
  }
  const m = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(t.slice(pos, pos + 64));
  return m ? pos + m[0].length : undefined;
}
