-- tsunagu schema 1 (SQLite): residents, sessions, webhook events, transcript,
-- cases, outbox. Times are Unix milliseconds (UTC); NULL means unset.

CREATE TABLE residents (
    id            TEXT PRIMARY KEY,
    followed_at   INTEGER,
    blocked_at    INTEGER,
    last_event_at INTEGER,
    dv_safe       INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL
);

CREATE TABLE sessions (
    resident   TEXT PRIMARY KEY,
    flow       TEXT NOT NULL,
    step       TEXT NOT NULL,
    vars       TEXT NOT NULL,
    version    INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

-- Every LINE webhook event we acted on, by webhookEventId (see the
-- PostgreSQL schema for the rules).
CREATE TABLE inbound_events (
    id           TEXT PRIMARY KEY,
    resident     TEXT NOT NULL,
    source       TEXT NOT NULL,
    type         TEXT NOT NULL,
    standby      INTEGER NOT NULL,
    ts           INTEGER NOT NULL,
    reply_token  TEXT NOT NULL,
    redelivery   INTEGER NOT NULL,
    message_type TEXT NOT NULL,
    body         TEXT NOT NULL,
    unblocked    INTEGER NOT NULL,
    received_at  INTEGER NOT NULL,
    processed_at INTEGER,
    outcome      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX inbound_events_pending ON inbound_events (resident, ts, id) WHERE processed_at IS NULL;
CREATE INDEX inbound_events_received ON inbound_events (received_at);

CREATE TABLE cases (
    id               INTEGER PRIMARY KEY,
    resident         TEXT NOT NULL,
    channel          TEXT NOT NULL,
    status           TEXT NOT NULL,
    urgency          TEXT NOT NULL,
    crisis           TEXT NOT NULL,
    for_whom         TEXT NOT NULL,
    summary          TEXT NOT NULL,
    contact          TEXT NOT NULL,
    triage           TEXT NOT NULL,
    dv_safe          INTEGER NOT NULL,
    out_of_hours     INTEGER NOT NULL,
    created_at       INTEGER NOT NULL,
    notified_at      INTEGER,
    claimed_at       INTEGER,
    claimed_by       TEXT NOT NULL DEFAULT '',
    closed_at        INTEGER,
    closed_by        TEXT NOT NULL DEFAULT '',
    referred_to      TEXT NOT NULL DEFAULT '',
    slack_channel    TEXT NOT NULL DEFAULT '',
    slack_ts         TEXT NOT NULL DEFAULT '',
    escalated_at     INTEGER,
    follow_up_at     INTEGER,
    follow_up_answer TEXT NOT NULL DEFAULT '',
    updated_at       INTEGER NOT NULL
);
CREATE UNIQUE INDEX cases_one_open ON cases (resident, channel) WHERE status IN ('new', 'claimed');
CREATE INDEX cases_resident ON cases (resident);
CREATE INDEX cases_created ON cases (created_at);

CREATE TABLE case_events (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id INTEGER NOT NULL REFERENCES cases (id),
    at      INTEGER NOT NULL,
    actor   TEXT NOT NULL,
    action  TEXT NOT NULL,
    detail  TEXT NOT NULL
);
CREATE INDEX case_events_case ON case_events (case_id, id);

CREATE TABLE messages (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    resident  TEXT NOT NULL,
    case_id   INTEGER,
    direction TEXT NOT NULL,
    body      TEXT NOT NULL,
    out       TEXT,
    author    TEXT NOT NULL,
    event_id  TEXT NOT NULL,
    at        INTEGER NOT NULL
);
CREATE INDEX messages_resident ON messages (resident, id);
CREATE INDEX messages_case ON messages (case_id, id) WHERE case_id IS NOT NULL;

CREATE TABLE outbox (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    kind         TEXT NOT NULL,
    okey         TEXT NOT NULL,
    resident     TEXT NOT NULL,
    case_id      INTEGER,
    reply_token  TEXT NOT NULL,
    event_at     INTEGER,
    retry_key    TEXT NOT NULL,
    payload      TEXT NOT NULL,
    state        TEXT NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    recorded     INTEGER NOT NULL DEFAULT 0,
    next_at      INTEGER NOT NULL,
    lease_owner  TEXT NOT NULL DEFAULT '',
    lease_until  INTEGER,
    last_error   TEXT NOT NULL DEFAULT '',
    reply_unsure INTEGER NOT NULL DEFAULT 0,
    prompted     INTEGER NOT NULL,
    created_at   INTEGER NOT NULL,
    done_at      INTEGER
);
CREATE INDEX outbox_due ON outbox (next_at, id) WHERE state = 'pending';
CREATE INDEX outbox_order ON outbox (okey, id) WHERE state = 'pending';
