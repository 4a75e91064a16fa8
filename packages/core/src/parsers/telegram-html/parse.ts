import { Parser } from 'htmlparser2';
import { geoId } from '../../extract/index.ts';
import type { IssueRow, MessageRow, ParsedRecord } from '../../model/tables.ts';
import { mailboxMessageId } from '../telegram-json/mailbox-id.ts';
import { loadLabeller, messageExtras, type TextEntity } from '../telegram-json/message-extras.ts';
import { CheckedUtf8Decoder } from '../../text/decode-chunks.ts';
import { MONTH_NAMES as MONTHS, wallTimeProblem } from '../../text/wall-time.ts';
import { type ParseContext, type ParseItem, stoppedHere } from '../parser.ts';
import { htmlChatId } from './chat-id.ts';
import { HtmlListState, type PageKind, pageKind } from './lists.ts';

export { htmlChatId };

export const TELEGRAM_HTML_VERSION = '1.4.2';

const TITLE_RE = /^(\d{2})\.(\d{2})\.(\d{4}) (\d{2}):(\d{2}):(\d{2})(?: (\S.*))?$/;
const OFFSET_RE = /^UTC([+-])(\d{2}):(\d{2})(?::(\d{2}))?$/;

interface Frame {
  tag: string;
  cls: Set<string>;
  /** What this element is to the parser (only the ones it cares about). */
  role: string | null;
}

interface Msg {
  id: number;
  service: boolean;
  joined: boolean;
  title: string | null;
  author: string | null;
  forwarded: string | null;
  reply: string | null;
  media: string | null;
  /** The generic media block's `div.title` (`Video message`, `Sticker` …: the kind a shared class leaves open). */
  mediaTitle: string;
  /** The generic media block's `div.status` (a shared contact's phone, a location's coordinates). */
  mediaStatus: string;
  coords: string | null;
  /** URL bot buttons (`table.bot_buttons_table … a[href]`): a shop's bot or operator behind "Buy". */
  buttonLinks: string[];
  text: string;
  entities: TextEntity[];
  serviceText: string;
  hasText: boolean;
  /** Markup in the text that Telegram never writes (a tag, an HTML comment): the page was edited. */
  foreign: string[] | null;
  /** Line (1-based) of the page where the message's element starts, for its issues. */
  line: number;
}

/** The tags Telegram writes inside a message's `div.text` (EXPORT-FORMAT-HTML.md §10.2; `br` for newlines). */
const TEXT_TAGS: ReadonlySet<string> = new Set([
  'a',
  'strong',
  'em',
  'u',
  's',
  'code',
  'pre',
  'blockquote',
  'span',
  'br',
]);

const MEDIA_CLASSES: Record<string, string> = {
  photo_wrap: 'photo',
  sticker_wrap: 'sticker',
  animated_wrap: 'animation',
  video_file_wrap: 'video_file',
  media_poll: 'poll',
  media_giveaway: 'giveaway',
  media_photo: 'photo',
  media_video: 'video_file',
  media_voice_message: 'voice_message',
  media_audio_file: 'audio_file',
  media_file: 'file',
  media_contact: 'contact',
  media_location: 'location',
  media_live_location: 'live_location',
  media_venue: 'venue',
  media_game: 'game',
  media_invoice: 'invoice',
  media_call: 'call',
};

const SERVICE_ACTIONS: Array<[RegExp, string]> = [
  [/^(.+?) created group «/, 'create_group'],
  [/^(.+?) created topic «/, 'topic_created'],
  [/^(.+?) changed topic /, 'topic_edit'],
  [/^(.+?) boosted the group(?: \d+ times?)?$/, 'boost_apply'],
  [/^(.+?) invited .+ to the voice chat$/, 'invite_to_group_call'],
  [/^(.+?) started voice chat/, 'group_call'],
  [/^Voice chat(?: \(|$)/, 'group_call'],
  [/^(.+?) scheduled a voice chat for /, 'group_call_scheduled'],
  [/^Channel «.*» created$/, 'create_channel'],
  [/^(.+?) joined group by link from /, 'join_group_by_link'],
  [/^(.+?) joined group by request$/, 'join_group_by_request'],
  [/^(.+?) invited /, 'invite_members'],
  [/^(.+?) removed (?!group photo)/, 'remove_members'],
  [/^(.+?) pinned /, 'pin_message'],
  [/^(.+?) changed group title to /, 'edit_group_title'],
  [/^Channel title changed to /, 'edit_group_title'],
  [/^(.+?) changed group photo$/, 'edit_group_photo'],
  [/^Channel photo changed$/, 'edit_group_photo'],
  [/^(.+?) removed group photo$/, 'delete_group_photo'],
  [/^Channel photo removed$/, 'delete_group_photo'],
  [/^(.+?) converted this group to a supergroup$/, 'migrate_to_supergroup'],
  [/^(.+?) converted a basic group to this supergroup/, 'migrate_from_group'],
  [/^History cleared$/, 'clear_history'],
  [/^(.+?) joined Telegram$/, 'joined_telegram'],
  [/^(.+?) took a screenshot$/, 'take_screenshot'],
  [/^(.+?) has set messages (?:not )?to auto-delete/, 'set_messages_ttl'],
  [/^New messages will /, 'set_messages_ttl'],
  [/^(.+?) (?:changed chat theme to |disabled chat theme$)/, 'edit_chat_theme'],
];

/** Service actions only groups and channels have: a page showing one is no private chat. */
const GROUP_ACTIONS = new Set([
  'create_group',
  'create_channel',
  'join_group_by_link',
  'join_group_by_request',
  'invite_members',
  'remove_members',
  'edit_group_title',
  'edit_group_photo',
  'delete_group_photo',
  'migrate_to_supergroup',
  'migrate_from_group',
  'topic_created',
  'topic_edit',
  'boost_apply',
  'group_call',
  'invite_to_group_call',
  'group_call_scheduled',
]);

/** A genuine page holds at most 1000 messages; records are held until the page shows what chat it is. */
const PAGE_MESSAGES = 1000;

/**
 * Whose numbering the page's message ids are: `mailbox` (a private or bot chat, ids per account: qualified
 * with the file, `mailboxMessageId`) or `global` (channels and groups keep plain ids).
 */
type IdScope = 'undecided' | 'mailbox' | 'global';

class HtmlExportState {
  readonly out: ParseItem[] = [];
  private readonly stack: Frame[] = [];
  private title = '';
  private titleDone = false;
  private chatId: string | null = null;
  private msg: Msg | null = null;
  private msgDepth = -1;
  private currentAuthor: string | null = null;
  /** `[y, m, d]` of the last day separator. */
  private day: [number, number, number] | null = null;
  private offsetMin: number | null = null;
  private offsetSuffix: string | null = null;
  private lastTs: string | null = null;
  private noZone = 0;
  private seen = new Set<number>();
  private anchor: { start: number; href: string | null; onclick: string | null } | null = null;
  messages = 0;
  services = 0;
  private prevLink: string | null = null;
  private nextLink: string | null = null;

  constructor(private readonly ctx: ParseContext) {}

  issue(severity: IssueRow['severity'], locator: string, reason: string, raw: string | null = null): void {
    // An issue about the message being ended names the line where its element starts (as the JSON parser's do).
    const r =
      this.issueLine > 0 && locator.startsWith('message:') ? `${reason} (line ${this.issueLine})` : reason;
    this.out.push({
      kind: 'issue',
      issue: { evidenceId: this.ctx.evidenceId, locator, severity, reason: r, raw },
    });
  }

  /** The line of the page where the element being opened starts (set by `parseTelegramHtml`). */
  lineAt: () => number = () => 0;
  /** The line of the message whose issues are being written (0 outside `endMessage` and `cutMessage`). */
  private issueLine = 0;

  /** Service messages seen before the page's first dated message wait for its UTC offset. */
  private pending: ParsedRecord[] | null = [];

  private record(r: ParsedRecord): void {
    if (this.pending !== null && (r.table !== 'chats' || this.pending.length > 0)) this.pending.push(r);
    else this.emit(r);
  }

  /**
   * The HTML has no chat type, so the page's content decides (docs/formats/telegram.md): a private chat
   * shows at most two authors, one of them the chat's title (the other side), or a call, and no group
   * action. Records wait until that is known: a group action or a third author settles it at once,
   * otherwise the page's end (at most 1000 messages).
   */
  private scope: IdScope = 'undecided';
  private held: ParsedRecord[] = [];
  private heldMessages = 0;
  private readonly authors = new Set<string>();
  private groupAction = false;
  private call = false;

  private emit(r: ParsedRecord): void {
    if (this.scope === 'undecided' && r.table !== 'chats') this.held.push(r);
    else this.out.push({ kind: 'record', record: this.scoped(r) });
  }

  private scoped(r: ParsedRecord): ParsedRecord {
    if (this.scope !== 'mailbox') return r;
    const q = (id: string) => mailboxMessageId(this.ctx.evidenceId, id);
    if (r.table === 'messages') {
      r.row.messageId = q(r.row.messageId);
      if (r.row.replyTo !== null) r.row.replyTo = q(r.row.replyTo);
    } else if (r.table === 'mentions' || r.table === 'message_labels') r.row.messageId = q(r.row.messageId);
    return r;
  }

  private decide(scope: Exclude<IdScope, 'undecided'>): void {
    if (this.scope !== 'undecided') return;
    this.scope = scope;
    const held = this.held;
    this.held = [];
    for (const r of held) this.out.push({ kind: 'record', record: this.scoped(r) });
  }

  private verdict(): Exclude<IdScope, 'undecided'> {
    if (this.groupAction || this.authors.size > 2) return 'global';
    if (this.call || (this.authors.size === 2 && this.authors.has(this.title.replace(/\s+/g, ' '))))
      return 'mailbox';
    return 'global';
  }

  private observe(m: Msg, action: string | null, authorName: string | null): void {
    if (action !== null && GROUP_ACTIONS.has(action)) this.groupAction = true;
    if (!m.service && authorName) this.authors.add(authorName.replace(/\s+/g, ' ').trim());
    if (m.media === 'call') this.call = true;
    if (this.scope !== 'undecided') return;
    this.heldMessages++;
    if (this.groupAction || this.authors.size > 2) this.decide('global');
    else if (this.heldMessages >= PAGE_MESSAGES) this.decide(this.verdict());
  }

  /** Emits held records; service-message days are shifted by the offset learnt meanwhile. */
  private flushPending(): void {
    const held = this.pending;
    this.pending = null;
    for (const r of held ?? []) {
      if (r.table === 'messages' && r.row.action !== null && this.offsetMin) {
        r.row.timestamp = new Date(Date.parse(r.row.timestamp) - this.offsetMin * 60_000).toISOString();
      }
      this.emit(r);
    }
  }

  private has(role: string): boolean {
    for (let i = this.stack.length - 1; i >= 0; i--) if (this.stack[i]!.role === role) return true;
    return false;
  }

  private parentRole(): string | null {
    return this.stack[this.stack.length - 1]?.role ?? null;
  }

  onOpen(tag: string, attrs: Record<string, string>): void {
    const cls = new Set((attrs.class ?? '').split(/\s+/).filter(Boolean));
    let role: string | null = null;
    const parent = this.parentRole();
    if (tag === 'div') {
      if (cls.has('page_header')) role = 'header';
      else if (cls.has('text') && cls.has('bold') && this.has('header')) role = 'header-title';
      else if (cls.has('message') && /^message-?\d+$/.test(attrs.id ?? '')) {
        role = 'message';
        this.startMessage(Number((attrs.id ?? '').slice(7)), cls);
      } else if (this.msg) {
        if (cls.has('forwarded') && cls.has('body')) role = 'fwd-body';
        else if (cls.has('body') && parent === 'message') role = this.msg.service ? 'service-body' : 'body';
        else if (cls.has('from_name'))
          role = parent === 'body' ? 'from' : parent === 'fwd-body' ? 'fwd-from' : null;
        else if (cls.has('date') && cls.has('details') && parent === 'body') {
          role = 'date';
          if (attrs.title) this.msg.title = attrs.title;
        } else if (cls.has('reply_to')) role = 'reply';
        else if (cls.has('media_wrap')) role = 'media';
        else if (cls.has('text') && (parent === 'body' || parent === 'fwd-body')) {
          role = 'text';
          this.msg.hasText = true;
        } else if (cls.has('status') && this.has('media')) role = 'status';
        else if (cls.has('title') && this.has('media')) role = 'media-title';
      }
      if (this.msg && this.has('media') && !this.msg.media) this.mediaFromClasses(cls);
    } else if (tag === 'a') {
      if (cls.has('pagination')) {
        role = 'pagination';
        const href = attrs.href ?? '';
        if (this.msg === null && href) {
          if (this.messages + this.services === 0 && this.seen.size === 0) this.prevLink = href;
          else this.nextLink = href;
        }
      } else if (this.msg) {
        if (this.has('buttons') && /^https?:\/\//i.test(attrs.href ?? ''))
          this.msg.buttonLinks.push(attrs.href!);
        if (this.has('media') && !this.msg.media) this.mediaFromClasses(cls);
        if (
          this.has('media') &&
          (cls.has('media_location') || cls.has('media_live_location') || cls.has('media_venue')) &&
          attrs.href
        ) {
          const q = /[?&]q=(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)/.exec(attrs.href);
          if (q) this.msg.coords = `${q[1]},${q[2]}`;
        }
        if (this.has('reply') && attrs.href) {
          const m = /#go_to_message(-?\d+)/.exec(attrs.href);
          if (m) this.msg.reply = m[1]!;
        }
        if (this.has('text'))
          this.anchor = {
            start: this.msg.text.length,
            href: attrs.href ?? null,
            onclick: attrs.onclick ?? null,
          };
      }
    } else if (tag === 'table' && this.msg && cls.has('bot_buttons_table')) role = 'buttons';
    else if (tag === 'span' && this.msg && this.has('fwd-from') && cls.has('date')) role = 'fwd-date';
    else if (tag === 'img' && this.msg && this.has('media') && !this.msg.media) this.mediaFromClasses(cls);
    if (tag === 'br' && this.msg && this.has('text')) this.msg.text += '\n';
    else if (this.msg && this.has('text') && !TEXT_TAGS.has(tag)) this.foreign(`<${tag}>`);
    else if (!this.titleDone && this.has('header-title')) this.foreign(`<${tag}>`);
    // Void elements get no close event from htmlparser2 in HTML mode; keep them off the stack.
    if (tag === 'br' || tag === 'img' || tag === 'meta' || tag === 'link') return;
    this.stack.push({ tag, cls, role });
  }

  private mediaFromClasses(cls: Set<string>): void {
    for (const c of cls) {
      const k = MEDIA_CLASSES[c];
      if (k) {
        this.msg!.media = k;
        return;
      }
    }
  }

  onText(t: string): void {
    if (!this.titleDone && this.has('header-title')) this.title += t;
    if (!this.msg) return;
    if (this.has('fwd-date')) return;
    if (this.has('text')) this.msg.text += t;
    else if (this.has('from')) this.msg.author = (this.msg.author ?? '') + t;
    else if (this.has('fwd-from')) this.msg.forwarded = (this.msg.forwarded ?? '') + t;
    else if (this.has('service-body')) this.msg.serviceText += t;
    else if (this.has('status')) this.msg.mediaStatus += t;
    else if (this.has('media-title')) this.msg.mediaTitle += t;
    else if (this.has('reply') && /another chat/.test(t)) this.msg.reply = 'other-chat';
  }

  onClose(tag: string): void {
    if (tag === 'br' || tag === 'img' || tag === 'meta' || tag === 'link') return;
    const f = this.stack.pop();
    if (!f) return;
    if (f.role === 'header-title' && !this.titleDone) {
      this.titleDone = true;
      this.title = this.title.trim();
      if (this.titleForeign.length > 0)
        this.issue(
          'warning',
          'page_header',
          `${this.ctx.fileName}: the chat name holds markup Telegram does not write (${this.titleForeign.join(', ')}): the page was edited or is not Telegram's; that markup is not in the stored name`,
        );
      this.chatId = htmlChatId(this.title, this.ctx.folder, this.ctx.relativePath);
      this.record({
        table: 'chats',
        row: {
          evidenceId: this.ctx.evidenceId,
          locator: 'page_header',
          chatId: this.chatId,
          type: 'unknown',
          title: this.title,
          username: null,
        },
      });
    }
    if (tag === 'a' && this.anchor && this.msg && this.has('text')) {
      this.closeAnchor();
    }
    if (f.role === 'message' && this.msg && this.stack.length === this.msgDepth) {
      if (this.cutAt === null) this.endMessage();
      else this.cutMessage();
    }
  }

  /**
   * Elements still open when the input ran out (the parser then closes them itself): a genuine page closes
   * every one with `</html>`, so any left means the file is cut off. Null until the input's end.
   */
  private cutAt: { open: number; bytes: number } | null = null;

  /** Called once all input is written, before the parser closes what is still open. */
  inputEnded(bytes: number): void {
    this.cutAt = { open: this.stack.length, bytes };
  }

  /** The message the file ends inside: what was read of it is no message (no time, author or text for sure). */
  private cutMessage(): void {
    const m = this.msg!;
    this.msg = null;
    if (m.service && m.id < 0 && m.id > -1_000_000) return; // a day separator: no message (the file error says it)
    this.issueLine = m.line;
    this.quarantine(
      m,
      `message:${m.id}`,
      `${this.ctx.fileName} ends inside message ${m.id} (the file is truncated); its part was not stored`,
    );
    this.issueLine = 0;
  }

  private closeAnchor(): void {
    const a = this.anchor!;
    const m = this.msg!;
    this.anchor = null;
    const text = m.text.slice(a.start);
    const href = a.href ?? '';
    let type: string | null = null;
    let eHref: string | undefined;
    if (href.startsWith('tel:')) type = 'phone';
    else if (href.startsWith('mailto:')) type = 'email';
    else if (a.onclick?.includes('ShowMentionName')) type = 'mention_name';
    else if (/^@[A-Za-z0-9_]{3,}$/.test(text) && /t\.me\//.test(href)) type = 'mention';
    else if (a.onclick?.includes('Show')) type = null;
    else if (href !== '' && href === text) type = 'link';
    else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(href)) {
      type = 'text_link';
      eHref = href;
    }
    if (type) {
      const e: TextEntity = { type, start: a.start, end: m.text.length, text };
      if (eHref) e.href = eHref;
      m.entities.push(e);
    }
  }

  private startMessage(id: number, cls: Set<string>): void {
    this.msgDepth = this.stack.length;
    const service = cls.has('service');
    this.msg = {
      id,
      service,
      joined: cls.has('joined'),
      title: null,
      author: null,
      forwarded: null,
      reply: null,
      media: null,
      mediaTitle: '',
      mediaStatus: '',
      coords: null,
      buttonLinks: [],
      text: '',
      entities: [],
      serviceText: '',
      hasText: false,
      foreign: null,
      line: this.lineAt(),
    };
  }

  /** Markup Telegram never writes, met in a message's text or the page's chat name (read once, reported once). */
  private foreign(what: string): void {
    if (this.msg && this.has('text')) {
      const f = (this.msg.foreign ??= []);
      if (!f.includes(what)) f.push(what);
    } else if (!this.titleDone && this.has('header-title') && !this.titleForeign.includes(what))
      this.titleForeign.push(what);
  }

  private titleForeign: string[] = [];

  /** An HTML comment: never in Telegram's text; its content is not text. */
  onComment(): void {
    this.foreign('an HTML comment');
  }

  /** Why the last `parseTitle` gave null (read right after it). */
  private titleProblem = '';

  private parseTitle(title: string, locator: string): string | null {
    const m = TITLE_RE.exec(title.trim());
    if (!m) {
      this.titleProblem = `date title ${JSON.stringify(title.slice(0, 40))} is not DD.MM.YYYY HH:MM:SS[ UTC±HH:MM]`;
      return null;
    }
    let offset = 0;
    if (m[7]) {
      const o = OFFSET_RE.exec(m[7]);
      if (o && Number(o[2]) <= 14 && Number(o[3]) <= 59 && Number(o[4] ?? 0) <= 59) {
        offset = (o[1] === '-' ? -1 : 1) * (Number(o[2]) * 60 + Number(o[3]));
        if (this.offsetSuffix !== null && this.offsetSuffix !== m[7]) {
          this.issue(
            'warning',
            locator,
            `time zone suffix changes from ${this.offsetSuffix} to ${m[7]}: one export always has one suffix; the file may be edited`,
          );
        }
        this.offsetSuffix = m[7];
        this.offsetMin = offset;
      } else this.issue('warning', locator, `unknown time zone suffix "${m[7]}"; time stored as if UTC`);
    } else this.noZone++;
    const year = Number(m[3]);
    const month = Number(m[2]);
    const day = Number(m[1]);
    const hour = Number(m[4]);
    const minute = Number(m[5]);
    const second = Number(m[6]);
    // Date.UTC rolls impossible fields over (31.02 → 2 March, 25:61 → 02:01 the next day): never store that.
    const problem = wallTimeProblem(year, month, day, hour, minute, second);
    if (problem !== undefined) {
      this.titleProblem = `date title ${JSON.stringify(title.slice(0, 40))} is no real time (${problem})`;
      return null;
    }
    const wall = Date.UTC(year, month - 1, day, hour, minute, second);
    return new Date(wall - offset * 60_000).toISOString();
  }

  /** A message whose time cannot be read: not stored (a made-up time would misplace it in every timeline). */
  private quarantine(m: Msg, locator: string, reason: string): void {
    // A following `joined` message still belongs to this one's author.
    if (!m.service && !m.joined && m.author !== null)
      this.currentAuthor = m.author.trim().replace(/ via @[A-Za-z0-9_]+$/, '');
    const raw = JSON.stringify({
      title: m.title,
      from: m.author?.trim() ?? null,
      text: m.service ? m.serviceText.trim() : m.text.trim(),
    });
    this.issue('quarantine', locator, reason, raw.slice(0, 1000));
  }

  private endMessage(): void {
    this.issueLine = this.msg!.line;
    try {
      this.endMessageAt();
    } finally {
      this.issueLine = 0;
    }
  }

  private endMessageAt(): void {
    const m = this.msg!;
    this.msg = null;
    if (!this.chatId) {
      this.chatId = htmlChatId('', this.ctx.folder, this.ctx.relativePath);
      this.issue(
        'warning',
        'page_header',
        `${this.ctx.fileName}: no chat name in the page header; chat id derived from an empty title`,
      );
    }
    const chatId = this.chatId;
    // Day separators: small negative ids on service blocks; migrated messages are ≈ −10⁹.
    if (m.service && m.id < 0 && m.id > -1_000_000) {
      const d = /^(\d{1,2}) (\w+) (\d{4})$/.exec(m.serviceText.trim());
      const mon = d ? MONTHS.indexOf(d[2]!) : -1;
      if (d && mon >= 0) this.day = [Number(d[3]), mon, Number(d[1])];
      this.currentAuthor = null;
      return;
    }
    const locator = `message:${m.id}`;
    if (m.foreign)
      this.issue(
        'warning',
        locator,
        `message ${m.id}'s text holds markup Telegram does not write (${m.foreign.join(', ')}): the page was edited or is not Telegram's; the tags are not in the stored text, the text inside them is${m.foreign.includes('an HTML comment') ? ", a comment's content is not" : ''}`,
      );
    if (this.seen.has(m.id)) this.issue('warning', locator, `duplicate message id ${m.id}; both stored`);
    this.seen.add(m.id);
    let timestamp: string | null = null;
    if (m.title) {
      timestamp = this.parseTitle(m.title, locator);
      if (this.pending !== null) this.flushPending();
      if (timestamp === null) {
        this.quarantine(m, locator, `${this.titleProblem}; message ${m.id} dropped`);
        return;
      }
    }
    if (!timestamp && this.day) {
      // Service messages have no time: the day's local midnight (day precision, docs/formats/telegram.md).
      const [y, mo, d] = this.day;
      timestamp = new Date(Date.UTC(y, mo, d) - (this.offsetMin ?? 0) * 60_000).toISOString();
    }
    timestamp ??= this.lastTs;
    if (!timestamp) {
      this.issue(
        'quarantine',
        locator,
        `message ${m.id} has no date and no preceding day separator; dropped`,
      );
      return;
    }
    this.lastTs = timestamp;
    let authorName: string | null = null;
    let viaBot: string | null = null;
    let action: string | null = null;
    let text = '';
    let entities: TextEntity[] = [];
    if (m.service) {
      this.services++;
      this.currentAuthor = null;
      text = m.serviceText.trim();
      action = 'service';
      for (const [re, a] of SERVICE_ACTIONS) {
        const r = re.exec(text);
        if (r) {
          action = a;
          authorName = r[1] ?? null;
          break;
        }
      }
    } else {
      this.messages++;
      if (m.joined) {
        if (this.currentAuthor === null) {
          this.issue(
            'warning',
            locator,
            'joined message without a preceding author on this page: not genuine Telegram output',
          );
        }
        authorName = this.currentAuthor;
      } else if (m.author !== null) {
        let name = m.author.trim();
        const via = / via @([A-Za-z0-9_]+)$/.exec(name);
        if (via) {
          viaBot = `tg:@${via[1]!.toLowerCase()}`;
          name = name.slice(0, via.index);
        }
        authorName = name;
        this.currentAuthor = name;
      }
      const stripped = stripLayout(m.text, m.entities);
      text = stripped.text;
      entities = stripped.entities;
    }
    const media = mediaKind(m);
    const forwardedFrom = m.forwarded !== null ? m.forwarded.trim().replace(/\s+/g, ' ') || null : null;
    let replyTo: string | null = null;
    if (m.reply && m.reply !== 'other-chat' && !m.service) replyTo = m.reply;
    const row: MessageRow = {
      evidenceId: this.ctx.evidenceId,
      locator,
      chatId,
      messageId: String(m.id),
      timestamp,
      authorId: null,
      authorName,
      text,
      replyTo,
      forwardedFrom,
      viaBot,
      edited: null,
      mediaKind: media,
      action,
    };
    this.observe(m, action, authorName);
    this.record({ table: 'messages', row });
    const extras = messageExtras(text, entities, {
      evidenceId: this.ctx.evidenceId,
      locator,
      chatId,
      messageId: row.messageId,
      label: !m.service,
    });
    for (const r of extras) this.record(r);
    // A shared contact's phone: the status line, `+7 701 555 4433` (` - vCard` when a card file came with it).
    const phone = media === 'contact' ? m.mediaStatus.trim().replace(/\s+-\s+vCard$/, '') : '';
    if (phone !== '') {
      for (const r of messageExtras('', [{ type: 'phone', start: 0, end: 0, text: phone }], {
        evidenceId: this.ctx.evidenceId,
        locator,
        chatId,
        messageId: row.messageId,
        label: false,
      }))
        this.record(r);
    }
    if (m.buttonLinks.length > 0) {
      const links = m.buttonLinks.map((href) => ({ type: 'text_link', start: 0, end: 0, text: href, href }));
      for (const r of messageExtras('', links, {
        evidenceId: this.ctx.evidenceId,
        locator,
        chatId,
        messageId: row.messageId,
        label: false,
      }))
        this.record(r);
    }
    // A location's or live location's status line holds `lat, lon` (a venue's only its map link's `q=`).
    if (!m.coords && (media === 'location' || media === 'live_location')) {
      const c = /(-?\d+(?:\.\d+)?),\s*(-?\d+(?:\.\d+)?)/.exec(m.mediaStatus);
      if (c) m.coords = `${c[1]},${c[2]}`;
    }
    if (m.coords) {
      const [lat, lon] = m.coords.split(',').map(Number) as [number, number];
      this.record({
        table: 'mentions',
        row: {
          evidenceId: this.ctx.evidenceId,
          locator,
          chatId,
          messageId: row.messageId,
          identifier: geoId(lat, lon),
          kind: 'coordinates',
          start: 0,
          end: 0,
          validated: Math.abs(lat) <= 90 && Math.abs(lon) <= 180,
          raw: m.coords,
          source: 'entity',
        },
      });
    }
  }

  /** Pages link to their neighbours (`messages2.html` ↔ `messages.html` …): a wrong link means a renamed or missing page. */
  private checkPageChain(): void {
    const m = /messages(\d*)\.html$/i.exec(this.ctx.fileName);
    if (!m) return;
    const k = m[1] ? Number(m[1]) : 1;
    const name = (n: number) => (n === 1 ? 'messages.html' : `messages${n}.html`);
    if (k > 1 && this.prevLink !== name(k - 1)) {
      this.issue(
        'warning',
        'file',
        `page ${k} should link back to ${name(k - 1)} but links to ${this.prevLink ?? 'nothing'}; pages may be renamed or missing`,
      );
    }
    if (this.nextLink !== null && this.nextLink !== name(k + 1)) {
      this.issue(
        'warning',
        'file',
        `page ${k} links forward to ${this.nextLink}, expected ${name(k + 1)}; pages may be renamed`,
      );
    }
  }

  finish(): void {
    this.flushPending();
    this.decide(this.verdict());
    if (this.noZone > 0) {
      this.issue(
        'warning',
        'file',
        `${this.noZone} message times have no UTC offset (export before Telegram Desktop 3.7.6); stored as if UTC — the exporting computer's zone is unknown`,
      );
    }
    if (this.offsetSuffix) {
      this.issue(
        'warning',
        'file',
        `times converted with the export's ${this.offsetSuffix} suffix, which is the zone's standard offset at export time: in zones with daylight saving, summer times may be 1 h off (EXPORT-FORMAT-HTML.md §6.3)`,
      );
    }
    if (!this.titleDone)
      this.issue(
        'error',
        'file',
        `${this.ctx.fileName}: no Telegram page header found; is this a Telegram HTML export page?`,
      );
    else if (this.cutAt !== null && this.cutAt.open > 0) {
      this.issue(
        'error',
        'file',
        `${this.ctx.fileName} is truncated: it ends after ${this.cutAt.bytes} bytes with ${this.cutAt.open} elements still open (a complete page ends with </html>). Records before the cut were kept; messages after it are missing — copy the file again or re-export the chat`,
      );
      // The file failed part-way (an ingest exits 1 and says so), as a cut-off JSON export does.
      this.out.push(stoppedHere(this.out.pop()!));
    }
    this.checkPageChain();
  }
}

/**
 * The message's media kind as the JSON names it. Generic blocks share a class between kinds and the title tells
 * them apart (EXPORT-FORMAT-HTML.md §11.2): `media_video` is a round video message, an animation or a video file;
 * `media_photo` is a photo or the fallback of a sticker.
 */
function mediaKind(m: Msg): string | null {
  const title = m.mediaTitle.trim();
  if (m.media === 'video_file') {
    if (title === 'Video message') return 'video_message';
    if (title === 'Animation') return 'animation';
  } else if (m.media === 'photo' && title === 'Sticker') return 'sticker';
  return m.media;
}

/** Strips the exporter's layout newline + indentation around `div.text` content (EXPORT-FORMAT-HTML.md §2.2). */
function stripLayout(text: string, entities: TextEntity[]): { text: string; entities: TextEntity[] } {
  let start = 0;
  if (text.startsWith('\n')) start = 1;
  const trail = /\n[ ]*$/.exec(text);
  const end = trail && trail.index >= start ? trail.index : text.length;
  const out = text.slice(start, end);
  return {
    text: out,
    entities: entities
      .map((e) => ({ ...e, start: Math.max(0, e.start - start), end: Math.min(out.length, e.end - start) }))
      .filter((e) => e.end > e.start),
  };
}

/** How much of a page is read before deciding what page it is (a chat, a list, the summary): the detector's head. */
const KIND_HEAD = 65536;

/**
 * Streams one page of a Telegram Desktop HTML export: a chat page (`messages.html`, `messages2.html` …), or a
 * full-account export's list page (`lists/contacts.html`, `lists/frequent.html`, `lists/chats.html` …) or summary
 * (`export_results.html`), told apart by their body (`lists.ts`).
 */
export async function* parseTelegramHtml(
  chunks: AsyncIterable<Uint8Array>,
  ctx: ParseContext,
): AsyncIterable<ParseItem> {
  // Bytes that are not UTF-8 show as U+FFFD where they fall; one file warning says where they are (as for JSON).
  const decoder = new CheckedUtf8Decoder();
  const lines = new LineCounter();
  // A page saved with Windows line ends (a copy through an editor or git's autocrlf) reads as Telegram wrote it: the
  // CR of each CR LF goes (one at the end of a piece waits for the next), so no text keeps the page's layout.
  let cr = false;
  let writing = false;
  const read = (bytes: Uint8Array | undefined): string => {
    // Until the page's kind is known the text gathers in `head`, which the line counter has not seen yet.
    let t = decoder.decode(bytes, () => (writing ? lines.endLine : 1 + newlines(head, 0, head.length)));
    if (cr) t = `\r${t}`;
    cr = bytes !== undefined && t.endsWith('\r');
    if (cr) t = t.slice(0, -1);
    return t.includes('\r\n') ? t.replace(/\r\n/g, '\n') : t;
  };
  let head = '';
  let kind: PageKind | null = null;
  let bytes = 0;
  const it = chunks[Symbol.asyncIterator]();
  let done = false;
  while (kind === null) {
    const r = await it.next();
    if (r.done) {
      done = true;
      head += read(undefined);
      break;
    }
    bytes += r.value.byteLength;
    head += read(r.value);
    ctx.onProgress?.(bytes);
    kind = pageKind(head);
    if (kind === null && head.length >= KIND_HEAD) kind = 'chat';
  }
  kind ??= pageKind(head) ?? 'chat';
  if (kind === 'chat') await loadLabeller();
  const s = kind === 'chat' ? new HtmlExportState(ctx) : new HtmlListState(ctx, kind);
  const parser = new Parser(
    {
      onopentag: (name, attrs) => s.onOpen(name, attrs),
      ontext: (t) => s.onText(t),
      onclosetag: (name) => s.onClose(name),
      oncomment: () => s.onComment(),
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  s.lineAt = () => lines.lineOf(parser.startIndex);
  const write = (text: string) => {
    lines.add(text);
    parser.write(text);
  };
  write(head);
  writing = true;
  if (s.out.length) yield* s.out.splice(0);
  if (!done) {
    for (let r = await it.next(); !r.done; r = await it.next()) {
      bytes += r.value.byteLength;
      write(read(r.value));
      ctx.onProgress?.(bytes);
      if (s.out.length) yield* s.out.splice(0);
    }
    write(read(undefined));
  }
  const damaged = decoder.warning(ctx.fileName, lines.endLine);
  if (damaged) {
    const { locator, reason } = damaged;
    s.out.push({
      kind: 'issue',
      issue: { evidenceId: ctx.evidenceId, locator, severity: 'warning', reason, raw: null },
    });
  }
  if (s instanceof HtmlExportState) s.inputEnded(bytes);
  parser.end();
  s.finish();
  yield* s.out.splice(0);
}

/**
 * Lines of the text written so far, for the line of a position the HTML parser reports (`startIndex`, counted over
 * all the text written): the current and the previous piece are kept (a tag can start in the previous one), and the
 * count goes on from the last position asked, so a page costs one pass over its newlines.
 */
class LineCounter {
  #cur = '';
  #curAt = 0;
  #curLine = 1;
  #prev = '';
  #prevAt = 0;
  #prevLine = 1;
  #memoAt = 0;
  #memoLine = 1;

  add(text: string): void {
    this.#prev = this.#cur;
    this.#prevAt = this.#curAt;
    this.#prevLine = this.#curLine;
    this.#curLine += newlines(this.#cur, 0, this.#cur.length);
    this.#curAt += this.#cur.length;
    this.#cur = text;
    this.#memoAt = 0;
    this.#memoLine = this.#curLine;
  }

  /** The line the next text written starts on. */
  get endLine(): number {
    return this.#curLine + newlines(this.#cur, 0, this.#cur.length);
  }

  lineOf(index: number): number {
    if (index >= this.#curAt) {
      const at = Math.min(index - this.#curAt, this.#cur.length);
      if (at < this.#memoAt) {
        this.#memoAt = 0;
        this.#memoLine = this.#curLine;
      }
      this.#memoLine += newlines(this.#cur, this.#memoAt, at);
      this.#memoAt = at;
      return this.#memoLine;
    }
    if (index >= this.#prevAt) return this.#prevLine + newlines(this.#prev, 0, index - this.#prevAt);
    return this.#prevLine;
  }
}

function newlines(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = s.indexOf('\n', from); i !== -1 && i < to; i = s.indexOf('\n', i + 1)) n++;
  return n;
}
