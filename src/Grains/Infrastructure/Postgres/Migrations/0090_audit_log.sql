-- Every privileged action, one row each: who (actor_id; null for the operator's command line), what (action),
-- on what (target_type, target_id), why (reason) and in which request (request_id). Rows are appended in the
-- transaction of the action they record, by the Moderation domain's AuditLog, and never changed or removed: the
-- application's role owns its tables, so revoking privileges alone would not hold; these triggers refuse UPDATE,
-- DELETE and TRUNCATE to every role. Only a migration (ALTER TABLE … DISABLE TRIGGER) could get around them.
CREATE TABLE audit_log (
    id          uuid PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    actor_id    uuid,
    action      text NOT NULL,
    target_type text NOT NULL,
    target_id   text NOT NULL,
    reason      text,
    request_id  text,
    details     jsonb
);
CREATE INDEX audit_log_by_time ON audit_log (at DESC, id DESC);
CREATE INDEX audit_log_by_actor ON audit_log (actor_id, at DESC);
CREATE INDEX audit_log_by_target ON audit_log (target_type, target_id, at DESC);

CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
