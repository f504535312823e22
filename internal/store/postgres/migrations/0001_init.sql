-- tsunagu schema 1: residents, sessions, webhook events, transcript, cases, outbox.

CREATE TABLE residents (
    id            text PRIMARY KEY,
    followed_at   timestamptz,
    blocked_at    timestamptz,
    last_event_at timestamptz,
    dv_safe       boolean NOT NULL DEFAULT false,
    created_at    timestamptz NOT NULL
);

CREATE TABLE sessions (
    resident   text PRIMARY KEY,
    flow       text NOT NULL,
    step       text NOT NULL,
    vars       jsonb NOT NULL,
    version    bigint NOT NULL,
    updated_at timestamptz NOT NULL
);

-- Every LINE webhook event we acted on, by webhookEventId: a redelivery or a
-- duplicate hits the primary key and is ignored. body holds the text or
-- postback data until the turn is done, then it is cleared (the transcript
-- keeps what is needed).
CREATE TABLE inbound_events (
    id           text PRIMARY KEY,
    resident     text NOT NULL,
    source       text NOT NULL,
    type         text NOT NULL,
    standby      boolean NOT NULL,
    ts           timestamptz NOT NULL,
    reply_token  text NOT NULL,
    redelivery   boolean NOT NULL,
    message_type text NOT NULL,
    body         text NOT NULL,
    unblocked    boolean NOT NULL,
    received_at  timestamptz NOT NULL,
    processed_at timestamptz,
    outcome      text NOT NULL DEFAULT ''
);
CREATE INDEX inbound_events_pending ON inbound_events (resident, ts, id) WHERE processed_at IS NULL;
CREATE INDEX inbound_events_received ON inbound_events (received_at);

CREATE TABLE cases (
    id               bigint PRIMARY KEY,
    resident         text NOT NULL,
    channel          text NOT NULL,
    status           text NOT NULL,
    urgency          text NOT NULL,
    crisis           text NOT NULL,
    for_whom         text NOT NULL,
    summary          text NOT NULL,
    contact          jsonb NOT NULL,
    triage           jsonb NOT NULL,
    dv_safe          boolean NOT NULL,
    out_of_hours     boolean NOT NULL,
    created_at       timestamptz NOT NULL,
    notified_at      timestamptz,
    claimed_at       timestamptz,
    claimed_by       text NOT NULL DEFAULT '',
    closed_at        timestamptz,
    closed_by        text NOT NULL DEFAULT '',
    referred_to      text NOT NULL DEFAULT '',
    slack_channel    text NOT NULL DEFAULT '',
    slack_ts         text NOT NULL DEFAULT '',
    escalated_at     timestamptz,
    follow_up_at     timestamptz,
    follow_up_answer text NOT NULL DEFAULT '',
    updated_at       timestamptz NOT NULL
);
-- One open case per resident and channel.
CREATE UNIQUE INDEX cases_one_open ON cases (resident, channel) WHERE status IN ('new', 'claimed');
CREATE INDEX cases_resident ON cases (resident);
CREATE INDEX cases_created ON cases (created_at);

CREATE TABLE case_events (
    id      bigserial PRIMARY KEY,
    case_id bigint NOT NULL REFERENCES cases (id),
    at      timestamptz NOT NULL,
    actor   text NOT NULL,
    action  text NOT NULL,
    detail  text NOT NULL
);
CREATE INDEX case_events_case ON case_events (case_id, id);

CREATE TABLE messages (
    id        bigserial PRIMARY KEY,
    resident  text NOT NULL,
    case_id   bigint,
    direction text NOT NULL,
    body      text NOT NULL,
    out       jsonb,
    author    text NOT NULL,
    event_id  text NOT NULL,
    at        timestamptz NOT NULL
);
CREATE INDEX messages_resident ON messages (resident, id);
CREATE INDEX messages_case ON messages (case_id, id) WHERE case_id IS NOT NULL;

-- The outbox: every delivery to LINE or Slack, written with the turn that
-- caused it. okey orders delivery: one resident's LINE messages, one case's
-- Slack posts, each strictly in id order.
CREATE TABLE outbox (
    id           bigserial PRIMARY KEY,
    kind         text NOT NULL,
    okey         text NOT NULL,
    resident     text NOT NULL,
    case_id      bigint,
    reply_token  text NOT NULL,
    event_at     timestamptz,
    retry_key    text NOT NULL,
    payload      json NOT NULL,
    state        text NOT NULL,
    attempts     integer NOT NULL DEFAULT 0,
    -- recorded counts attempts whose outcome was written back; fewer than
    -- attempts means an attempt's outcome is unknown (the process died).
    recorded     integer NOT NULL DEFAULT 0,
    next_at      timestamptz NOT NULL,
    lease_owner  text NOT NULL DEFAULT '',
    lease_until  timestamptz,
    last_error   text NOT NULL DEFAULT '',
    reply_unsure boolean NOT NULL DEFAULT false,
    prompted     boolean NOT NULL,
    created_at   timestamptz NOT NULL,
    done_at      timestamptz
);
CREATE INDEX outbox_due ON outbox (next_at, id) WHERE state = 'pending';
CREATE INDEX outbox_order ON outbox (okey, id) WHERE state = 'pending';
