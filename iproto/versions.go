package iproto

// The first Tarantool versions with a feature, as the engine, the driver
// and box check them before sending (UnsupportedError.Need), and as a user
// can compare a server's version with them.
const (
	// VersionStreams has IPROTO_ID, streams and interactive transactions,
	// and watchers.
	VersionStreams Version = 2<<16 | 10<<8
	// VersionSQLExtArgs binds extension values (DECIMAL, UUID, DATETIME,
	// INTERVAL), arrays and maps as SQL arguments; 2.6 to 2.9 crash on an
	// extension value bound in SQL and refuse arrays and maps.
	VersionSQLExtArgs Version = 2<<16 | 10<<8
	// VersionSettingsSpace lets every user write _session_settings.
	VersionSettingsSpace Version = 2<<16 | 10<<8 | 1
	// VersionLinearizable has the linearizable isolation level.
	VersionLinearizable Version = 2<<16 | 11<<8
	// VersionPagination has select pagination (after, fetch_pos).
	VersionPagination Version = 2<<16 | 11<<8
	// VersionPreparedAutoinc executes again a prepared statement that
	// generated autoincrement ids: before it (gh-6422, fixed in 2.10.4 and
	// 2.11.0) the next execution appends to the list of ids whose memory
	// the previous one freed, and the server fails or crashes (a 2.6.0
	// crash is seen when other requests run in between).
	VersionPreparedAutoinc Version = 2<<16 | 10<<8 | 4
	// VersionSQLSeqScan has the session setting sql_seq_scan.
	VersionSQLSeqScan Version = 2<<16 | 11<<8
)
