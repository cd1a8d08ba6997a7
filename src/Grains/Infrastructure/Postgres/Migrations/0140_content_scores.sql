-- Content analysis (issue 14): the scores the analysis models gave each new or edited text (posts, comments, videos'
-- title and description, chat messages), so moderators see them with the item's case. Written only by the analysis
-- domain's ContentScoreStore, one row per item (its latest text); text_hash tells a re-delivered event (same text:
-- nothing to do again) from an edit (new text: scored again).
CREATE TABLE content_scores (
    target_id       uuid NOT NULL,
    target_type     text NOT NULL,
    language        text NOT NULL,
    sentiment       text NOT NULL,
    sentiment_score double precision NOT NULL,
    toxicity        double precision NOT NULL,
    spam            double precision NOT NULL,
    flagged         boolean NOT NULL,
    held            boolean NOT NULL,
    text_hash       bytea NOT NULL,
    model_version   text NOT NULL,
    scored_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (target_id, target_type)
);

