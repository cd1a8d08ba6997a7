-- A recorded stream's video: its id is chosen when the stream goes live; pending until the recording is in the media
-- store and the video exists (then the id stays), or is known lost (then the id is cleared).
ALTER TABLE live_streams
    ADD COLUMN recording_video_id uuid,
    ADD COLUMN recording_pending  boolean NOT NULL DEFAULT false;
