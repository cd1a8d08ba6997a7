-- The chat scorer (Analysis, ChatScoringWorker through UnscoredChatMessagesReadModel) reads the last minutes of
-- live_chat_messages by sent_at; without this index each pass would scan the table. Written by the chat's writer as
-- before; read by the scorer.
CREATE INDEX live_chat_messages_by_time ON live_chat_messages (sent_at, id);
