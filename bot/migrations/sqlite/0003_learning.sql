-- Moderators teach the bot: the best guess for each miss, review state, learned phrasings.
ALTER TABLE events ADD COLUMN guess TEXT;               -- "intent" or "intent:career" the bot half-believed
ALTER TABLE events ADD COLUMN resolved INTEGER NOT NULL DEFAULT 0;

CREATE TABLE learned_examples (
    id         INTEGER PRIMARY KEY,
    guild_id   TEXT NOT NULL,
    text       TEXT NOT NULL,
    intent     TEXT NOT NULL,
    career     TEXT,
    added_at   REAL NOT NULL,
    UNIQUE (guild_id, text)
);
