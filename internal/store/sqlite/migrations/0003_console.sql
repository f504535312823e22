-- tsunagu schema 3 (SQLite): the coordinators' console — accounts,
-- sessions, routing corrections, the audit log and retention runs (see the
-- PostgreSQL schema for the rules). Schema 2 is Slack's.

CREATE TABLE console_users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    name          TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL,
    channels      TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL,
    disabled_at   INTEGER
);

CREATE TABLE console_sessions (
    token_hash   BLOB PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES console_users (id) ON DELETE CASCADE,
    csrf         TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    last_seen_at INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    remote       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX console_sessions_user ON console_sessions (user_id);
CREATE INDEX console_sessions_expires ON console_sessions (expires_at);

CREATE TABLE routing_corrections (
    case_id      INTEGER PRIMARY KEY REFERENCES cases (id),
    body         TEXT NOT NULL,
    predicted    TEXT NOT NULL,
    routed       TEXT NOT NULL,
    channel      TEXT NOT NULL,
    crisis       TEXT NOT NULL,
    urgency      TEXT NOT NULL,
    corrected_by TEXT NOT NULL,
    corrected_at INTEGER NOT NULL
);
CREATE INDEX routing_corrections_at ON routing_corrections (corrected_at);

CREATE TABLE audit_log (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    at      INTEGER NOT NULL,
    actor   TEXT NOT NULL,
    action  TEXT NOT NULL,
    case_id INTEGER,
    detail  TEXT NOT NULL DEFAULT '',
    remote  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_case ON audit_log (case_id, id) WHERE case_id IS NOT NULL;
CREATE INDEX audit_log_actor ON audit_log (actor, id);

CREATE TABLE retention_runs (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    ran_at   INTEGER NOT NULL,
    cutoff   INTEGER NOT NULL,
    cases    INTEGER NOT NULL,
    messages INTEGER NOT NULL,
    outbox   INTEGER NOT NULL,
    events   INTEGER NOT NULL,
    sessions INTEGER NOT NULL
);

ALTER TABLE cases ADD COLUMN purged_at INTEGER;
CREATE INDEX cases_closed ON cases (closed_at) WHERE closed_at IS NOT NULL AND purged_at IS NULL;
