import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

/**
 * The chat id of an HTML export, which does not contain one: a hash of the folder holding the page and the
 * chat's title. Every page of one chat (`messages.html`, `messages2.html` …) lies in one folder and gets the
 * same id, so pages ingested one by one join; two chats in different folders never share an id, whatever their
 * titles (two single-chat exports `ChatExport_…` of same-titled groups, or `chats/chat_1` and `chats/chat_2` of a
 * full-account export, ingested through any folder). `folder` is `ParseContext.folder`; without it (a caller
 * that does not know where the file lay) the `chats/chat_NNN` part of the relative path, else empty.
 */
export function htmlChatId(title: string, folder?: string, relativePath?: string): string {
  const where =
    folder !== undefined && folder !== ''
      ? folder.replace(/\\/g, '/').replace(/\/+$/, '')
      : relativePath
        ? (/(?:^|\/)(chats\/chat_\d+)\//.exec(relativePath.replace(/\\/g, '/'))?.[1] ?? '')
        : '';
  const h = bytesToHex(sha256(new TextEncoder().encode(`${where}\u0000${title}`))).slice(0, 16);
  return `tg:chat:html-${h}`;
}
