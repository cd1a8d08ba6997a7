-- 0001_orleans.sql
-- Schema for the Orleans 10.4.2 ADO.NET providers on PostgreSQL 15 (invariant "Npgsql"):
--   * Microsoft.Orleans.Persistence.AdoNet (grain state)
--   * Microsoft.Orleans.Reminders.AdoNet   (reminder table)
--
-- Contract (checked against the 10.4.2 assemblies, not only the upstream .sql files):
--   * At silo start the providers read their SQL from OrleansQuery:
--       persistence: WriteToStorageKey, ReadFromStorageKey, ClearStorageKey, DeleteStorageKey
--       reminders:   ReadReminderRowsKey, ReadReminderRowKey, ReadRangeRows1Key, ReadRangeRows2Key,
--                    UpsertReminderRowKey, DeleteReminderRowKey, DeleteReminderRowsKey
--     A missing reminder key fails silo start; a missing DeleteStorageKey only matters with
--     DeleteStateOnClear = true.
--   * Parameters are bound by name (@Name). Persistence sends GrainIdHash int, GrainIdN0/N1 bigint,
--     GrainTypeHash int, GrainTypeString text, GrainIdExtensionString text (NULL unless the key has an
--     extension or is a plain string key), ServiceId text, GrainStateVersion int (NULL = never written),
--     PayloadBinary bytea. It sends NO PayloadJson/PayloadXml (older upstream scripts referenced them).
--   * Results are read by column name, case-insensitively: PayloadBinary, Version,
--     NewGrainStateVersion (reminders: GrainId, ReminderName, StartTime, Period, Version).
--   * The provider keeps ETags as int32 (int.Parse / Convert.ToInt32), so versions stay "integer".
--
-- Runs once, inside the transaction of the migration runner: no BEGIN/COMMIT here.
-- Identifiers are unquoted on purpose: the providers query e.g. "FROM OrleansQuery" unquoted,
-- so every name below is folded to lower case by PostgreSQL.

-- ---------------------------------------------------------------------------------------------
-- Query table: the only SQL Orleans runs is the text stored here, keyed by QueryKey.
-- ---------------------------------------------------------------------------------------------
CREATE TABLE OrleansQuery
(
    QueryKey  varchar(64) NOT NULL,
    QueryText text        NOT NULL, -- upstream uses varchar(8000); text avoids an arbitrary cap

    CONSTRAINT OrleansQuery_Key PRIMARY KEY (QueryKey)
);

-- ---------------------------------------------------------------------------------------------
-- Grain persistence
-- ---------------------------------------------------------------------------------------------
-- One row per (service, grain type, grain id). GuidKey grains use N0/N1 (the two halves of the
-- Guid), integer-key grains use N1, string-key grains put the whole key in
-- GrainIdExtensionString (N0 = N1 = 0). The hashes are computed by the provider and lead the
-- lookup so the index stays narrow.
CREATE TABLE OrleansStorage
(
    -- Surrogate key: upstream has no primary key at all; this gives tooling/replication one.
    Id                     bigint GENERATED ALWAYS AS IDENTITY,
    GrainIdHash            integer     NOT NULL,
    GrainIdN0              bigint      NOT NULL,
    GrainIdN1              bigint      NOT NULL,
    GrainTypeHash          integer     NOT NULL,
    GrainTypeString        text        NOT NULL,
    GrainIdExtensionString text        NULL,     -- NULL for plain Guid/long keys
    ServiceId              text        NOT NULL,
    PayloadBinary          bytea       NULL,     -- NULL after ClearStateAsync (row kept, version bumped)
    ModifiedOn             timestamptz NOT NULL DEFAULT now(),
    Version                integer     NOT NULL, -- the ETag; starts at 1, +1 per write/clear

    CONSTRAINT PK_OrleansStorage PRIMARY KEY (Id),
    -- Natural key. NULLS NOT DISTINCT (PostgreSQL 15+) makes a NULL extension count as a value,
    -- so two concurrent first writes of the same grain cannot both insert a row (upstream relies
    -- on a racy WHERE NOT EXISTS). Hash columns first: this index also serves every lookup.
    CONSTRAINT UQ_OrleansStorage_Grain UNIQUE NULLS NOT DISTINCT
        (GrainIdHash, GrainTypeHash, ServiceId, GrainIdN0, GrainIdN1, GrainTypeString, GrainIdExtensionString)
);

-- Optimistic-concurrency write. Returns the new version, or (on a lost race / stale ETag) the
-- version the caller sent, or NULL, which the provider turns into an InconsistentStateException.
CREATE OR REPLACE FUNCTION WriteToStorage(
    _GrainIdHash            integer,
    _GrainIdN0              bigint,
    _GrainIdN1              bigint,
    _GrainTypeHash          integer,
    _GrainTypeString        text,
    _GrainIdExtensionString text,
    _ServiceId              text,
    _GrainStateVersion      integer,
    _PayloadBinary          bytea)
    RETURNS TABLE (NewGrainStateVersion integer)
    LANGUAGE plpgsql
AS $$
DECLARE
    _NewVersion integer;
BEGIN
    IF _GrainStateVersion IS NOT NULL THEN
        -- The grain has read/written before: only update the row still at the version it knows.
        UPDATE OrleansStorage AS s
        SET    PayloadBinary = _PayloadBinary,
               ModifiedOn    = now(),
               Version       = s.Version + 1
        WHERE  s.GrainIdHash     = _GrainIdHash
          AND  s.GrainTypeHash   = _GrainTypeHash
          AND  s.ServiceId       = _ServiceId
          AND  s.GrainIdN0       = _GrainIdN0
          AND  s.GrainIdN1       = _GrainIdN1
          AND  s.GrainTypeString = _GrainTypeString
          AND  s.GrainIdExtensionString IS NOT DISTINCT FROM _GrainIdExtensionString
          AND  s.Version         = _GrainStateVersion
        RETURNING s.Version INTO _NewVersion;
    ELSE
        -- No ETag: first write of this grain. If a row already exists (another activation won,
        -- or state was written elsewhere) the unique key makes this a no-op instead of a duplicate.
        INSERT INTO OrleansStorage
            (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString,
             GrainIdExtensionString, ServiceId, PayloadBinary, ModifiedOn, Version)
        VALUES
            (_GrainIdHash, _GrainIdN0, _GrainIdN1, _GrainTypeHash, _GrainTypeString,
             _GrainIdExtensionString, _ServiceId, _PayloadBinary, now(), 1)
        ON CONFLICT ON CONSTRAINT UQ_OrleansStorage_Grain DO NOTHING
        RETURNING Version INTO _NewVersion;
    END IF;

    -- Unchanged version (or NULL) tells the provider the write did not happen.
    RETURN QUERY SELECT COALESCE(_NewVersion, _GrainStateVersion);
END
$$;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
(
    'WriteToStorageKey', '
    SELECT NewGrainStateVersion
    FROM WriteToStorage(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
                        @GrainIdExtensionString, @ServiceId, @GrainStateVersion, @PayloadBinary);
'),
(
    -- No row = never written. A row with NULL payload = cleared; its Version is still the ETag.
    'ReadFromStorageKey', '
    SELECT PayloadBinary, Version
    FROM OrleansStorage
    WHERE GrainIdHash     = @GrainIdHash
      AND GrainTypeHash   = @GrainTypeHash
      AND ServiceId       = @ServiceId
      AND GrainIdN0       = @GrainIdN0
      AND GrainIdN1       = @GrainIdN1
      AND GrainTypeString = @GrainTypeString
      AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString;
'),
(
    -- ClearStateAsync (default): keep the row, drop the payload, bump the version.
    -- Returns no row on a stale ETag -> InconsistentStateException.
    'ClearStorageKey', '
    UPDATE OrleansStorage
    SET PayloadBinary = NULL,
        ModifiedOn    = now(),
        Version       = Version + 1
    WHERE GrainIdHash     = @GrainIdHash
      AND GrainTypeHash   = @GrainTypeHash
      AND ServiceId       = @ServiceId
      AND GrainIdN0       = @GrainIdN0
      AND GrainIdN1       = @GrainIdN1
      AND GrainTypeString = @GrainTypeString
      AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
      AND Version         = @GrainStateVersion
    RETURNING Version AS NewGrainStateVersion;
'),
(
    -- ClearStateAsync with DeleteStateOnClear = true: remove the row. The provider only needs a
    -- value different from the old ETag (it resets the ETag to NULL afterwards).
    'DeleteStorageKey', '
    DELETE FROM OrleansStorage
    WHERE GrainIdHash     = @GrainIdHash
      AND GrainTypeHash   = @GrainTypeHash
      AND ServiceId       = @ServiceId
      AND GrainIdN0       = @GrainIdN0
      AND GrainIdN1       = @GrainIdN1
      AND GrainTypeString = @GrainTypeString
      AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
      AND Version         = @GrainStateVersion
    RETURNING Version + 1 AS NewGrainStateVersion;
');

-- ---------------------------------------------------------------------------------------------
-- Reminders
-- ---------------------------------------------------------------------------------------------
-- GrainId is GrainId.ToString() ("type/key"); GrainHash is its uniform hash as a signed int,
-- used by the reminder service to split the ring between silos.
CREATE TABLE OrleansRemindersTable
(
    ServiceId    text        NOT NULL,
    GrainId      text        NOT NULL, -- upstream varchar(150) is short for long string keys
    ReminderName text        NOT NULL,
    StartTime    timestamptz NOT NULL, -- provider sends/reads UTC DateTime
    Period       bigint      NOT NULL, -- milliseconds; bigint so periods > ~24.8 days fit
    GrainHash    integer     NOT NULL,
    Version      integer     NOT NULL, -- the ETag; 0 on insert, +1 per upsert

    CONSTRAINT PK_RemindersTable_ServiceId_GrainId_ReminderName PRIMARY KEY (ServiceId, GrainId, ReminderName)
);

-- Each silo periodically loads its hash range (ReadRangeRows1Key/2Key); upstream has no index.
CREATE INDEX IX_RemindersTable_ServiceId_GrainHash ON OrleansRemindersTable (ServiceId, GrainHash);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
(
    -- Single atomic statement instead of the upsert_reminder_row() function upstream uses.
    -- The Period parameter arrives as int or bigint depending on its size; both assign to bigint.
    'UpsertReminderRowKey', '
    INSERT INTO OrleansRemindersTable AS r
        (ServiceId, GrainId, ReminderName, StartTime, Period, GrainHash, Version)
    VALUES
        (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
    ON CONFLICT (ServiceId, GrainId, ReminderName) DO UPDATE
    SET StartTime = EXCLUDED.StartTime,
        Period    = EXCLUDED.Period,
        GrainHash = EXCLUDED.GrainHash,
        Version   = r.Version + 1
    RETURNING r.Version AS Version;
'),
(
    'ReadReminderRowsKey', '
    SELECT GrainId, ReminderName, StartTime, Period, Version
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId
      AND GrainId   = @GrainId;
'),
(
    'ReadReminderRowKey', '
    SELECT GrainId, ReminderName, StartTime, Period, Version
    FROM OrleansRemindersTable
    WHERE ServiceId    = @ServiceId
      AND GrainId      = @GrainId
      AND ReminderName = @ReminderName;
'),
(
    -- Used when (int)BeginHash < (int)EndHash: a contiguous range (Begin, End].
    'ReadRangeRows1Key', '
    SELECT GrainId, ReminderName, StartTime, Period, Version
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId
      AND GrainHash > @BeginHash
      AND GrainHash <= @EndHash;
'),
(
    -- Otherwise the range wraps around the ring: (Begin, max] + [min, End].
    'ReadRangeRows2Key', '
    SELECT GrainId, ReminderName, StartTime, Period, Version
    FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId
      AND (GrainHash > @BeginHash OR GrainHash <= @EndHash);
'),
(
    -- Must always return exactly one row with one column (read as a boolean: deleted or not),
    -- hence the count over the DELETE instead of the delete_reminder_row() function upstream uses.
    'DeleteReminderRowKey', '
    WITH deleted AS (
        DELETE FROM OrleansRemindersTable
        WHERE ServiceId    = @ServiceId
          AND GrainId      = @GrainId
          AND ReminderName = @ReminderName
          AND Version      = @Version
        RETURNING 1
    )
    SELECT count(*) FROM deleted;
'),
(
    'DeleteReminderRowsKey', '
    DELETE FROM OrleansRemindersTable
    WHERE ServiceId = @ServiceId;
');
