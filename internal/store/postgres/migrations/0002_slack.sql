-- tsunagu schema 2: Slack. Cases are found by their Slack thread (a staff
-- reply in a thread), unclaimed cases are reminded once, copies of a case
-- in other channels are remembered, and Slack event deliveries are
-- deduplicated across replicas.

ALTER TABLE cases ADD COLUMN reminded_at timestamptz;
CREATE INDEX cases_slack_thread ON cases (slack_channel, slack_ts) WHERE slack_ts <> '';
CREATE INDEX cases_unclaimed ON cases (created_at) WHERE status = 'new';

CREATE TABLE slack_messages (
    channel    text NOT NULL,
    ts         text NOT NULL,
    case_id    bigint NOT NULL REFERENCES cases (id),
    kind       text NOT NULL,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (channel, ts)
);
CREATE INDEX slack_messages_case ON slack_messages (case_id);

-- Slack Events API deliveries already acted on (event_id), kept a few days.
CREATE TABLE slack_events (
    id          text PRIMARY KEY,
    received_at timestamptz NOT NULL
);
CREATE INDEX slack_events_received ON slack_events (received_at);
