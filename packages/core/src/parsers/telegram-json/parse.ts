import { geoId } from '../../extract/index.ts';
import type { ChatType, IssueRow, MembershipRow, MessageRow, ParsedRecord } from '../../model/tables.ts';
import { CheckedUtf8Decoder } from '../../text/decode-chunks.ts';
import { emptyFileReason } from '../empty-file.ts';
import { type ParseContext, type ParseItem, stoppedHere } from '../parser.ts';
import { flattenText } from './flatten-text.ts';
import { JsonSyntaxError, JsonWalker, type WalkHandler, type WalkMode } from './json-stream.ts';
import { privateChatId } from '../../identifiers/private-chat-id.ts';
import { MAILBOX_CHAT_TYPES } from './mailbox-id.ts';
import { loadLabeller, messageExtras } from './message-extras.ts';
import { wallTimeProblem } from '../../text/wall-time.ts';
import { storedPhone, TgUserRows } from './tg-users.ts';

const CHAT_TYPES: Record<string, ChatType> = {
  personal_chat: 'private',
  bot_chat: 'bot',
  private_group: 'group',
  private_supergroup: 'supergroup',
  public_supergroup: 'supergroup',
  private_channel: 'channel',
  public_channel: 'channel',
  saved_messages: 'saved',
  replies: 'unknown',
  verification_codes: 'unknown',
};

const MEDIA_TYPES = new Set([
  'sticker',
  'video_message',
  'voice_message',
  'animation',
  'video_file',
  'audio_file',
]);

/** Every message field of EXPORT-FORMAT.md (and later additions); anything else is reported once per file. */
const KNOWN_FIELDS = new Set(
  (
    'id type date date_unixtime edited edited_unixtime from from_id actor actor_id action author forwarded_from ' +
    'forwarded_from_id saved_from saved_from_id reply_to_message_id reply_to_peer_id via_bot photo photo_file_size ' +
    'width height self_destruct_period_seconds file file_name file_size thumbnail thumbnail_file_size media_type ' +
    'media_spoiler sticker_emoji performer title mime_type duration_seconds contact_information contact_vcard ' +
    'location_information live_location_period_seconds place_name address game_title game_description game_link ' +
    'game_message_id invoice_information poll text text_entities reactions inline_bot_buttons members message_id ' +
    'inviter amount currency invoice_message_id recurring recurring_init recurring_used discard_reason values distance to to_id score ' +
    'duration period schedule_date emoticon cost months new_title new_icon_emoji_id button_id peer_id peer_ids ' +
    'is_forum is_anonymous boost_count stars gift_code giveaway_information giveaway_results information_text ' +
    'todo_list story sender_id paid_stars_amount'
  ).split(' '),
);

const MESSAGE_TYPES = new Set(['message', 'service', 'unsupported']);

interface ChatCtx {
  rawId: string | null;
  chatId: string | null;
  type: ChatType;
  rawType: string | null;
  title: string | null;
  emitted: boolean;
  prefixLocator: boolean;
  posters: Set<string>;
  /** Telegram ids ascend within a chat; the last one is enough to spot duplicates (memory stays flat). */
  lastId: number | null;
  index: number;
  /**
   * What a per-account (mailbox) message id is qualified with: `u<owner's user id>` when the export says whose
   * account it is, else the evidence prefix; null while a single-chat export's records wait for the owner.
   */
  qualifier: string | null;
  /** Records held until the owner of a single-chat personal or bot chat shows (`OWNER_WAIT` messages at most). */
  held: ParsedRecord[] | null;
}

function newChat(prefixLocator: boolean): ChatCtx {
  return {
    rawId: null,
    chatId: null,
    type: 'unknown',
    rawType: null,
    title: null,
    emitted: false,
    prefixLocator,
    posters: new Set(),
    lastId: null,
    index: 0,
    qualifier: null,
    held: null,
  };
}

/** Messages a single-chat export's records wait for the account owner to write (docs/formats/telegram.md). */
const OWNER_WAIT = 1000;
/** Stands for the qualifier in the ids of held records (no stored id holds a NUL). */
const PENDING = '\u0000';

const PEER_CACHE = 4096;

const DATE_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;
const UNIX_RE = /^\d{1,12}$/;
/** 9999-12-31T23:59:59Z: the last instant a store timestamp (4-digit year) holds. */
const MAX_UNIX = 253_402_300_799;

/** `wallTimeProblem` of a `date` that matched DATE_RE (old exports' wall time). */
function localTimeProblem(d: string): string | undefined {
  return wallTimeProblem(
    Number(d.slice(0, 4)),
    Number(d.slice(5, 7)),
    Number(d.slice(8, 10)),
    Number(d.slice(11, 13)),
    Number(d.slice(14, 16)),
    Number(d.slice(17, 19)),
  );
}

// Shared decisions: `decide` runs once per message, so no fresh object each time.
const CAPTURE: { mode: WalkMode } = { mode: 'capture' };
const SKIP: { mode: WalkMode } = { mode: 'skip' };
const DESCEND_MESSAGES: { mode: WalkMode; role: string } = { mode: 'descend', role: 'messages' };
const DESCEND_CHAT: { mode: WalkMode; role: string } = { mode: 'descend', role: 'chat' };

let cachedDay = Number.NaN;
let cachedDayPrefix = '';
const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/**
 * `new Date(s * 1000).toISOString()` for whole seconds ≥ 0. Messages come in date order, so the date part
 * is built once per day and only the time of day per message.
 */
function isoFromUnix(s: number): string {
  const day = Math.floor(s / 86_400);
  if (day !== cachedDay) {
    cachedDay = day;
    cachedDayPrefix = new Date(day * 86_400_000).toISOString().slice(0, -13);
  }
  const t = s - day * 86_400;
  return `${cachedDayPrefix}${pad2(Math.floor(t / 3600))}:${pad2(Math.floor(t / 60) % 60)}:${pad2(t % 60)}.000Z`;
}

/** Turns the walker's events into Dragnet records. */
class TelegramJsonHandler implements WalkHandler {
  readonly out: ParseItem[] = [];
  private chat: ChatCtx = newChat(false);
  private readonly users: TgUserRows;
  /** Display name last passed to `user` per author: skips building the Set key for every message. */
  private readonly authorNames = new Map<string, string | null>();
  /** `from_id` strings repeat on every message of an author. */
  private readonly peers = new Map<string, string>();
  private readonly warned = new Set<string>();
  private readonly unknownFields = new Map<string, number>();
  /** The exporting account's user id (`personal_information.user_id` of a full-account export). */
  private owner: string | null = null;
  /** The walker's line of the value in hand (`JsonWalker.valueLine`). */
  valueLine: (() => number) | null = null;
  /** Set while a message is turned into records: its issues name the line where it starts. */
  private inMessage = false;
  localDates = 0;
  chats = 0;
  messages = 0;
  services = 0;

  constructor(private readonly ctx: ParseContext) {
    this.users = new TgUserRows(ctx.evidenceId, (row) => this.record({ table: 'tg_users', row }));
  }

  decide(parentRole: string, key: string | null, first: string): { mode: WalkMode; role?: string } {
    const container = first === '{' || first === '[';
    switch (parentRole) {
      case 'root':
        if (key === 'messages') return DESCEND_MESSAGES;
        if (key === 'chats' || key === 'left_chats') {
          return { mode: 'descend', role: 'section' };
        }
        if (key === 'contacts' || key === 'frequent_contacts')
          return { mode: 'descend', role: `${key}-section` };
        if (key === 'personal_information') return CAPTURE;
        // Deliberately ignored sections (docs/formats/telegram.md): account-level, no case facts.
        return container ? SKIP : CAPTURE;
      case 'section':
        return key === 'list' ? { mode: 'descend', role: 'chat-list' } : container ? SKIP : CAPTURE;
      case 'chat-list':
        return DESCEND_CHAT;
      case 'chat':
        if (key === 'messages') return DESCEND_MESSAGES;
        return container ? SKIP : CAPTURE;
      case 'contacts-section':
      case 'frequent_contacts-section':
        return key === 'list'
          ? { mode: 'descend', role: parentRole.replace('-section', '-list') }
          : container
            ? SKIP
            : CAPTURE;
      default:
        return CAPTURE;
    }
  }

  enter(role: string): void {
    if (role === 'chat') this.chat = newChat(true);
    if (role === 'messages') this.emitChat();
  }

  leave(role: string): void {
    if (role === 'chat' || role === 'root') {
      this.emitChat();
      this.release(this.chat.qualifier ?? this.ctx.evidenceId.slice(0, 8));
    }
  }

  value(parentRole: string, key: string | null, v: unknown): void {
    if (parentRole === 'messages') {
      if (!this.chat.emitted) this.emitChat();
      this.inMessage = true;
      this.message(v);
      this.inMessage = false;
      return;
    }
    if (parentRole === 'root' || parentRole === 'chat') {
      if (key === 'id' && (typeof v === 'number' || typeof v === 'string')) this.chat.rawId = String(v);
      else if (key === 'type' && typeof v === 'string') {
        this.chat.rawType = v;
        const t = CHAT_TYPES[v];
        if (!t) this.warn('chat-type', `unknown chat type "${v}"; stored as "unknown"`, this.chatLocator());
        this.chat.type = t ?? 'unknown';
      } else if (key === 'name' && typeof v === 'string') this.chat.title = v;
      else if (key === 'personal_information' && v && typeof v === 'object')
        this.person(v as Record<string, unknown>, 'personal_information');
      return;
    }
    if (parentRole === 'contacts-list' && v && typeof v === 'object') {
      this.person(v as Record<string, unknown>, 'contacts');
    } else if (parentRole === 'frequent_contacts-list' && v && typeof v === 'object') {
      const f = v as Record<string, unknown>;
      if (
        f.type === 'user' &&
        (typeof f.id === 'number' || typeof f.id === 'string') &&
        typeof f.name === 'string'
      ) {
        this.users.add(`tg:user:${f.id}`, null, f.name, null, 'frequent_contacts');
      }
    }
  }

  private record(r: ParsedRecord): void {
    if (this.chat.held !== null) this.chat.held.push(r);
    else this.out.push({ kind: 'record', record: r });
  }

  /**
   * Per-account message ids (docs/formats/telegram.md, "Message ids of private chats"): qualified with the
   * account's owner where the export names it (a full-account export's `personal_information.user_id`; in a
   * single-chat personal or bot chat, the author who is not the other side), else with the evidence. A single
   * chat's records wait for its owner's first message, `OWNER_WAIT` messages at most.
   */
  private qualify(c: ChatCtx): void {
    if (c.qualifier !== null || c.held !== null) return;
    if (!MAILBOX_CHAT_TYPES.has(c.rawType ?? '')) return;
    if (this.owner !== null) c.qualifier = `u${this.owner}`;
    else if (
      !c.prefixLocator &&
      c.rawId !== null &&
      (c.rawType === 'personal_chat' || c.rawType === 'bot_chat')
    )
      c.held = [];
    else c.qualifier = this.ctx.evidenceId.slice(0, 8);
  }

  /**
   * A private or bot chat whose owner is known is named by its two sides (`privateChatId`): the other side's id alone
   * names a different conversation on every phone that holds one with it. Else null (the export's own id stays).
   */
  private pairId(c: ChatCtx): string | null {
    if (c.rawId === null || !/^\d{1,20}$/.test(c.rawId)) return null;
    if (c.rawType !== 'personal_chat' && c.rawType !== 'bot_chat') return null;
    const owner = c.qualifier !== null && /^u\d+$/.test(c.qualifier) ? c.qualifier.slice(1) : null;
    return owner === null ? null : privateChatId(owner, c.rawId);
  }

  /** Ends a wait for the owner: held records get `qualifier` in their ids (and the chat its pair id) and go out. */
  private release(qualifier: string): void {
    const c = this.chat;
    if (c.held === null) return;
    const held = c.held;
    c.held = null;
    c.qualifier = qualifier;
    const from = c.chatId;
    const to = this.pairId(c);
    if (to !== null) c.chatId = to;
    else if (c.rawType === 'personal_chat' || c.rawType === 'bot_chat')
      this.issue(
        'warning',
        this.chatLocator(),
        `private chat ${JSON.stringify(c.title ?? '')}: the phone's owner wrote nothing in it${c.index >= OWNER_WAIT ? ` in its first ${OWNER_WAIT} messages` : ''}, so the export does not say whose phone it is: it stays under the other side's id (${from}), not named by its two sides, and the same conversation from another phone is not matched with it (docs/formats/telegram.md, "Private chats across phones")`,
      );
    const q = (id: string) => (id.startsWith(`${PENDING}:`) ? qualifier + id.slice(PENDING.length) : id);
    for (const r of held) {
      if (to !== null && 'chatId' in r.row && r.row.chatId === from) r.row.chatId = to;
      if (r.table === 'messages') {
        r.row.messageId = q(r.row.messageId);
        if (r.row.replyTo !== null) r.row.replyTo = q(r.row.replyTo);
      } else if (r.table === 'mentions' || r.table === 'message_labels') r.row.messageId = q(r.row.messageId);
      this.out.push({ kind: 'record', record: r });
    }
  }

  issue(severity: IssueRow['severity'], locator: string, reason: string, raw: string | null = null): void {
    if (this.inMessage && this.valueLine !== null) reason = `${reason} (line ${this.valueLine()})`;
    this.out.push({
      kind: 'issue',
      issue: { evidenceId: this.ctx.evidenceId, locator, severity, reason, raw },
    });
  }

  private warn(key: string, reason: string, locator: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.issue('warning', locator, reason);
  }

  private chatLocator(): string {
    return `chat:${this.chat.rawId ?? 'unknown'}`;
  }

  private emitChat(): void {
    const c = this.chat;
    if (c.emitted) return;
    if (c.rawId === null && c.title === null && c.rawType === null) return;
    c.emitted = true;
    this.chats++;
    if (c.rawId === null) {
      this.issue(
        'warning',
        this.chatLocator(),
        `${this.ctx.fileName}: chat "${c.title ?? ''}" has no "id"; its messages are stored under tg:chat:unknown`,
      );
    }
    // A single private or bot chat waits for its owner from here on (its chat row too: its id may become the pair).
    this.qualify(c);
    c.chatId = this.pairId(c) ?? `tg:chat:${c.rawId ?? 'unknown'}`;
    this.record({
      table: 'chats',
      row: {
        evidenceId: this.ctx.evidenceId,
        locator: this.chatLocator(),
        chatId: c.chatId,
        type: c.type,
        title: c.title,
        username: null,
      },
    });
    // The other side of a one-to-one chat is a user whose id is the chat's id.
    if ((c.type === 'private' || c.type === 'bot') && c.rawId !== null && c.title !== null) {
      this.users.add(`tg:user:${c.rawId}`, null, c.title, null, this.chatLocator());
    }
  }

  private person(p: Record<string, unknown>, locator: string): void {
    const id = p.user_id;
    if (typeof id !== 'number' && typeof id !== 'string') return;
    if (id === 0 || id === '0') return;
    const name =
      [p.first_name, p.last_name].filter((s) => typeof s === 'string' && s !== '').join(' ') || null;
    const phone = storedPhone(p.phone_number);
    const username =
      typeof p.username === 'string' && p.username !== '' ? p.username.replace(/^@/, '') : null;
    if (locator === 'personal_information') this.owner = String(id);
    this.users.add(`tg:user:${id}`, username, name, phone, locator);
  }

  /** `user123` → tg:user:123; `channel5`/`chat5` → tg:chat:5; 2020–21 exports: a bare number. */
  private peer(v: unknown, locator: string): string | null {
    if (v === undefined || v === null) return null;
    if (typeof v === 'number') {
      // Old exports do not say what a numeric id is; the chat posting in itself is the only non-user case.
      if (String(v) === this.chat.rawId && this.chat.type === 'channel') return `tg:chat:${v}`;
      return `tg:user:${v}`;
    }
    if (typeof v === 'string') {
      const hit = this.peers.get(v);
      if (hit !== undefined) return hit;
      const m = /^(user|channel|chat)(-?\d+)$/.exec(v);
      if (m) {
        const id = m[1] === 'user' ? `tg:user:${m[2]}` : `tg:chat:${m[2]}`;
        if (this.peers.size >= PEER_CACHE) this.peers.clear();
        this.peers.set(v, id);
        return id;
      }
    }
    this.issue(
      'warning',
      locator,
      `peer id ${JSON.stringify(v).slice(0, 80)} is neither "user<N>"/"channel<N>"/"chat<N>" nor a number; author left empty`,
    );
    return null;
  }

  /** Why the last `time` call gave null (read right after it). */
  private timeProblem = '';

  private time(unix: unknown, local: unknown): string | null {
    if (typeof unix === 'string' && UNIX_RE.test(unix)) {
      const s = Number(unix);
      if (s <= MAX_UNIX) return isoFromUnix(s);
    }
    if (typeof local === 'string' && DATE_RE.test(local)) {
      const problem = localTimeProblem(local);
      if (problem === undefined) {
        this.localDates++;
        return `${local}.000Z`;
      }
      this.timeProblem = `${JSON.stringify(local)} is no real time (${problem})`;
      return null;
    }
    this.timeProblem =
      local === undefined && unix === undefined
        ? 'none given'
        : `${JSON.stringify(local ?? unix).slice(0, 40)} is not a Telegram date (YYYY-MM-DDTHH:MM:SS)`;
    return null;
  }

  private message(v: unknown): void {
    const c = this.chat;
    if (!c.emitted) this.emitChat();
    let chatId = c.chatId ?? 'tg:chat:unknown';
    const index = c.index++;
    const prefix = c.prefixLocator ? `${this.chatLocator()}/` : '';
    if (v === null || typeof v !== 'object' || Array.isArray(v)) {
      this.issue(
        'quarantine',
        `${prefix}messages[${index}]`,
        'message is not a JSON object',
        JSON.stringify(v).slice(0, 500),
      );
      return;
    }
    const m = v as Record<string, unknown>;
    if (typeof m.id !== 'number' || !Number.isInteger(m.id)) {
      this.issue(
        'quarantine',
        `${prefix}messages[${index}]`,
        `message without an integer "id" (${this.ctx.fileName}); dropped — the export was edited or is from an unknown version`,
        JSON.stringify(v).slice(0, 1000),
      );
      return;
    }
    const locator = `${prefix}message:${m.id}`;
    // for-in, not Object.keys: same order for a parsed object, without an array per message.
    for (const k in m) {
      if (!KNOWN_FIELDS.has(k)) {
        const n = this.unknownFields.get(k) ?? 0;
        this.unknownFields.set(k, n + 1);
        if (n === 0)
          this.issue(
            'warning',
            locator,
            `unknown message field "${k}" (kept out of the store); check docs/formats/telegram.md`,
          );
      }
    }
    if (c.lastId !== null && m.id <= c.lastId) {
      this.issue(
        'warning',
        locator,
        m.id === c.lastId
          ? `duplicate message id ${m.id} in chat ${chatId}; both stored`
          : `message id ${m.id} after ${c.lastId}: Telegram writes ids ascending, the file may be edited`,
      );
    }
    c.lastId = m.id;
    const type = typeof m.type === 'string' ? m.type : 'message';
    if (!MESSAGE_TYPES.has(type))
      this.issue('warning', locator, `unknown message type ${JSON.stringify(m.type)}; stored as a message`);
    const timestamp = this.time(m.date_unixtime, m.date);
    if (timestamp === null) {
      this.issue(
        'quarantine',
        locator,
        `message without a valid "date": ${this.timeProblem}; dropped`,
        JSON.stringify(v).slice(0, 1000),
      );
      return;
    }
    const flat = flattenText(m.text, m.text_entities);
    if (flat.problem && !(type === 'service' && m.text === undefined)) {
      this.issue('warning', locator, `message ${flat.problem}`);
    }
    const isService = type === 'service';
    if (isService) this.services++;
    else this.messages++;
    const authorId = this.peer(isService ? m.actor_id : m.from_id, locator);
    this.qualify(c);
    if (c.held !== null) {
      // The owner of a single personal or bot chat: the author who is not the other side (the chat's id).
      if (!isService && authorId?.startsWith('tg:user:') && authorId !== `tg:user:${c.rawId}`)
        this.release(`u${authorId.slice('tg:user:'.length)}`);
      else if (c.index >= OWNER_WAIT) this.release(this.ctx.evidenceId.slice(0, 8));
      // The owner named the chat by its two sides (release): this message is stored under that id too.
      chatId = c.chatId ?? chatId;
    }
    const nameField = isService ? m.actor : m.from;
    const authorName = typeof nameField === 'string' ? nameField : null;
    let mediaKind: string | null = null;
    if (typeof m.media_type === 'string') {
      if (!MEDIA_TYPES.has(m.media_type))
        this.issue('warning', locator, `unknown media_type "${m.media_type}"; stored as given`);
      mediaKind = m.media_type;
    } else if (m.photo !== undefined) mediaKind = 'photo';
    else if (m.file !== undefined) mediaKind = 'file';
    else if (m.poll !== undefined) mediaKind = 'poll';
    else if (m.contact_information !== undefined) mediaKind = 'contact';
    else if (m.place_name !== undefined) mediaKind = 'venue';
    else if (m.live_location_period_seconds !== undefined) mediaKind = 'live_location';
    else if (m.location_information !== undefined) mediaKind = 'location';
    else if (m.game_title !== undefined) mediaKind = 'game';
    else if (m.invoice_information !== undefined) mediaKind = 'invoice';
    // Per-account ids (private, bot, saved, basic group) are qualified with the file; docs/formats/telegram.md.
    const mailbox = MAILBOX_CHAT_TYPES.has(c.rawType ?? '');
    let replyTo: string | null = null;
    if (typeof m.reply_to_message_id === 'number') {
      const peer = typeof m.reply_to_peer_id === 'string' ? this.peer(m.reply_to_peer_id, locator) : null;
      replyTo = peer
        ? `${peer}/message:${m.reply_to_message_id}`
        : this.localId(mailbox, m.reply_to_message_id);
    }
    const fwdId = typeof m.forwarded_from_id === 'string' ? this.peer(m.forwarded_from_id, locator) : null;
    const forwardedFrom = fwdId ?? (typeof m.forwarded_from === 'string' ? m.forwarded_from : null);
    const viaBot = typeof m.via_bot === 'string' ? `tg:@${m.via_bot.replace(/^@/, '').toLowerCase()}` : null;
    let edited: string | null = null;
    if (m.edited !== undefined || m.edited_unixtime !== undefined) {
      edited = this.time(m.edited_unixtime, m.edited);
      if (edited === null)
        this.issue('warning', locator, `"edited": ${this.timeProblem}; edit time left empty`);
    }
    const messageId = this.localId(mailbox, m.id);
    const row: MessageRow = {
      evidenceId: this.ctx.evidenceId,
      locator,
      chatId,
      messageId,
      timestamp,
      authorId,
      authorName,
      text: flat.text,
      replyTo,
      forwardedFrom,
      viaBot,
      edited,
      mediaKind,
      action: isService
        ? typeof m.action === 'string'
          ? m.action
          : 'service'
        : type === 'unsupported'
          ? 'unsupported'
          : null,
    };
    this.record({ table: 'messages', row });
    if (authorId?.startsWith('tg:user:')) {
      if (this.authorNames.get(authorId) !== authorName) {
        this.users.add(authorId, null, authorName, null, locator);
        this.authorNames.set(authorId, authorName);
      }
      if (!isService && !c.posters.has(authorId)) {
        c.posters.add(authorId);
        this.membership(authorId, chatId, 'poster', timestamp, locator);
      }
    }
    if (isService && authorId) this.serviceMembership(m, authorId, authorName, chatId, timestamp, locator);
    // A `mention_name` is the user as the writer named him ("Шефу": a grammatical form, a nickname), not a name the
    // user chose: the account is known (its Mentions row keeps the text as written), its display name is not.
    for (const e of flat.entities) {
      if (e.type === 'mention_name' && e.userId)
        this.users.add(`tg:user:${e.userId}`, null, null, null, locator);
    }
    const contact = m.contact_information as Record<string, unknown> | undefined;
    for (const r of messageExtras(flat.text, flat.entities, {
      evidenceId: this.ctx.evidenceId,
      locator,
      chatId,
      messageId,
      label: !isService,
    })) {
      this.record(r);
    }
    this.mediaMentions(m, contact, chatId, messageId, locator);
  }

  private localId(mailbox: boolean, id: number): string {
    if (!mailbox) return String(id);
    return `${this.chat.held !== null ? PENDING : (this.chat.qualifier ?? this.ctx.evidenceId.slice(0, 8))}:${id}`;
  }

  /** Shared contacts and locations are identifiers too: a courier's drop coordinates, a buyer's phone. */
  private mediaMentions(
    m: Record<string, unknown>,
    contact: Record<string, unknown> | undefined,
    chatId: string,
    messageId: string,
    locator: string,
  ): void {
    if (contact && typeof contact.phone_number === 'string' && contact.phone_number !== '') {
      const entity = { type: 'phone', start: 0, end: 0, text: contact.phone_number };
      for (const r of messageExtras('', [entity], {
        evidenceId: this.ctx.evidenceId,
        locator,
        chatId,
        messageId,
        label: false,
      })) {
        this.record(r);
      }
    }
    // A shop's "Buy" / "Operator" buttons link its bot or operator (`https://t.me/Shop_bot?start=…`): the
    // handle never appears in the text. URL buttons become link mentions, offsets 0 like other media.
    if (Array.isArray(m.inline_bot_buttons)) {
      const entities = [];
      for (const row of m.inline_bot_buttons) {
        for (const b of Array.isArray(row) ? row : []) {
          const url = (b as { type?: unknown; data?: unknown } | null)?.data;
          if ((b as { type?: unknown }).type === 'url' && typeof url === 'string' && url !== '')
            entities.push({ type: 'text_link', start: 0, end: 0, text: url, href: url });
        }
      }
      if (entities.length > 0) {
        for (const r of messageExtras('', entities, {
          evidenceId: this.ctx.evidenceId,
          locator,
          chatId,
          messageId,
          label: false,
        })) {
          this.record(r);
        }
      }
    }
    const loc = m.location_information as Record<string, unknown> | null | undefined;
    if (loc && typeof loc.latitude === 'number' && typeof loc.longitude === 'number') {
      const raw = `${loc.latitude},${loc.longitude}`;
      this.record({
        table: 'mentions',
        row: {
          evidenceId: this.ctx.evidenceId,
          locator,
          chatId,
          messageId,
          start: 0,
          end: 0,
          source: 'entity',
          identifier: geoId(loc.latitude, loc.longitude),
          kind: 'coordinates',
          validated: Math.abs(loc.latitude) <= 90 && Math.abs(loc.longitude) <= 180,
          raw,
        },
      });
    }
  }

  private serviceMembership(
    m: Record<string, unknown>,
    actor: string,
    actorName: string | null,
    chatId: string,
    ts: string,
    locator: string,
  ): void {
    if (!actor.startsWith('tg:user:')) return;
    const a = m.action;
    const members = Array.isArray(m.members) ? m.members : [];
    let role: MembershipRow['role'] | null = null;
    switch (a) {
      case 'create_group':
      case 'create_channel':
        role = 'creator';
        break;
      case 'join_group_by_link':
      case 'join_group_by_request':
        role = 'member';
        break;
      // `invite_members`: the actor is the inviter, not the one who joins (he is a member already, which his other
      // messages show); the invited are names only (`members`), never turned into ids. No membership.
      case 'edit_group_title':
      case 'edit_group_photo':
      case 'delete_group_photo':
        role = 'admin';
        break;
      case 'remove_members':
        // "X removed X" is X leaving, not an admin act.
        role = members.length === 1 && members[0] === actorName ? null : 'admin';
        break;
      case 'pin_message':
        role = this.chat.type === 'channel' ? 'admin' : null;
        break;
    }
    if (role) this.membership(actor, chatId, role, ts, locator);
  }

  private membership(
    userId: string,
    chatId: string,
    role: MembershipRow['role'],
    timestamp: string | null,
    locator: string,
  ): void {
    this.record({
      table: 'memberships',
      row: { evidenceId: this.ctx.evidenceId, locator, userId, chatId, role, timestamp },
    });
  }

  /** Hands on the records still waiting for the owner (qualified with the evidence): the file ends here. */
  releaseHeld(): void {
    this.release(this.ctx.evidenceId.slice(0, 8));
  }

  /** The file's own findings once it is read; `failed`: it broke off at its end, and that error says so alone. */
  finish(failed = false): void {
    this.releaseHeld();
    if (!failed && this.chats === 0 && this.messages + this.services === 0 && this.users.size === 0) {
      this.issue(
        'error',
        'file',
        `${this.ctx.fileName} is JSON but not a Telegram Desktop export: no chat, "messages" or "chats" section found`,
      );
    }
    if (this.localDates > 0) {
      this.issue(
        'warning',
        'file',
        `${this.localDates} ${this.localDates === 1 ? 'date has' : 'dates have'} no time zone (export before Telegram Desktop 3.7.6, no "date_unixtime"); stored as if UTC — the exporting computer's offset is unknown`,
      );
    }
    for (const [k, n] of this.unknownFields) {
      if (n > 1) this.issue('warning', 'file', `unknown message field "${k}" seen ${n} times`);
    }
  }
}

export const TELEGRAM_JSON_VERSION = '1.4.0';

const DECODE_SLICE = 1 << 14;
/** Characters of one value the walker holds past which a chunk is fed whole (`parseTelegramJson`). */
const LONG_VALUE = 1 << 18;

/** Streams a Telegram Desktop JSON export (single chat or full account) into records. */
export async function* parseTelegramJson(
  chunks: AsyncIterable<Uint8Array>,
  ctx: ParseContext,
): AsyncIterable<ParseItem> {
  await loadLabeller();
  const h = new TelegramJsonHandler(ctx);
  const walker = new JsonWalker(h);
  h.valueLine = () => walker.valueLine;
  // Bytes that are not UTF-8 show as U+FFFD where they fall; one file warning says where they are.
  const decoder = new CheckedUtf8Decoder();
  const lineAt = () => walker.endLine;
  let bytes = 0;
  let failed = false;
  const fail = (e: unknown) => {
    failed = true;
    // The records read before the break are kept, those still waiting for the chat's owner too.
    h.releaseHeld();
    // A file of no byte or only whitespace is said as every way into a case says it (parsers/empty-file.ts).
    if (walker.blank) h.issue('error', 'file', `${ctx.fileName}: ${emptyFileReason(bytes)}`);
    else
      h.issue(
        'error',
        e instanceof JsonSyntaxError ? `line:${e.line}` : `line:${walker.currentLine}`,
        `${ctx.fileName} is not valid JSON: ${(e as Error).message}. ${h.chats + h.messages > 0 ? 'Records before this point were kept' : 'Nothing before this point to keep'}; re-export the chat from Telegram Desktop or repair the file`,
      );
    // The parser reads no further: the ingest reports the file as failed (parser.ts `ParseItem`).
    h.out.push(stoppedHere(h.out.pop()!));
  };
  for await (const chunk of chunks) {
    bytes += chunk.byteLength;
    // Decoded in slices: a 1 MiB chunk of Cyrillic decodes to a ~1.6 MB string, which V8 puts in its
    // large-object space, and the walker's `buf += text` then copies it again to flatten it. Slices of
    // DECODE_SLICE stay in the young generation, and so do the records when they are handed on after each
    // slice rather than each chunk: the garbage collector has ~30 messages to keep alive, not ~2,000.
    // While the walker holds one long value (a message of megabytes), each slice would copy all of it again to
    // flatten the buffer: the rest of the chunk goes in at once then.
    for (let i = 0, step = DECODE_SLICE; i === 0 || i < chunk.byteLength; i += step) {
      step = walker.held > LONG_VALUE ? chunk.byteLength - i : DECODE_SLICE;
      const part = chunk.byteLength <= step && i === 0 ? chunk : chunk.subarray(i, i + step);
      try {
        walker.feed(decoder.decode(part, lineAt));
      } catch (e) {
        fail(e);
        break;
      }
      if (h.out.length) yield* h.out.splice(0);
    }
    ctx.onProgress?.(bytes);
    if (h.out.length) yield* h.out.splice(0);
    if (failed) break;
  }
  const readToEnd = !failed;
  if (readToEnd) {
    try {
      walker.feed(decoder.decode(undefined, lineAt));
      walker.end();
    } catch (e) {
      fail(e);
    }
  }
  const damaged = decoder.warning(
    ctx.fileName,
    walker.currentLine,
    ' (a message whose text_entities were intact keeps its "text", with a warning that they differ)',
  );
  if (damaged) h.issue('warning', damaged.locator, damaged.reason);
  if (readToEnd) h.finish(failed);
  yield* h.out.splice(0);
}
