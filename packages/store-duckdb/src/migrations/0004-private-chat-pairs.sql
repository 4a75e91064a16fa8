-- A private or bot chat whose owner is known is named by its two sides, `tg:chat:<lower id>_<higher id>`
-- (docs/formats/telegram.md, "Private chats across phones"; telegram-json parser 1.4.0): Telegram names a one-to-one
-- chat by its other side, so two buyers' chats with one dealer had one id. Rows stored before keep the other side's id
-- (`tg:chat:<id>`) with message ids qualified by the owner's message box (`u<owner>:<id>`): the owner is in those ids.
-- Messages, mentions and labels take the pair from their own message id; chat rows and memberships from the messages
-- of their evidence file in that chat. A chat row a second phone's copy lost to "same type and title" gets its own row.
-- Chats whose owner no id names (evidence-qualified ids: the owner never wrote) keep their id, as new ingests do.

CREATE TEMP TABLE dragnet_private_chats AS
SELECT DISTINCT chat_id FROM chats
WHERE type IN ('private', 'bot') AND regexp_matches(chat_id, '^tg:chat:[0-9]{1,20}$');

CREATE TEMP MACRO dragnet_pair_id(owner, other) AS
  'tg:chat:' || CAST(least(CAST(owner AS HUGEINT), CAST(other AS HUGEINT)) AS VARCHAR) || '_'
  || CAST(greatest(CAST(owner AS HUGEINT), CAST(other AS HUGEINT)) AS VARCHAR);

CREATE TEMP MACRO dragnet_owner(message_id) AS regexp_extract(message_id, '^u([0-9]{1,20}):', 1);

-- Before the messages move: which pair each evidence file's copy of a private chat is.
CREATE TEMP TABLE dragnet_pair_of AS
SELECT DISTINCT evidence_id, chat_id AS old_id,
  dragnet_pair_id(dragnet_owner(message_id), substr(chat_id, 9)) AS new_id
FROM messages
WHERE chat_id IN (SELECT chat_id FROM dragnet_private_chats)
  AND dragnet_owner(message_id) <> ''
  AND CAST(dragnet_owner(message_id) AS HUGEINT) <> CAST(substr(chat_id, 9) AS HUGEINT);

INSERT INTO chats
SELECT DISTINCT ON (p.new_id) p.new_id, c.type, c.title, c.username, p.evidence_id, c.locator
FROM dragnet_pair_of p
JOIN chats c ON c.chat_id = p.old_id
WHERE NOT EXISTS (SELECT 1 FROM chats x WHERE x.evidence_id = p.evidence_id AND x.chat_id = p.old_id)
ORDER BY p.new_id, c.evidence_id;

UPDATE chats SET chat_id = p.new_id
FROM dragnet_pair_of p
WHERE chats.evidence_id = p.evidence_id AND chats.chat_id = p.old_id;

UPDATE memberships SET chat_id = p.new_id
FROM dragnet_pair_of p
WHERE memberships.evidence_id = p.evidence_id AND memberships.chat_id = p.old_id;

UPDATE messages SET chat_id = dragnet_pair_id(dragnet_owner(message_id), substr(chat_id, 9))
WHERE chat_id IN (SELECT chat_id FROM dragnet_private_chats)
  AND dragnet_owner(message_id) <> ''
  AND CAST(dragnet_owner(message_id) AS HUGEINT) <> CAST(substr(chat_id, 9) AS HUGEINT);

UPDATE mentions SET chat_id = dragnet_pair_id(dragnet_owner(message_id), substr(chat_id, 9))
WHERE chat_id IN (SELECT chat_id FROM dragnet_private_chats)
  AND dragnet_owner(message_id) <> ''
  AND CAST(dragnet_owner(message_id) AS HUGEINT) <> CAST(substr(chat_id, 9) AS HUGEINT);

UPDATE message_labels SET chat_id = dragnet_pair_id(dragnet_owner(message_id), substr(chat_id, 9))
WHERE chat_id IN (SELECT chat_id FROM dragnet_private_chats)
  AND dragnet_owner(message_id) <> ''
  AND CAST(dragnet_owner(message_id) AS HUGEINT) <> CAST(substr(chat_id, 9) AS HUGEINT);

DROP TABLE dragnet_pair_of;
DROP TABLE dragnet_private_chats;
DROP MACRO dragnet_owner;
DROP MACRO dragnet_pair_id;
