-- A private or bot chat whose owner is known is named by its two sides, `tg:chat:<lower id>_<higher id>`
-- (docs/formats/telegram.md, "Private chats across phones"; telegram-json parser 1.4.0): Telegram names a one-to-one
-- chat by its other side, so two buyers' chats with one dealer had one id. Rows stored before keep the other side's id
-- (`tg:chat:<id>`) with message ids qualified by the owner's message box (`u<owner>:<id>`): the owner is in those ids.
-- Messages, mentions and labels take the pair from their own message id; chat rows and memberships from the messages
-- of their evidence file in that chat. A chat row a second phone's copy lost to "same type and title" gets its own row.
-- Chats whose owner no id names (evidence-qualified ids: the owner never wrote) keep their id, as new ingests do.
-- Then the second phone's copies of one conversation go, and the analysis that names the old ids.

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

-- Both sides' phones in such a case held one conversation twice, each copy numbered in its own message box; now in
-- one chat, the copy from the file ingested later goes (as an ingest now does not store it): its mentions, labels and
-- membership with it, replies to it pointing at the copy kept. Same chat, author, second, text, media and action.
CREATE TEMP TABLE dragnet_mirror AS
SELECT chat_id, message_id, evidence_id, locator, keep_id FROM (
  SELECT m.chat_id, m.message_id, m.evidence_id, m.locator, dragnet_owner(m.message_id) AS box,
    first_value(m.message_id) OVER w AS keep_id,
    first_value(dragnet_owner(m.message_id)) OVER w AS keep_box
  FROM messages m LEFT JOIN evidence e ON e.id = m.evidence_id
  WHERE regexp_matches(m.chat_id, '^tg:chat:[0-9]{1,20}_[0-9]{1,20}$') AND regexp_matches(m.message_id, '^u[0-9]{1,20}:[0-9]+$')
  WINDOW w AS (
    PARTITION BY m.chat_id, m.author_id, m."timestamp", m.text, coalesce(m.media_kind, ''), coalesce(m.action, '')
    ORDER BY e.ingested_at NULLS LAST, m.evidence_id, m.message_id
  )
) WHERE box <> keep_box;

UPDATE messages SET reply_to = d.keep_id
FROM dragnet_mirror d
WHERE messages.chat_id = d.chat_id AND messages.reply_to = d.message_id;

DELETE FROM mentions
WHERE EXISTS (SELECT 1 FROM dragnet_mirror d WHERE d.chat_id = mentions.chat_id AND d.message_id = mentions.message_id);

DELETE FROM message_labels
WHERE EXISTS (
  SELECT 1 FROM dragnet_mirror d WHERE d.chat_id = message_labels.chat_id AND d.message_id = message_labels.message_id
);

DELETE FROM memberships
WHERE EXISTS (
  SELECT 1 FROM dragnet_mirror d
  WHERE d.evidence_id = memberships.evidence_id AND d.chat_id = memberships.chat_id AND d.locator = memberships.locator
);

DELETE FROM messages
WHERE EXISTS (SELECT 1 FROM dragnet_mirror d WHERE d.chat_id = messages.chat_id AND d.message_id = messages.message_id);

-- The last analysis names chats by their old ids: it goes when any chat was renamed (`dragnet analyze` makes it again;
-- `dragnet chats` and the workspace say there is none). The analysis rules and the analyst's decisions stay.
DELETE FROM documents
WHERE (key IN ('findings', 'findings-support') OR key LIKE 'report:%') AND EXISTS (SELECT 1 FROM dragnet_pair_of);

DROP TABLE dragnet_mirror;
DROP TABLE dragnet_pair_of;
DROP TABLE dragnet_private_chats;
DROP MACRO dragnet_owner;
DROP MACRO dragnet_pair_id;
