-- Where a server's staff hear about a student who may need help. Opt-in: no row, no alerts.
CREATE TABLE safety_alerts (
    guild_id   TEXT PRIMARY KEY,
    channel_id TEXT NOT NULL,
    role_id    TEXT,                  -- pinged with each alert, when set
    set_by     TEXT NOT NULL,         -- the moderator who turned alerts on
    set_at     REAL NOT NULL
);
