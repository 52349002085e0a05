-- sales-pipeline: opportunity histories, append-only. Portable between PostgreSQL and H2.

-- One row per event of a deal's history. (opportunity_id, sequence_number) is unique: two writers
-- appending the same event number to one deal cannot both succeed. global_position orders every event
-- of every deal as it was committed, for subscribers.
CREATE TABLE sp_event (
    global_position BIGINT                   NOT NULL,
    opportunity_id  VARCHAR(200)             NOT NULL,
    sequence_number BIGINT                   NOT NULL,
    event_type      VARCHAR(40)              NOT NULL,
    schema_version  INTEGER                  NOT NULL,
    payload         TEXT                     NOT NULL,
    occurred_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    recorded_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT sp_event_pk PRIMARY KEY (global_position),
    CONSTRAINT sp_event_in_order UNIQUE (opportunity_id, sequence_number)
);

-- One row per deal: the version its history has reached, and what a sweep selects on. Updated in the
-- same transaction as the events it counts; a writer locks it to change the deal.
CREATE TABLE sp_opportunity (
    opportunity_id VARCHAR(200)             NOT NULL,
    pipeline_id    VARCHAR(200)             NOT NULL,
    version        BIGINT                   NOT NULL,
    is_open        BOOLEAN                  NOT NULL,
    owner_id       VARCHAR(200)             NOT NULL,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT sp_opportunity_pk PRIMARY KEY (opportunity_id)
);
CREATE INDEX sp_opportunity_open ON sp_opportunity (is_open, opportunity_id);

-- The last global position handed out. Appending locks this row until the commit, so positions are
-- handed out in commit order and a subscriber never skips an event committed late.
CREATE TABLE sp_position (
    id            INTEGER NOT NULL,
    last_position BIGINT  NOT NULL,
    CONSTRAINT sp_position_pk PRIMARY KEY (id)
);
INSERT INTO sp_position (id, last_position) VALUES (1, 0);

-- Each subscriber's checkpoint: the last global position it has handled.
CREATE TABLE sp_subscription (
    subscriber_name VARCHAR(200)             NOT NULL,
    last_position   BIGINT                   NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT sp_subscription_pk PRIMARY KEY (subscriber_name)
);
