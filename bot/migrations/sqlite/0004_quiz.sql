-- Interest quiz progress, saved after every answer so the quiz resumes where it stopped.
CREATE TABLE quiz_progress (
    user_id    TEXT PRIMARY KEY,
    answers    TEXT NOT NULL,      -- JSON list of answer indexes, one per answered question
    updated_at REAL NOT NULL
);
