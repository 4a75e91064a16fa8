-- Dragnet case store, schema 1. Generated once from packages/core/src/model/tables.ts (TABLES) and
-- checked against it by migrations.test.ts: change both together, in a new migration file.
-- Conventions: snake_case columns; money DECIMAL(38,18) (exact, 20 integer + 18 fractional digits);
-- instants TIMESTAMPTZ stored as UTC; json JSON. Keys named in TABLES are not SQL constraints
-- (appends stay fast); evidence.id and documents.key are.

CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name VARCHAR NOT NULL,
  applied_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE documents (
  "key" VARCHAR PRIMARY KEY,
  "value" JSON NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE evidence (
  "id" VARCHAR NOT NULL PRIMARY KEY,
  "size" BIGINT NOT NULL,
  "original_name" VARCHAR NOT NULL,
  "stored_path" VARCHAR NOT NULL,
  "format" VARCHAR NOT NULL,
  "parser_version" VARCHAR NOT NULL,
  "source" VARCHAR,
  "ingested_at" TIMESTAMPTZ NOT NULL,
  "accepted" BIGINT NOT NULL,
  "quarantined" BIGINT NOT NULL
);

CREATE TABLE issues (
  "evidence_id" VARCHAR,
  "locator" VARCHAR,
  "severity" VARCHAR NOT NULL,
  "reason" VARCHAR NOT NULL,
  "raw" VARCHAR
);

CREATE TABLE transfers (
  "id" VARCHAR NOT NULL,
  "tx_id" VARCHAR,
  "timestamp" TIMESTAMPTZ NOT NULL,
  "amount" DECIMAL(38,18) NOT NULL,
  "currency" VARCHAR NOT NULL,
  "from_account" VARCHAR,
  "to_account" VARCHAR,
  "from_holder" VARCHAR,
  "to_holder" VARCHAR,
  "channel" VARCHAR NOT NULL,
  "reference" VARCHAR,
  "props" JSON,
  "evidence_id" VARCHAR,
  "locator" VARCHAR
);

CREATE TABLE transfer_sources (
  "transfer_id" VARCHAR NOT NULL,
  "rule" VARCHAR NOT NULL,
  "evidence_id" VARCHAR,
  "locator" VARCHAR
);

CREATE TABLE holders (
  "account" VARCHAR NOT NULL,
  "holder_name" VARCHAR,
  "iin" VARCHAR,
  "passport" VARCHAR,
  "nationality" VARCHAR,
  "birthdate" DATE,
  "phone" VARCHAR,
  "address" VARCHAR,
  "institution" VARCHAR,
  "opened_at" DATE,
  "evidence_id" VARCHAR,
  "locator" VARCHAR
);

CREATE TABLE exchanges (
  "exchange" VARCHAR NOT NULL,
  "name" VARCHAR,
  "jurisdiction" VARCHAR,
  "licensed" BOOLEAN,
  "license_ref" VARCHAR,
  "evidence_id" VARCHAR,
  "locator" VARCHAR
);

CREATE TABLE exchange_orders (
  "exchange" VARCHAR NOT NULL,
  "order_id" VARCHAR NOT NULL,
  "timestamp" TIMESTAMPTZ NOT NULL,
  "buyer_user" VARCHAR,
  "seller_user" VARCHAR,
  "fiat_amount" DECIMAL(38,18),
  "fiat_currency" VARCHAR,
  "crypto_amount" DECIMAL(38,18),
  "asset" VARCHAR,
  "payment_from" VARCHAR,
  "payment_to" VARCHAR,
  "evidence_id" VARCHAR,
  "locator" VARCHAR
);

CREATE TABLE persons (
  "person_id" VARCHAR NOT NULL,
  "name" VARCHAR,
  "iin" VARCHAR,
  "passport" VARCHAR,
  "nationality" VARCHAR,
  "birthdate" DATE,
  "status" VARCHAR NOT NULL,
  "evidence_id" VARCHAR,
  "locator" VARCHAR
);

CREATE TABLE seizures (
  "seizure_id" VARCHAR NOT NULL,
  "date" DATE,
  "place" VARCHAR,
  "lat" DOUBLE,
  "lon" DOUBLE,
  "substance" VARCHAR,
  "mass_g" DECIMAL(38,18),
  "description" VARCHAR,
  "person_id" VARCHAR,
  "evidence_id" VARCHAR,
  "locator" VARCHAR
);

CREATE TABLE fx_rates (
  "date" DATE NOT NULL,
  "currency" VARCHAR NOT NULL,
  "usd_per_unit" DECIMAL(38,18) NOT NULL,
  "evidence_id" VARCHAR,
  "locator" VARCHAR
);

CREATE TABLE chats (
  "chat_id" VARCHAR NOT NULL,
  "type" VARCHAR NOT NULL,
  "title" VARCHAR,
  "username" VARCHAR,
  "evidence_id" VARCHAR,
  "locator" VARCHAR
);

CREATE TABLE tg_users (
  "user_id" VARCHAR NOT NULL,
  "username" VARCHAR,
  "display_name" VARCHAR,
  "phone" VARCHAR,
  "evidence_id" VARCHAR,
  "locator" VARCHAR
);

CREATE TABLE messages (
  "chat_id" VARCHAR NOT NULL,
  "message_id" VARCHAR NOT NULL,
  "timestamp" TIMESTAMPTZ NOT NULL,
  "author_id" VARCHAR,
  "author_name" VARCHAR,
  "text" VARCHAR NOT NULL,
  "reply_to" VARCHAR,
  "forwarded_from" VARCHAR,
  "via_bot" VARCHAR,
  "edited" TIMESTAMPTZ,
  "media_kind" VARCHAR,
  "action" VARCHAR,
  "evidence_id" VARCHAR,
  "locator" VARCHAR
);

CREATE TABLE mentions (
  "chat_id" VARCHAR NOT NULL,
  "message_id" VARCHAR NOT NULL,
  "identifier" VARCHAR NOT NULL,
  "kind" VARCHAR NOT NULL,
  "start" INTEGER NOT NULL,
  "end" INTEGER NOT NULL,
  "validated" BOOLEAN NOT NULL,
  "raw" VARCHAR NOT NULL,
  "source" VARCHAR NOT NULL,
  "evidence_id" VARCHAR,
  "locator" VARCHAR
);

CREATE TABLE memberships (
  "user_id" VARCHAR NOT NULL,
  "chat_id" VARCHAR NOT NULL,
  "role" VARCHAR NOT NULL,
  "timestamp" TIMESTAMPTZ,
  "evidence_id" VARCHAR,
  "locator" VARCHAR
);

CREATE TABLE message_labels (
  "chat_id" VARCHAR NOT NULL,
  "message_id" VARCHAR NOT NULL,
  "label" VARCHAR NOT NULL,
  "score" DOUBLE NOT NULL,
  "lexicon_version" VARCHAR NOT NULL,
  "terms" JSON NOT NULL,
  "evidence_id" VARCHAR,
  "locator" VARCHAR
);

CREATE TABLE statements (
  "account" VARCHAR NOT NULL,
  "statement_id" VARCHAR,
  "period_from" DATE,
  "period_to" DATE,
  "currency" VARCHAR,
  "opening_balance" DECIMAL(38,18),
  "closing_balance" DECIMAL(38,18),
  "credits" DECIMAL(38,18),
  "debits" DECIMAL(38,18),
  "entries" INTEGER NOT NULL,
  "reconciled" BOOLEAN,
  "evidence_id" VARCHAR,
  "locator" VARCHAR
);

CREATE TABLE same_as (
  "a" VARCHAR NOT NULL,
  "b" VARCHAR NOT NULL,
  "reason" VARCHAR NOT NULL,
  "score" DOUBLE NOT NULL,
  "source" VARCHAR NOT NULL,
  "evidence_id" VARCHAR,
  "locator" VARCHAR
);
