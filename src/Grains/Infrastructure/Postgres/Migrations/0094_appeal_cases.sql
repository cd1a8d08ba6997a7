-- An appeal is a queue item (issue 12: "moderators see them in the queue"): a moderation case whose id and target_id
-- are the appeal's, target_type 'appeal', owner the appellant; it is decided through the queue's claim and resolve.
-- Appeals filed before this migration and still pending get their item here (without a snapshot of the struck item).
INSERT INTO moderation_cases (id, target_type, target_id, owner_id, weight, priority, latest_reports, opened_at)
SELECT p.id, 'appeal', p.id, p.account_id, 3, moderation_priority(3, 0, 0, 0),
       jsonb_build_array(jsonb_build_object('reason', 'appeal', 'text', p.text, 'createdAt', p.created_at)), p.created_at
FROM appeals p
WHERE p.status = 'pending'
ON CONFLICT DO NOTHING;
