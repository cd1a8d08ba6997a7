-- Recommendations' exploration budget (RecommendationCandidatesReadModel) takes the newest public videos and posts for
-- every ranking; without this index each ranking sorted the whole content table (10 of its 30 ms at 50,000 items).
-- Written by Engagement's content rows as before; read by the candidates.
CREATE INDEX content_public_newest ON content (created_at DESC) WHERE kind IN ('video', 'post') AND visibility = 'public' AND deleted_at IS NULL;
