-- tsunagu schema 3: the coordinators' console — accounts, sessions, routing
-- corrections, the audit log and retention runs. (Schema 2 is Slack's.)

CREATE TABLE console_users (
    id            bigserial PRIMARY KEY,
    name          text NOT NULL UNIQUE,
    role          text NOT NULL,
    -- comma-separated channel IDs (staff role)
    channels      text NOT NULL DEFAULT '',
    -- argon2id PHC string; never the password
    password_hash text NOT NULL,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    disabled_at   timestamptz
);

-- Server-side sessions: the cookie holds a random token, this table its
-- SHA-256, so a leaked table does not give a login.
CREATE TABLE console_sessions (
    token_hash   bytea PRIMARY KEY,
    user_id      bigint NOT NULL REFERENCES console_users (id) ON DELETE CASCADE,
    csrf         text NOT NULL,
    created_at   timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    remote       text NOT NULL DEFAULT ''
);
CREATE INDEX console_sessions_user ON console_sessions (user_id);
CREATE INDEX console_sessions_expires ON console_sessions (expires_at);

-- One routing verdict per case (the latest wins): the labelled examples
-- exported for `tsunagu eval`.
CREATE TABLE routing_corrections (
    case_id      bigint PRIMARY KEY REFERENCES cases (id),
    body         text NOT NULL,
    predicted    text NOT NULL,
    routed       text NOT NULL,
    channel      text NOT NULL,
    crisis       text NOT NULL,
    urgency      text NOT NULL,
    corrected_by text NOT NULL,
    corrected_at timestamptz NOT NULL
);
CREATE INDEX routing_corrections_at ON routing_corrections (corrected_at);

-- Who viewed or exported what, and when. No foreign key: the audit
-- outlives what it talks about.
CREATE TABLE audit_log (
    id      bigserial PRIMARY KEY,
    at      timestamptz NOT NULL,
    actor   text NOT NULL,
    action  text NOT NULL,
    case_id bigint,
    detail  text NOT NULL DEFAULT '',
    remote  text NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_case ON audit_log (case_id, id) WHERE case_id IS NOT NULL;
CREATE INDEX audit_log_actor ON audit_log (actor, id);

CREATE TABLE retention_runs (
    id       bigserial PRIMARY KEY,
    ran_at   timestamptz NOT NULL,
    cutoff   timestamptz NOT NULL,
    cases    bigint NOT NULL,
    messages bigint NOT NULL,
    outbox   bigint NOT NULL,
    events   bigint NOT NULL,
    sessions bigint NOT NULL
);

-- Retention blanks a closed case's summary and contact once; purged_at says
-- it was done (figures keep channel, status, urgency and times).
ALTER TABLE cases ADD COLUMN purged_at timestamptz;
CREATE INDEX cases_closed ON cases (closed_at) WHERE closed_at IS NOT NULL AND purged_at IS NULL;
