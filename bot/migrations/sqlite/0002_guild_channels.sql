-- Channels where moderators turned the bot on for every message (not only mentions).
CREATE TABLE guild_channels (
    guild_id   TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    enabled_by TEXT NOT NULL,
    enabled_at REAL NOT NULL,
    PRIMARY KEY (guild_id, channel_id)
);
