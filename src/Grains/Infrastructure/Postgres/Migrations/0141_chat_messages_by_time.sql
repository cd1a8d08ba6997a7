-- The chat scorer (Analysis, ChatScoringWorker) reads live_chat_messages in (sent_at, id) order after its watermark;
-- without this index each pass would scan the table. Written by the chat's writer as before; read by the scorer.
CREATE INDEX live_chat_messages_by_time ON live_chat_messages (sent_at, id);
