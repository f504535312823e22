-- tsunagu schema 2 (SQLite): Slack (see the PostgreSQL schema for the
-- rules). Times are Unix milliseconds (UTC); NULL means unset.

ALTER TABLE cases ADD COLUMN reminded_at INTEGER;
CREATE INDEX cases_slack_thread ON cases (slack_channel, slack_ts) WHERE slack_ts <> '';
CREATE INDEX cases_unclaimed ON cases (created_at) WHERE status = 'new';

CREATE TABLE slack_messages (
    channel    TEXT NOT NULL,
    ts         TEXT NOT NULL,
    case_id    INTEGER NOT NULL REFERENCES cases (id),
    kind       TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (channel, ts)
);
CREATE INDEX slack_messages_case ON slack_messages (case_id);

CREATE TABLE slack_events (
    id          TEXT PRIMARY KEY,
    received_at INTEGER NOT NULL
);
CREATE INDEX slack_events_received ON slack_events (received_at);
