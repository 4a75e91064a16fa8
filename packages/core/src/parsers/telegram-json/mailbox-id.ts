/**
 * Telegram numbers the messages of private chats, bot chats, Saved Messages and basic groups per user
 * (each account has one message box), while channels and supergroups number theirs per chat. So two
 * buyers' exports of their chats with one shop bot carry the same chat id (the bot's) and the same
 * message ids for different messages. Qualifying those ids with the account (`u<owner's user id>:<id>`, where
 * the export names its owner) or else with the exporting file keeps the two conversations apart; channel ids stay
 * plain so the same channel exported twice is the same messages.
 */

/** Telegram Desktop JSON chat types whose message ids are per-account mailbox sequences. */
export const MAILBOX_CHAT_TYPES: ReadonlySet<string> = new Set([
  'personal_chat',
  'bot_chat',
  'saved_messages',
  // basic groups share the members' message boxes; `private_supergroup`/`private_channel` do not
  'private_group',
  'replies',
  'verification_codes',
]);

/** `<first 8 hex of the evidence id>:<id>`: a message id unique to the export that holds it (owner unknown). */
export function mailboxMessageId(evidenceId: string, id: string | number): string {
  return `${evidenceId.slice(0, 8)}:${id}`;
}

/** Whether a stored message id is a per-account one (`<evidence prefix>:<id>` or `u<owner>:<id>`; a version's too). */
export function isMailboxMessageId(id: string): boolean {
  return /^(?:[0-9a-f]{8}|u\d+):/.test(id);
}
