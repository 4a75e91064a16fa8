import type { ChatRow, IssueRow, MessageRow, ParsedRecord } from '../model/tables.ts';
import { privateChatSides } from '../identifiers/private-chat-id.ts';

/**
 * One message per (chat, message id) in the store (docs/formats/telegram.md, "One message per key"). A Telegram
 * export ingested after another that holds some of the same messages (the same channel exported twice, a truncated
 * then a complete file, a minified copy) gives records whose key is already stored from another evidence file:
 *
 * - a copy equal to a stored one (text, times, author, reply, forward, bot, media, action; the author by user id
 *   where the copy has one, so a display name changed between two exports is the same author) is not stored again,
 *   and neither are its mentions, labels and memberships (the stored message has its own, from the same text);
 * - a copy that differs (an edited text, a later edit mark) is a **version**: it is stored under the message id
 *   `<id>~<first 8 hex of its evidence id>`, with its own mentions and labels, and a warning names both files;
 * - a chat row equal to a stored one (type and title) is not stored again.
 *
 * Mentions and labels follow their message (they come after it from the parsers), so one message's labels and
 * identifiers never attach to another's text. Ids a file qualified with its own evidence (`mailboxMessageId`)
 * cannot be stored already and are not looked up.
 */
export interface StoredTelegram {
  /** Stored chat rows by chat id (any evidence). */
  chats(): Promise<Map<string, Array<Pick<ChatRow, 'type' | 'title'>>>>;
  /** Stored messages of one chat (any evidence). */
  messages(chatId: string): AsyncIterable<MessageRow>;
}

/**
 * Content of a message as hashes: the text and the edit mark (53 bits), and each other compared field (30 bits, so
 * that V8 keeps them as small integers), so that a version's warning can name what differs.
 */
interface Print {
  evidenceId: string;
  locator: string;
  text: number;
  edited: number;
  time: number;
  /** The author's user id where the copy has one (display names change), else the display name. */
  author: number;
  reply: number;
  forward: number;
  bot: number;
  media: number;
  action: number;
}

/** The compared fields after the text, in the order a version's warning names them. */
const FIELDS = [
  ['edited', 'edit mark'],
  ['time', 'time'],
  ['author', 'author'],
  ['reply', 'reply'],
  ['forward', 'forward'],
  ['bot', 'bot'],
  ['media', 'media'],
  ['action', 'action'],
] as const satisfies ReadonlyArray<readonly [keyof Print, string]>;

/** The names of the fields in which two prints differ (`text`, `edit mark`, `time`, `author` …). */
function differences(a: Print, b: Print): string[] {
  const out = a.text !== b.text ? ['text'] : [];
  for (const [f, name] of FIELDS) if (a[f] !== b[f]) out.push(name);
  return out;
}

/** The suffix a version's message id carries: `~` + the first 8 hex of its evidence id. */
export function versionMessageId(messageId: string, evidenceId: string): string {
  return `${messageId}~${evidenceId.slice(0, 8)}`;
}

/**
 * What one ingest run (several files, e.g. the pages messages.html … messages99.html of one HTML chat) learnt of
 * the stored chats: read from the store once, then kept up to date with what each file stored (`stored`, `commit`),
 * so that page k does not read pages 1 … k−1 again. It holds the prints of every stored chat a file of the run met
 * (from page 2 of an HTML chat on, every message of that chat); a chat the store did not hold when a file of it came
 * (the first file of one large export) is never read, and nothing of it is held.
 */
export class DedupeRunCache {
  /** Stored chat rows by chat id. */
  chats: Map<string, Array<Pick<ChatRow, 'type' | 'title'>>> | undefined;
  /** Per stored chat a file met: message id (a version's too, under its base id) → prints. */
  readonly prints = new Map<string, Map<string, Print[]>>();
  /**
   * Per stored private chat of two known sides (`tg:chat:<id>_<id>`) a file met: a message's author and second
   * (`mirrorSlot`) → the stored messages there, so that the other side's copy, numbered in the other phone's message
   * box, is known.
   */
  readonly mirrors = new Map<string, Map<number, Mirror[]>>();
}

/** A stored message of a private chat, as the other side's copy of it finds it. */
interface Mirror {
  messageId: string;
  /** `u<owner>`: the message box (phone) the stored copy came from. */
  box: string;
  print: Print;
}

export class MessageDedupe {
  /** This file's stored chats and messages (base id and print), for the run's cache once the file is in (`stored`). */
  readonly #admitted: Array<{ chatId: string; base: string; print: Print }> = [];
  readonly #admittedMirrors: Array<{ chatId: string; slot: number; mirror: Mirror }> = [];
  /** Messages of this file that are the other side's copy of a stored one: key → the stored message's id. */
  readonly #mirrorOf = new Map<string, string>();
  /** Messages not stored because the other side's phone gave them already. */
  mirrored = 0;
  readonly #admittedChats: ChatRow[] = [];
  /** Keys of this file's messages not stored (`null`) or stored as a version (the new id). */
  readonly #fate = new Map<string, string | null>();
  /**
   * Chat + locator of this file's messages not stored: a membership carries no message id, only the locator of the
   * service message (or first post) it was read from, which comes just before it in the same file.
   */
  readonly #droppedAt = new Set<string>();
  dropped = 0;
  versions = 0;

  /** Copies of stored messages met in this file: key → the stored message's id, evidence and locator. */
  readonly #copies = new Map<string, { messageId: string; evidenceId: string; locator: string }>();

  /**
   * The stored message this file's message (chat, id) is a copy of (not stored again): its id (another one for the
   * other side's copy of a private chat), evidence and locator, so that a label the chat gives the copy is stored on
   * the message the case holds.
   */
  copyOf(
    chatId: string,
    messageId: string,
  ): { messageId: string; evidenceId: string; locator: string } | undefined {
    return this.#copies.get(key(chatId, messageId));
  }
  chatsDropped = 0;

  constructor(
    private readonly evidenceId: string,
    private readonly lookup: StoredTelegram,
    private readonly run: DedupeRunCache = new DedupeRunCache(),
  ) {}

  /**
   * The store kept this record (an admitted one: `admit` gave it, and the store did not refuse it): the run's cache
   * learns it once the file commits. A record the store refused (quarantined) never joins.
   */
  stored(rec: ParsedRecord): void {
    if (rec.table === 'messages' && this.run.mirrors.has(rec.row.chatId)) {
      const box = mirrorBox(rec.row);
      if (box !== null)
        this.#admittedMirrors.push({
          chatId: rec.row.chatId,
          slot: mirrorSlot(rec.row),
          mirror: { messageId: rec.row.messageId, box, print: print(rec.row) },
        });
    }
    if (rec.table === 'chats') this.#admittedChats.push(rec.row);
    else if (rec.table === 'messages' && this.run.prints.has(rec.row.chatId)) {
      const id = rec.row.messageId;
      const tilde = id.lastIndexOf('~');
      this.#admitted.push({
        chatId: rec.row.chatId,
        base: tilde > 0 ? id.slice(0, tilde) : id,
        print: print(rec.row),
      });
    }
  }

  /** The file is in the case: what it stored joins the run's picture of the stored chats. */
  commit(): void {
    if (this.run.chats)
      for (const c of this.#admittedChats) {
        const list = this.run.chats.get(c.chatId);
        if (list) list.push({ type: c.type, title: c.title });
        else this.run.chats.set(c.chatId, [{ type: c.type, title: c.title }]);
      }
    for (const a of this.#admitted) {
      const map = this.run.prints.get(a.chatId);
      if (!map) continue;
      const list = map.get(a.base);
      if (list) list.push(a.print);
      else map.set(a.base, [a.print]);
    }
    for (const a of this.#admittedMirrors) {
      const map = this.run.mirrors.get(a.chatId);
      if (map) addMirror(map, a.slot, a.mirror);
    }
    this.#admitted.length = 0;
    this.#admittedChats.length = 0;
    this.#admittedMirrors.length = 0;
  }

  /**
   * The record to store (its message id possibly rewritten), or null when the store already holds it; with the
   * issue that says so for a version.
   */
  /** Stored chat ids by title, built once per file from the chats the store held when the file began. */
  #byTitle: Map<string, string[]> | undefined;
  #titles(all: Map<string, Array<Pick<ChatRow, 'type' | 'title'>>>): Map<string, string[]> {
    if (this.#byTitle) return this.#byTitle;
    const out = new Map<string, string[]>();
    for (const [id, rows] of all)
      for (const t of new Set(rows.map((r) => r.title)))
        if (t) {
          const ids = out.get(t);
          if (ids) ids.push(id);
          else out.set(t, [id]);
        }
    this.#byTitle = out;
    return out;
  }

  async admit(rec: ParsedRecord): Promise<{ record: ParsedRecord | null; issue?: IssueRow }> {
    if (rec.table === 'chats') {
      const all = await this.#chats();
      const c = rec.row;
      const stored = all.get(c.chatId);
      if (stored?.some((s) => s.type === c.type && s.title === c.title)) {
        this.chatsDropped++;
        return { record: null };
      }
      // An HTML chat has no id of its own (its id is its folder and title): one with this title already stored from
      // another folder, or from a JSON export (whose chat has its real id), may be the same chat exported again, whose
      // messages are then stored twice; so may a JSON chat whose title an HTML chat stored already has. Say so.
      const html = c.chatId.startsWith(HTML_CHAT);
      const twins =
        !stored && c.title && c.title !== DELETED
          ? (this.#titles(all).get(c.title) ?? []).filter(
              (id) => id !== c.chatId && (html || id.startsWith(HTML_CHAT)),
            )
          : [];
      // A JSON export's chat (its real id) is named before another HTML copy.
      const twinId = twins.find((id) => !id.startsWith(HTML_CHAT)) ?? twins[0];
      if (twinId === undefined) return { record: rec };
      const what = html
        ? twinId.startsWith(HTML_CHAT)
          ? `an HTML chat titled ${JSON.stringify(c.title)} is already in the case from another folder (${twinId})`
          : privateChatSides(twinId) !== null
            ? // A private chat's title is the other side's name: many people's chats with one dealer share it.
              `a private chat titled ${JSON.stringify(c.title)} is already in the case from a JSON export (${twinId}, between tg:user:${privateChatSides(twinId)!.join(' and tg:user:')}): if this HTML is one of those two people's phones, the conversation is stored twice`
            : `a chat titled ${JSON.stringify(c.title)} is already in the case from a JSON export (${twinId})`
        : `an HTML chat titled ${JSON.stringify(c.title)} is already in the case (${twinId})`;
      return {
        record: rec,
        issue: {
          evidenceId: this.evidenceId,
          locator: c.locator,
          severity: 'warning',
          reason: what.endsWith('stored twice')
            ? `${what} (HTML exports carry no user ids; docs/formats/telegram.md, "Private chats across phones")`
            : `${what}: if this is the same chat exported again, its messages are stored twice (HTML exports carry no chat id; ingest the JSON export alone; docs/formats/telegram.md)`,
          raw: null,
        },
      };
    }
    if (rec.table === 'mentions' || rec.table === 'message_labels') {
      if (this.#fate.size === 0) return { record: rec };
      const fate = this.#fate.get(key(rec.row.chatId, rec.row.messageId));
      if (fate === undefined) return { record: rec };
      if (fate === null) return { record: null };
      rec.row.messageId = fate;
      return { record: rec };
    }
    if (rec.table === 'memberships') {
      // One event, one link: the membership read from a message the case already holds (the same group exported
      // from two phones) is that message's, already stored with it; counting it again would count phones.
      if (this.#droppedAt.size > 0 && this.#droppedAt.has(key(rec.row.chatId, rec.row.locator)))
        return { record: null };
      return { record: rec };
    }
    if (rec.table !== 'messages') return { record: rec };
    const m = rec.row;
    if (m.replyTo !== null && this.#mirrorOf.size > 0)
      m.replyTo = this.#mirrorOf.get(key(m.chatId, m.replyTo)) ?? m.replyTo;
    if (/^[0-9a-f]{8}:/.test(m.messageId) && m.messageId.startsWith(this.evidenceId.slice(0, 8)))
      return { record: rec };
    const prints = await this.#printsOf(m.chatId);
    const known = prints?.get(m.messageId);
    if (!known) return this.#mirror(rec, m) ?? { record: rec };
    const p = print(m);
    const same = known.find((s) => differences(s, p).length === 0);
    if (same) {
      this.dropped++;
      return this.#dropCopy(m, {
        messageId: m.messageId,
        evidenceId: same.evidenceId,
        locator: same.locator,
      });
    }
    const first = known[0]!;
    const what = differences(first, p);
    const id = versionMessageId(m.messageId, this.evidenceId);
    return this.#keepVersion(
      rec,
      m,
      id,
      `message ${m.messageId} of ${m.chatId} is already stored from evidence ${first.evidenceId.slice(0, 12)}… with a different ${what.join(', ') || 'content'} (an edit, or a changed export): this copy is kept as the version ${id}`,
    );
  }

  /**
   * The other side's phone's copy of a stored private-chat message (the same author and second in the same pair chat,
   * from another message box): not stored again when the rest is the same (its reply points into its own box, so it
   * is not compared); a version of the stored message when it differs (edited on one phone), with the warning naming
   * what differs. Undefined: no such stored message (or more than one: two messages of one author in one second that
   * differ from this one), and the message is stored as it is.
   */
  #mirror(rec: ParsedRecord, m: MessageRow): { record: ParsedRecord | null; issue?: IssueRow } | undefined {
    const box = mirrorBox(m);
    const slot = box === null ? undefined : this.run.mirrors.get(m.chatId)?.get(mirrorSlot(m));
    const others = slot?.filter((x) => x.box !== box) ?? [];
    if (others.length === 0) return undefined;
    const p = print(m);
    const what = (x: Mirror) => differences(x.print, p).filter((d) => d !== 'reply');
    const same = others.find((x) => what(x).length === 0);
    const k = key(m.chatId, m.messageId);
    if (same) {
      this.#mirrorOf.set(k, same.messageId);
      this.mirrored++;
      return this.#dropCopy(m, {
        messageId: same.messageId,
        evidenceId: same.print.evidenceId,
        locator: same.print.locator,
      });
    }
    if (others.length > 1) return undefined;
    const first = others[0]!;
    const id = versionMessageId(first.messageId, this.evidenceId);
    this.#mirrorOf.set(k, first.messageId);
    return this.#keepVersion(
      rec,
      m,
      id,
      `message ${m.messageId} of ${m.chatId} is the other side's phone's copy of message ${first.messageId} (same author and time, evidence ${first.print.evidenceId.slice(0, 12)}…) with a different ${what(first).join(', ')} (an edit on one phone): this copy is kept as the version ${id}`,
    );
  }

  /** A copy of the stored message `kept`: not stored; its mentions, labels and membership neither. */
  #dropCopy(
    m: MessageRow,
    kept: { messageId: string; evidenceId: string; locator: string },
  ): { record: null } {
    const k = key(m.chatId, m.messageId);
    this.#fate.set(k, null);
    this.#droppedAt.add(key(m.chatId, m.locator));
    this.#copies.set(k, kept);
    return { record: null };
  }

  /** A differing copy: stored under the version id `id` (its mentions and labels follow), with a warning. */
  #keepVersion(
    rec: ParsedRecord,
    m: MessageRow,
    id: string,
    reason: string,
  ): { record: ParsedRecord; issue: IssueRow } {
    this.#fate.set(key(m.chatId, m.messageId), id);
    this.versions++;
    m.messageId = id;
    return {
      record: rec,
      issue: { evidenceId: this.evidenceId, locator: m.locator, severity: 'warning', reason, raw: null },
    };
  }

  /** The file-level summary, when copies were met. */
  summary(): IssueRow | undefined {
    if (this.dropped === 0 && this.versions === 0 && this.mirrored === 0) return undefined;
    const parts: string[] = [];
    if (this.dropped > 0 || this.versions > 0)
      parts.push(
        `${this.dropped} message(s) already stored from another file (same chat and message id, same content) were not stored again`,
      );
    if (this.mirrored > 0)
      parts.push(
        `${this.mirrored} message(s) of private chats already stored from the other side's phone (same two people, author, time and content; each phone numbers them its own way) were not stored again`,
      );
    if (this.versions > 0)
      parts.push(
        `${this.versions} differing copies were kept as versions <id>~${this.evidenceId.slice(0, 8)}`,
      );
    return {
      evidenceId: this.evidenceId,
      locator: 'file',
      severity: 'warning',
      reason: `${parts.join('; ')} (docs/formats/telegram.md, "One message per key")`,
      raw: null,
    };
  }

  async #chats(): Promise<Map<string, Array<Pick<ChatRow, 'type' | 'title'>>>> {
    this.run.chats ??= await this.lookup.chats();
    return this.run.chats;
  }

  async #printsOf(chatId: string): Promise<Map<string, Print[]> | undefined> {
    const have = this.run.prints.get(chatId);
    if (have) return have;
    if (!(await this.#chats()).has(chatId)) return undefined;
    const map = new Map<string, Print[]>();
    const mirrors = privateChatSides(chatId) !== null ? new Map<number, Mirror[]>() : undefined;
    for await (const s of this.lookup.messages(chatId)) {
      if (s.evidenceId === this.evidenceId) continue;
      const box = mirrors ? mirrorBox(s) : null;
      if (mirrors && box !== null)
        addMirror(mirrors, mirrorSlot(s), { messageId: s.messageId, box, print: print(s) });
      const tilde = s.messageId.lastIndexOf('~');
      const base = tilde > 0 ? s.messageId.slice(0, tilde) : s.messageId;
      const list = map.get(base);
      const p = print(s);
      if (list) list.push(p);
      else map.set(base, [p]);
    }
    this.run.prints.set(chatId, map);
    if (mirrors) this.run.mirrors.set(chatId, mirrors);
    return map;
  }
}

/** The id prefix of a chat read from an HTML export (telegram-html `htmlChatId`). */
const HTML_CHAT = 'tg:chat:html-';
/** The name Telegram gives every deleted account's chat: many chats of one export share it. */
const DELETED = 'Deleted Account';

/** The message box (`u<owner>`) a private chat's message was numbered in, or null (no owner known: no mirror). */
function mirrorBox(m: Pick<MessageRow, 'messageId'>): string | null {
  return /^(u\d+):/.exec(m.messageId)?.[1] ?? null;
}

/** Where the other side's copy of a private-chat message is looked for: its author and its second. */
function mirrorSlot(m: MessageRow): number {
  return hash53(`${instant(m.timestamp)}\u0000${m.authorId ?? ''}`);
}

function addMirror(map: Map<number, Mirror[]>, slot: number, mirror: Mirror): void {
  const list = map.get(slot);
  if (list) list.push(mirror);
  else map.set(slot, [mirror]);
}

function key(chatId: string, messageId: string): string {
  return `${chatId}\u0000${messageId}`;
}

function instant(s: string | null): string {
  if (s === null) return '';
  const t = Date.parse(s);
  return Number.isNaN(t) ? s : String(t);
}

function print(m: MessageRow): Print {
  return {
    evidenceId: m.evidenceId,
    locator: m.locator,
    text: hash53(m.text ?? ''),
    edited: hash53(instant(m.edited)),
    time: hash30(instant(m.timestamp)),
    // By id where the copy has one: the same account under another display name (a renamed contact, a name
    // changed between two exports) is the same author. A copy with an id and one with a name only differ.
    author: hash30(m.authorId !== null ? `id\u0000${m.authorId}` : `name\u0000${m.authorName ?? ''}`),
    reply: hash30(m.replyTo ?? ''),
    forward: hash30(m.forwardedFrom ?? ''),
    bot: hash30(m.viaBot ?? ''),
    media: hash30(m.mediaKind ?? ''),
    action: hash30(m.action ?? ''),
  };
}

/** 30 bits of `hash53` (a small integer in V8: no heap number per field). */
function hash30(s: string): number {
  return hash53(s) % 1073741824;
}

/** cyrb53: a 53-bit string hash (collisions ≈ 2⁻⁵³ a pair), so a large stored chat costs numbers, not texts. */
function hash53(s: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
