-- Conversation context, saved careers and the event log.
CREATE TABLE conversations (
    scope      TEXT PRIMARY KEY,          -- guild:channel:user
    user_id    TEXT NOT NULL,
    context    TEXT NOT NULL,             -- JSON of bot.context.Context
    updated_at REAL NOT NULL
);
CREATE INDEX conversations_user ON conversations (user_id);

CREATE TABLE saved_careers (
    user_id   TEXT NOT NULL,
    career_id TEXT NOT NULL,
    saved_at  REAL NOT NULL,
    PRIMARY KEY (user_id, career_id)
);

CREATE TABLE events (
    id         INTEGER PRIMARY KEY,
    at         REAL NOT NULL,
    guild_id   TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    intent     TEXT NOT NULL,
    career     TEXT,
    outcome    TEXT NOT NULL,             -- answer | clarify | fallback
    confidence REAL NOT NULL,
    text       TEXT                       -- raw message, purged after the retention window
);
CREATE INDEX events_at ON events (at);
CREATE INDEX events_user ON events (user_id);
