import type { ChatType, IssueRow, ParsedRecord } from '../../model/tables.ts';
import type { ParseContext, ParseItem } from '../parser.ts';
import { TgUserRows, storedPhone } from '../telegram-json/tg-users.ts';
import { htmlChatId } from './chat-id.ts';

/**
 * The pages of a full-account HTML export that are not chats (EXPORT-FORMAT-HTML.md §13): `lists/contacts.html`,
 * `lists/frequent.html`, `lists/chats.html` and the summary `export_results.html`. They carry what the JSON
 * export's `contacts`, `frequent_contacts`, `chats` and `personal_information` sections carry, less the ids the
 * HTML leaves out; docs/formats/telegram.md says what is stored.
 */
export type PageKind = 'chat' | 'list' | 'summary';

/** What kind of page `text` (the page's start) is, or null while it has not shown it yet. */
export function pageKind(text: string): PageKind | null {
  if (/class="page_body[^"]*\blist_page\b/.test(text)) return 'list';
  if (/class="[^"]*\bpersonal_info\b/.test(text)) return 'summary';
  if (/class="page_body[^"]*\bchat_page\b/.test(text) || /class="message (?:default|service)/.test(text))
    return 'chat';
  return null;
}

/** `div.pull_right.info.details` of a `lists/chats.html` entry (tdesktop's type names) → the stored type. */
const CHAT_TYPES: Record<string, ChatType> = {
  private: 'private',
  bot: 'bot',
  group: 'group',
  channel: 'channel',
  unknown: 'unknown',
};

/** A list entry's link to its chat: `../chats/chat_N/messages.html#allow_back` (nothing else is followed). */
const CHAT_LINK = /^\.\.\/chats\/(chat_\d+)\/messages\.html(?:#[A-Za-z_]*)?$/;

/** List pages read into records; the others are named in a warning (their JSON sections are not stored either). */
const LISTS: Record<string, 'contacts' | 'frequent' | 'chats'> = {
  Contacts: 'contacts',
  'Frequent contacts': 'frequent',
  Chats: 'chats',
};

/** Why a list page with no table is not stored. */
const NOT_STORED: Record<string, string> = {
  Sessions: 'account security data, no table (the JSON\'s "sessions" are not stored either)',
  'Web sessions': 'account security data, no table (the JSON\'s "web_sessions" are not stored either)',
  'Profile pictures': "the owner's own pictures, no case facts; the files stay in the evidence copy",
  'Stories archive': "the owner's stories, no case facts; the files stay in the evidence copy",
};

interface Entry {
  href: string | null;
  userId: string | null;
  name: string;
  info: string;
  details: string;
  /** Line of the page where the entry starts. */
  line: number;
}

interface Frame {
  role: string | null;
}

export class HtmlListState {
  readonly out: ParseItem[] = [];
  /** The line of the page where the element being opened starts (set by `parseTelegramHtml`). */
  lineAt: () => number = () => 0;
  private readonly stack: Frame[] = [];
  private title = '';
  private titleDone = false;
  private entry: Entry | null = null;
  private entries = 0;
  /** `export_results.html`: `div.row` label → value. */
  private row: { label: string; value: string } | null = null;
  private readonly personal = new Map<string, string>();
  private sawPersonal = false;
  private readonly users: TgUserRows;
  private noId: string[] = [];
  private noFolder: string[] = [];
  private outgoing: string[] = [];
  private unknownType: string[] = [];

  constructor(
    private readonly ctx: ParseContext,
    private readonly kind: 'list' | 'summary',
  ) {
    this.users = new TgUserRows(ctx.evidenceId, (row) => this.record({ table: 'tg_users', row }));
  }

  private issue(severity: IssueRow['severity'], locator: string, reason: string, raw: string | null = null) {
    this.out.push({
      kind: 'issue',
      issue: { evidenceId: this.ctx.evidenceId, locator, severity, reason, raw },
    });
  }

  private record(r: ParsedRecord): void {
    this.out.push({ kind: 'record', record: r });
  }

  private has(role: string): boolean {
    for (let i = this.stack.length - 1; i >= 0; i--) if (this.stack[i]!.role === role) return true;
    return false;
  }

  onOpen(tag: string, attrs: Record<string, string>): void {
    const cls = new Set((attrs.class ?? '').split(/\s+/).filter(Boolean));
    let role: string | null = null;
    const id = /^ID: (\d{1,20})$/.exec(attrs.title ?? '')?.[1];
    if (cls.has('page_header')) role = 'header';
    else if (tag === 'div' && cls.has('text') && cls.has('bold') && this.has('header')) role = 'header-title';
    else if (cls.has('entry') && this.kind === 'list' && !this.entry) {
      role = 'entry';
      this.entry = {
        href: attrs.href ?? null,
        userId: null,
        name: '',
        info: '',
        details: '',
        line: this.lineAt(),
      };
    } else if (this.entry) {
      if (cls.has('name')) role = 'name';
      else if (cls.has('info')) role = 'info';
      else if (cls.has('details_entry')) role = 'details';
      if (id !== undefined) this.entry.userId = id;
    } else if (cls.has('personal_info')) {
      role = 'personal';
      this.sawPersonal = true;
    } else if (this.has('personal')) {
      if (cls.has('row')) {
        role = 'row';
        this.row = { label: '', value: '' };
      } else if (cls.has('label') && this.row) role = 'label';
      else if (cls.has('value') && this.row) role = 'value';
    }
    if (tag === 'br' || tag === 'img' || tag === 'meta' || tag === 'link' || tag === 'input') return;
    this.stack.push({ role });
  }

  onText(t: string): void {
    if (!this.titleDone && this.has('header-title')) this.title += t;
    else if (this.entry) {
      if (this.has('name')) this.entry.name += t;
      else if (this.has('info')) this.entry.info += t;
      else if (this.has('details')) this.entry.details += t;
    } else if (this.row) {
      if (this.has('label')) this.row.label += t;
      else if (this.has('value')) this.row.value += t;
    }
  }

  onClose(tag: string): void {
    if (tag === 'br' || tag === 'img' || tag === 'meta' || tag === 'link' || tag === 'input') return;
    const f = this.stack.pop();
    if (!f) return;
    if (f.role === 'header-title' && !this.titleDone) {
      this.titleDone = true;
      this.title = this.title.trim().replace(/\s+/g, ' ');
    } else if (f.role === 'entry' && this.entry) {
      const e = this.entry;
      this.entry = null;
      this.entries++;
      this.endEntry(e);
    } else if (f.role === 'row' && this.row) {
      const label = clean(this.row.label);
      if (label !== '') this.personal.set(label, clean(this.row.value));
      this.row = null;
    }
  }

  /** An HTML comment: nothing Telegram writes; ignored here (list pages carry no free text). */
  onComment(): void {}

  private listKind(): 'contacts' | 'frequent' | 'chats' | null {
    return LISTS[this.title] ?? null;
  }

  private endEntry(e: Entry): void {
    const list = this.listKind();
    const name = clean(e.name);
    if (list === 'contacts' || list === 'frequent') {
      if (e.userId === null) {
        // No user id (every contact of an export before tdesktop 4.15): the phone stays in the warning's raw text.
        const phone = list === 'contacts' ? storedPhone(clean(e.details)) : null;
        this.noId.push(`${name || '(no name)'}${phone ? ` (${phone})` : ''}`);
        return;
      }
      const phone = list === 'contacts' ? storedPhone(clean(e.details)) : null;
      this.users.add(
        `tg:user:${e.userId}`,
        null,
        name || null,
        phone,
        list === 'contacts' ? 'contacts' : 'frequent_contacts',
      );
    } else if (list === 'chats') {
      const link = CHAT_LINK.exec(e.href ?? '');
      const info = clean(e.info).toLowerCase();
      const type = CHAT_TYPES[info];
      if (!link) {
        this.noFolder.push(name || '(no name)');
        return;
      }
      if (type === undefined) this.unknownType.push(`${name} (${clean(e.info)})`);
      const folder = link[1]!;
      // A chat with no name is "Deleted Group" / "Deleted Channel" in the list but "Deleted Account" in its pages'
      // header (tdesktop's export_output_html.cpp): the id is made from what the pages say.
      const pageTitle =
        (name === 'Deleted Group' && type === 'group') || (name === 'Deleted Channel' && type === 'channel')
          ? 'Deleted Account'
          : name;
      const details = clean(e.details);
      if (/\boutgoing messages?\b/.test(details)) this.outgoing.push(`${name} (chats/${folder}: ${details})`);
      this.record({
        table: 'chats',
        row: {
          evidenceId: this.ctx.evidenceId,
          locator: `chats/${folder}`,
          chatId: htmlChatId(pageTitle, chatFolder(this.ctx.folder, folder), `chats/${folder}/messages.html`),
          type: type ?? 'unknown',
          title: name,
          username: null,
        },
      });
    }
  }

  finish(): void {
    const file = this.ctx.relativePath ?? this.ctx.fileName;
    if (!this.titleDone) {
      this.issue(
        'error',
        'file',
        `${file}: no Telegram page header found; is this a Telegram HTML export page?`,
      );
      return;
    }
    if (this.kind === 'summary') {
      this.finishSummary(file);
      return;
    }
    const list = this.listKind();
    if (list === null) {
      const why = NOT_STORED[this.title] ?? 'a list this version does not read';
      this.issue(
        'warning',
        'file',
        `${file}: the export's "${this.title.slice(0, 60)}" list (${count(this.entries, 'entry', 'entries')}) is not stored: ${why}`,
      );
      return;
    }
    const sample = (names: string[]) =>
      names
        .slice(0, 5)
        .map((n) => JSON.stringify(n.slice(0, 60)))
        .join(', ') + (names.length > 5 ? ` and ${names.length - 5} more` : '');
    if (this.noId.length > 0) {
      const why =
        list === 'contacts'
          ? 'carry no user id (title="ID: …", written since Telegram Desktop 4.15.0 for contacts with a Telegram account)'
          : "carry no user id (the HTML list of frequent contacts has none; the JSON export's has)";
      this.issue(
        'warning',
        'file',
        `${file}: ${this.noId.length} of ${this.entries} ${list === 'contacts' ? 'contacts' : 'frequent contacts'} ${why} and are not stored as Telegram users: ${sample(this.noId)}`,
        JSON.stringify(this.noId).slice(0, 1000),
      );
    }
    if (this.noFolder.length > 0)
      this.issue(
        'warning',
        'file',
        `${file}: listed chats that link no chats/chat_N folder (no messages were exported from them) are not stored (${this.noFolder.length}): ${sample(this.noFolder)}`,
        JSON.stringify(this.noFolder).slice(0, 1000),
      );
    if (this.unknownType.length > 0)
      this.issue(
        'warning',
        'file',
        `${file}: chat type not one of private, bot, group, channel; stored as "unknown": ${sample(this.unknownType)}`,
      );
    if (this.outgoing.length > 0)
      this.issue(
        'warning',
        'file',
        `${file}: chats exported with the owner's own messages only (their entry says "outgoing messages"; what others wrote there is not in the export) (${this.outgoing.length}): ${sample(this.outgoing)}`,
      );
  }

  /**
   * `export_results.html`: the owner's rows (First name, Last name, Phone number, Username, Bio), which the JSON
   * export's `personal_information` stores as a Telegram user. The HTML gives no user id: an owner with a username is
   * stored under it (`tg:@name`, an identifier of the account, CONTRACT §2) with his name and phone, so that his
   * phone is tied to him (HasPhone) and meets the contact lists that give the number a user id; without a username
   * nothing can name the account and nothing is stored. Either way a warning names the owner and keeps the rows as
   * its raw text.
   */
  private finishSummary(file: string): void {
    if (!this.sawPersonal || this.personal.size === 0) return;
    const get = (label: RegExp) => {
      for (const [k, v] of this.personal) if (label.test(k) && v !== '') return v;
      return null;
    };
    const name = [get(/^first name$/i), get(/^last name$/i)].filter((s) => s !== null).join(' ') || null;
    const rawPhone = get(/^phone/i);
    const phone = rawPhone ? storedPhone(rawPhone) : null;
    const username = get(/^username$/i);
    const who = [name && JSON.stringify(name.slice(0, 80)), phone, username?.slice(0, 40)].filter(Boolean);
    const handle = username ? USERNAME.exec(username)?.[1] : undefined;
    if (handle) this.users.add(`tg:@${handle.toLowerCase()}`, handle, name, phone, 'personal_information');
    this.issue(
      'warning',
      'personal_information',
      handle
        ? `${file}: the account's owner (${who.join(', ')}) is stored under his username tg:@${handle.toLowerCase()}, not a user id: the HTML export gives none (the JSON export's personal_information has it)`
        : `${file}: the account's owner (${who.join(', ') || 'no name'}) is not stored as a Telegram user: the HTML export gives no user id (the JSON export's personal_information has it) and no username`,
      JSON.stringify(Object.fromEntries(this.personal)).slice(0, 1000),
    );
  }
}

/** A Telegram username as `export_results.html` writes it (`@name`): 5–32 letters, digits and underscores. */
const USERNAME = /^@?([A-Za-z][A-Za-z0-9_]{3,31})$/;

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function clean(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/**
 * The folder of the chat a list entry links (`chat_N`), as the chat's own pages get it (`ParseContext.folder`):
 * the list page's folder's parent + `chats/chat_N`, as text. Undefined without the list page's folder.
 */
function chatFolder(listFolder: string | undefined, chat: string): string | undefined {
  if (listFolder === undefined || listFolder === '') return undefined;
  const f = listFolder.replace(/\\/g, '/').replace(/\/+$/, '');
  const cut = f.lastIndexOf('/');
  const root = cut >= 0 ? f.slice(0, cut) : '';
  return `${root}/chats/${chat}`;
}
