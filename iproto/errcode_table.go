// Code generated from Tarantool's src/box/errcode.h (master, codes 0-305;
// Tarantool 2.6 defines 0-218). DO NOT EDIT by hand: the names and numbers
// are the server's.

package iproto

// Error codes the server reports in the low 15 bits of an error reply's type
// and in the CODE field of each MP_ERROR frame. Their String method gives the
// server's own name (ER_TUPLE_FOUND ...). Code 47 is named ER_CREDS_MISMATCH
// here, as in Tarantool 2.10.4 and later; 2.6 called it ER_PASSWORD_MISMATCH.
const (
	ErUnknown                       ErrorCode = 0   // ER_UNKNOWN
	ErIllegalParams                 ErrorCode = 1   // ER_ILLEGAL_PARAMS
	ErMemoryIssue                   ErrorCode = 2   // ER_MEMORY_ISSUE
	ErTupleFound                    ErrorCode = 3   // ER_TUPLE_FOUND
	ErUnsupported                   ErrorCode = 5   // ER_UNSUPPORTED
	ErReadonly                      ErrorCode = 7   // ER_READONLY
	ErInjection                     ErrorCode = 8   // ER_INJECTION
	ErCreateSpace                   ErrorCode = 9   // ER_CREATE_SPACE
	ErSpaceExists                   ErrorCode = 10  // ER_SPACE_EXISTS
	ErDropSpace                     ErrorCode = 11  // ER_DROP_SPACE
	ErAlterSpace                    ErrorCode = 12  // ER_ALTER_SPACE
	ErIndexType                     ErrorCode = 13  // ER_INDEX_TYPE
	ErModifyIndex                   ErrorCode = 14  // ER_MODIFY_INDEX
	ErLastDrop                      ErrorCode = 15  // ER_LAST_DROP
	ErTupleFormatLimit              ErrorCode = 16  // ER_TUPLE_FORMAT_LIMIT
	ErDropPrimaryKey                ErrorCode = 17  // ER_DROP_PRIMARY_KEY
	ErKeyPartType                   ErrorCode = 18  // ER_KEY_PART_TYPE
	ErExactMatch                    ErrorCode = 19  // ER_EXACT_MATCH
	ErInvalidMsgpack                ErrorCode = 20  // ER_INVALID_MSGPACK
	ErTupleNotArray                 ErrorCode = 22  // ER_TUPLE_NOT_ARRAY
	ErFieldType                     ErrorCode = 23  // ER_FIELD_TYPE
	ErIndexPartTypeMismatch         ErrorCode = 24  // ER_INDEX_PART_TYPE_MISMATCH
	ErUpdateSplice                  ErrorCode = 25  // ER_UPDATE_SPLICE
	ErUpdateArgType                 ErrorCode = 26  // ER_UPDATE_ARG_TYPE
	ErFormatMismatchIndexPart       ErrorCode = 27  // ER_FORMAT_MISMATCH_INDEX_PART
	ErUnknownUpdateOp               ErrorCode = 28  // ER_UNKNOWN_UPDATE_OP
	ErUpdateField                   ErrorCode = 29  // ER_UPDATE_FIELD
	ErFunctionTxActive              ErrorCode = 30  // ER_FUNCTION_TX_ACTIVE
	ErKeyPartCount                  ErrorCode = 31  // ER_KEY_PART_COUNT
	ErProcLua                       ErrorCode = 32  // ER_PROC_LUA
	ErNoSuchProc                    ErrorCode = 33  // ER_NO_SUCH_PROC
	ErNoSuchTrigger                 ErrorCode = 34  // ER_NO_SUCH_TRIGGER
	ErNoSuchIndexID                 ErrorCode = 35  // ER_NO_SUCH_INDEX_ID
	ErNoSuchSpace                   ErrorCode = 36  // ER_NO_SUCH_SPACE
	ErNoSuchFieldNo                 ErrorCode = 37  // ER_NO_SUCH_FIELD_NO
	ErExactFieldCount               ErrorCode = 38  // ER_EXACT_FIELD_COUNT
	ErFieldMissing                  ErrorCode = 39  // ER_FIELD_MISSING
	ErWALIO                         ErrorCode = 40  // ER_WAL_IO
	ErMoreThanOneTuple              ErrorCode = 41  // ER_MORE_THAN_ONE_TUPLE
	ErAccessDenied                  ErrorCode = 42  // ER_ACCESS_DENIED
	ErCreateUser                    ErrorCode = 43  // ER_CREATE_USER
	ErDropUser                      ErrorCode = 44  // ER_DROP_USER
	ErNoSuchUser                    ErrorCode = 45  // ER_NO_SUCH_USER
	ErUserExists                    ErrorCode = 46  // ER_USER_EXISTS
	ErCredsMismatch                 ErrorCode = 47  // ER_CREDS_MISMATCH
	ErUnknownRequestType            ErrorCode = 48  // ER_UNKNOWN_REQUEST_TYPE
	ErUnknownSchemaObject           ErrorCode = 49  // ER_UNKNOWN_SCHEMA_OBJECT
	ErCreateFunction                ErrorCode = 50  // ER_CREATE_FUNCTION
	ErNoSuchFunction                ErrorCode = 51  // ER_NO_SUCH_FUNCTION
	ErFunctionExists                ErrorCode = 52  // ER_FUNCTION_EXISTS
	ErBeforeReplaceRet              ErrorCode = 53  // ER_BEFORE_REPLACE_RET
	ErMultistatementTransaction     ErrorCode = 54  // ER_MULTISTATEMENT_TRANSACTION
	ErTriggerExists                 ErrorCode = 55  // ER_TRIGGER_EXISTS
	ErUserMax                       ErrorCode = 56  // ER_USER_MAX
	ErNoSuchEngine                  ErrorCode = 57  // ER_NO_SUCH_ENGINE
	ErReloadCfg                     ErrorCode = 58  // ER_RELOAD_CFG
	ErCfg                           ErrorCode = 59  // ER_CFG
	ErSavepointEmptyTx              ErrorCode = 60  // ER_SAVEPOINT_EMPTY_TX
	ErNoSuchSavepoint               ErrorCode = 61  // ER_NO_SUCH_SAVEPOINT
	ErUnknownReplica                ErrorCode = 62  // ER_UNKNOWN_REPLICA
	ErReplicasetUUIDMismatch        ErrorCode = 63  // ER_REPLICASET_UUID_MISMATCH
	ErInvalidUUID                   ErrorCode = 64  // ER_INVALID_UUID
	ErReplicasetUUIDIsRO            ErrorCode = 65  // ER_REPLICASET_UUID_IS_RO
	ErInstanceUUIDMismatch          ErrorCode = 66  // ER_INSTANCE_UUID_MISMATCH
	ErReplicaIDIsReserved           ErrorCode = 67  // ER_REPLICA_ID_IS_RESERVED
	ErMissingRequestField           ErrorCode = 69  // ER_MISSING_REQUEST_FIELD
	ErIdentifier                    ErrorCode = 70  // ER_IDENTIFIER
	ErDropFunction                  ErrorCode = 71  // ER_DROP_FUNCTION
	ErIteratorType                  ErrorCode = 72  // ER_ITERATOR_TYPE
	ErReplicaMax                    ErrorCode = 73  // ER_REPLICA_MAX
	ErNoConnection                  ErrorCode = 77  // ER_NO_CONNECTION
	ErTimeout                       ErrorCode = 78  // ER_TIMEOUT
	ErActiveTransaction             ErrorCode = 79  // ER_ACTIVE_TRANSACTION
	ErCursorNoTransaction           ErrorCode = 80  // ER_CURSOR_NO_TRANSACTION
	ErNoSuchRole                    ErrorCode = 82  // ER_NO_SUCH_ROLE
	ErRoleExists                    ErrorCode = 83  // ER_ROLE_EXISTS
	ErCreateRole                    ErrorCode = 84  // ER_CREATE_ROLE
	ErIndexExists                   ErrorCode = 85  // ER_INDEX_EXISTS
	ErSessionClosed                 ErrorCode = 86  // ER_SESSION_CLOSED
	ErRoleLoop                      ErrorCode = 87  // ER_ROLE_LOOP
	ErGrant                         ErrorCode = 88  // ER_GRANT
	ErPrivGranted                   ErrorCode = 89  // ER_PRIV_GRANTED
	ErRoleGranted                   ErrorCode = 90  // ER_ROLE_GRANTED
	ErPrivNotGranted                ErrorCode = 91  // ER_PRIV_NOT_GRANTED
	ErRoleNotGranted                ErrorCode = 92  // ER_ROLE_NOT_GRANTED
	ErMissingSnapshot               ErrorCode = 93  // ER_MISSING_SNAPSHOT
	ErCantUpdatePrimaryKey          ErrorCode = 94  // ER_CANT_UPDATE_PRIMARY_KEY
	ErUpdateIntegerOverflow         ErrorCode = 95  // ER_UPDATE_INTEGER_OVERFLOW
	ErGuestUserPassword             ErrorCode = 96  // ER_GUEST_USER_PASSWORD
	ErTransactionConflict           ErrorCode = 97  // ER_TRANSACTION_CONFLICT
	ErUnsupportedPriv               ErrorCode = 98  // ER_UNSUPPORTED_PRIV
	ErLoadFunction                  ErrorCode = 99  // ER_LOAD_FUNCTION
	ErFunctionLanguage              ErrorCode = 100 // ER_FUNCTION_LANGUAGE
	ErRTreeRect                     ErrorCode = 101 // ER_RTREE_RECT
	ErProcC                         ErrorCode = 102 // ER_PROC_C
	ErProtocol                      ErrorCode = 104 // ER_PROTOCOL
	ErWrongIndexRecord              ErrorCode = 106 // ER_WRONG_INDEX_RECORD
	ErWrongIndexParts               ErrorCode = 107 // ER_WRONG_INDEX_PARTS
	ErWrongIndexOptions             ErrorCode = 108 // ER_WRONG_INDEX_OPTIONS
	ErWrongSchemaVersion            ErrorCode = 109 // ER_WRONG_SCHEMA_VERSION
	ErMemtxMaxTupleSize             ErrorCode = 110 // ER_MEMTX_MAX_TUPLE_SIZE
	ErWrongSpaceOptions             ErrorCode = 111 // ER_WRONG_SPACE_OPTIONS
	ErUnsupportedIndexFeature       ErrorCode = 112 // ER_UNSUPPORTED_INDEX_FEATURE
	ErViewIsRO                      ErrorCode = 113 // ER_VIEW_IS_RO
	ErNoTransaction                 ErrorCode = 114 // ER_NO_TRANSACTION
	ErSystem                        ErrorCode = 115 // ER_SYSTEM
	ErLoading                       ErrorCode = 116 // ER_LOADING
	ErConnectionToSelf              ErrorCode = 117 // ER_CONNECTION_TO_SELF
	ErCompression                   ErrorCode = 119 // ER_COMPRESSION
	ErCheckpointInProgress          ErrorCode = 120 // ER_CHECKPOINT_IN_PROGRESS
	ErSubStmtMax                    ErrorCode = 121 // ER_SUB_STMT_MAX
	ErCommitInSubStmt               ErrorCode = 122 // ER_COMMIT_IN_SUB_STMT
	ErRollbackInSubStmt             ErrorCode = 123 // ER_ROLLBACK_IN_SUB_STMT
	ErDecompression                 ErrorCode = 124 // ER_DECOMPRESSION
	ErInvalidXlogType               ErrorCode = 125 // ER_INVALID_XLOG_TYPE
	ErAlreadyRunning                ErrorCode = 126 // ER_ALREADY_RUNNING
	ErIndexFieldCountLimit          ErrorCode = 127 // ER_INDEX_FIELD_COUNT_LIMIT
	ErLocalInstanceIDIsReadOnly     ErrorCode = 128 // ER_LOCAL_INSTANCE_ID_IS_READ_ONLY
	ErBackupInProgress              ErrorCode = 129 // ER_BACKUP_IN_PROGRESS
	ErReadViewAborted               ErrorCode = 130 // ER_READ_VIEW_ABORTED
	ErInvalidIndexFile              ErrorCode = 131 // ER_INVALID_INDEX_FILE
	ErInvalidRunFile                ErrorCode = 132 // ER_INVALID_RUN_FILE
	ErInvalidVylogFile              ErrorCode = 133 // ER_INVALID_VYLOG_FILE
	ErCascadeRollback               ErrorCode = 134 // ER_CASCADE_ROLLBACK
	ErVyQuotaTimeout                ErrorCode = 135 // ER_VY_QUOTA_TIMEOUT
	ErPartialKey                    ErrorCode = 136 // ER_PARTIAL_KEY
	ErTruncateSystemSpace           ErrorCode = 137 // ER_TRUNCATE_SYSTEM_SPACE
	ErLoadModule                    ErrorCode = 138 // ER_LOAD_MODULE
	ErVinylMaxTupleSize             ErrorCode = 139 // ER_VINYL_MAX_TUPLE_SIZE
	ErWrongDdVersion                ErrorCode = 140 // ER_WRONG_DD_VERSION
	ErWrongSpaceFormat              ErrorCode = 141 // ER_WRONG_SPACE_FORMAT
	ErCreateSequence                ErrorCode = 142 // ER_CREATE_SEQUENCE
	ErAlterSequence                 ErrorCode = 143 // ER_ALTER_SEQUENCE
	ErDropSequence                  ErrorCode = 144 // ER_DROP_SEQUENCE
	ErNoSuchSequence                ErrorCode = 145 // ER_NO_SUCH_SEQUENCE
	ErSequenceExists                ErrorCode = 146 // ER_SEQUENCE_EXISTS
	ErSequenceOverflow              ErrorCode = 147 // ER_SEQUENCE_OVERFLOW
	ErNoSuchIndexName               ErrorCode = 148 // ER_NO_SUCH_INDEX_NAME
	ErSpaceFieldIsDuplicate         ErrorCode = 149 // ER_SPACE_FIELD_IS_DUPLICATE
	ErCantCreateCollation           ErrorCode = 150 // ER_CANT_CREATE_COLLATION
	ErWrongCollationOptions         ErrorCode = 151 // ER_WRONG_COLLATION_OPTIONS
	ErNullablePrimary               ErrorCode = 152 // ER_NULLABLE_PRIMARY
	ErNoSuchFieldNameInSpace        ErrorCode = 153 // ER_NO_SUCH_FIELD_NAME_IN_SPACE
	ErTransactionYield              ErrorCode = 154 // ER_TRANSACTION_YIELD
	ErNoSuchGroup                   ErrorCode = 155 // ER_NO_SUCH_GROUP
	ErSQLBindType                   ErrorCode = 157 // ER_SQL_BIND_TYPE
	ErSQLBindParameterMax           ErrorCode = 158 // ER_SQL_BIND_PARAMETER_MAX
	ErSQLExecute                    ErrorCode = 159 // ER_SQL_EXECUTE
	ErUpdateDecimalOverflow         ErrorCode = 160 // ER_UPDATE_DECIMAL_OVERFLOW
	ErSQLBindNotFound               ErrorCode = 161 // ER_SQL_BIND_NOT_FOUND
	ErActionMismatch                ErrorCode = 162 // ER_ACTION_MISMATCH
	ErViewMissingSQL                ErrorCode = 163 // ER_VIEW_MISSING_SQL
	ErForeignKeyConstraint          ErrorCode = 164 // ER_FOREIGN_KEY_CONSTRAINT
	ErNoSuchModule                  ErrorCode = 165 // ER_NO_SUCH_MODULE
	ErNoSuchCollation               ErrorCode = 166 // ER_NO_SUCH_COLLATION
	ErCreateFkConstraint            ErrorCode = 167 // ER_CREATE_FK_CONSTRAINT
	ErNoSuchConstraint              ErrorCode = 169 // ER_NO_SUCH_CONSTRAINT
	ErConstraintExists              ErrorCode = 170 // ER_CONSTRAINT_EXISTS
	ErSQLTypeMismatch               ErrorCode = 171 // ER_SQL_TYPE_MISMATCH
	ErRowidOverflow                 ErrorCode = 172 // ER_ROWID_OVERFLOW
	ErDropCollation                 ErrorCode = 173 // ER_DROP_COLLATION
	ErIllegalCollationMix           ErrorCode = 174 // ER_ILLEGAL_COLLATION_MIX
	ErSQLNoSuchPragma               ErrorCode = 175 // ER_SQL_NO_SUCH_PRAGMA
	ErSQLCantResolveField           ErrorCode = 176 // ER_SQL_CANT_RESOLVE_FIELD
	ErIndexExistsInSpace            ErrorCode = 177 // ER_INDEX_EXISTS_IN_SPACE
	ErInconsistentTypes             ErrorCode = 178 // ER_INCONSISTENT_TYPES
	ErSQLSyntaxWithPos              ErrorCode = 179 // ER_SQL_SYNTAX_WITH_POS
	ErSQLStackOverflow              ErrorCode = 180 // ER_SQL_STACK_OVERFLOW
	ErSQLSelectWildcard             ErrorCode = 181 // ER_SQL_SELECT_WILDCARD
	ErSQLStatementEmpty             ErrorCode = 182 // ER_SQL_STATEMENT_EMPTY
	ErSQLKeywordIsReserved          ErrorCode = 183 // ER_SQL_KEYWORD_IS_RESERVED
	ErSQLSyntaxNearToken            ErrorCode = 184 // ER_SQL_SYNTAX_NEAR_TOKEN
	ErSQLUnknownToken               ErrorCode = 185 // ER_SQL_UNKNOWN_TOKEN
	ErSQLParserGeneric              ErrorCode = 186 // ER_SQL_PARSER_GENERIC
	ErSQLColumnCountMax             ErrorCode = 188 // ER_SQL_COLUMN_COUNT_MAX
	ErHexLiteralMax                 ErrorCode = 189 // ER_HEX_LITERAL_MAX
	ErIntLiteralMax                 ErrorCode = 190 // ER_INT_LITERAL_MAX
	ErSQLParserLimit                ErrorCode = 191 // ER_SQL_PARSER_LIMIT
	ErIndexDefUnsupported           ErrorCode = 192 // ER_INDEX_DEF_UNSUPPORTED
	ErMultikeyIndexMismatch         ErrorCode = 194 // ER_MULTIKEY_INDEX_MISMATCH
	ErCreateCkConstraint            ErrorCode = 195 // ER_CREATE_CK_CONSTRAINT
	ErSQLColumnCount                ErrorCode = 197 // ER_SQL_COLUMN_COUNT
	ErFuncIndexFunc                 ErrorCode = 198 // ER_FUNC_INDEX_FUNC
	ErFuncIndexFormat               ErrorCode = 199 // ER_FUNC_INDEX_FORMAT
	ErFuncIndexParts                ErrorCode = 200 // ER_FUNC_INDEX_PARTS
	ErNoSuchFieldName               ErrorCode = 201 // ER_NO_SUCH_FIELD_NAME
	ErFuncWrongArgCount             ErrorCode = 202 // ER_FUNC_WRONG_ARG_COUNT
	ErBootstrapReadonly             ErrorCode = 203 // ER_BOOTSTRAP_READONLY
	ErSQLFuncWrongRetCount          ErrorCode = 204 // ER_SQL_FUNC_WRONG_RET_COUNT
	ErFuncInvalidReturnType         ErrorCode = 205 // ER_FUNC_INVALID_RETURN_TYPE
	ErSQLParserGenericWithPos       ErrorCode = 206 // ER_SQL_PARSER_GENERIC_WITH_POS
	ErReplicaNotAnon                ErrorCode = 207 // ER_REPLICA_NOT_ANON
	ErCannotRegister                ErrorCode = 208 // ER_CANNOT_REGISTER
	ErSessionSettingInvalidValue    ErrorCode = 209 // ER_SESSION_SETTING_INVALID_VALUE
	ErSQLPrepare                    ErrorCode = 210 // ER_SQL_PREPARE
	ErWrongQueryID                  ErrorCode = 211 // ER_WRONG_QUERY_ID
	ErSequenceNotStarted            ErrorCode = 212 // ER_SEQUENCE_NOT_STARTED
	ErNoSuchSessionSetting          ErrorCode = 213 // ER_NO_SUCH_SESSION_SETTING
	ErUncommittedForeignSyncTxns    ErrorCode = 214 // ER_UNCOMMITTED_FOREIGN_SYNC_TXNS
	ErSyncQuorumTimeout             ErrorCode = 216 // ER_SYNC_QUORUM_TIMEOUT
	ErSyncRollback                  ErrorCode = 217 // ER_SYNC_ROLLBACK
	ErTupleMetadataIsTooBig         ErrorCode = 218 // ER_TUPLE_METADATA_IS_TOO_BIG
	ErXlogGap                       ErrorCode = 219 // ER_XLOG_GAP
	ErTooEarlySubscribe             ErrorCode = 220 // ER_TOO_EARLY_SUBSCRIBE
	ErSQLCantAddAutoinc             ErrorCode = 221 // ER_SQL_CANT_ADD_AUTOINC
	ErQuorumWait                    ErrorCode = 222 // ER_QUORUM_WAIT
	ErInterferingPromote            ErrorCode = 223 // ER_INTERFERING_PROMOTE
	ErElectionDisabled              ErrorCode = 224 // ER_ELECTION_DISABLED
	ErTxnRollback                   ErrorCode = 225 // ER_TXN_ROLLBACK
	ErNotLeader                     ErrorCode = 226 // ER_NOT_LEADER
	ErSyncQueueUnclaimed            ErrorCode = 227 // ER_SYNC_QUEUE_UNCLAIMED
	ErSyncQueueForeign              ErrorCode = 228 // ER_SYNC_QUEUE_FOREIGN
	ErUnableToProcessInStream       ErrorCode = 229 // ER_UNABLE_TO_PROCESS_IN_STREAM
	ErUnableToProcessOutOfStream    ErrorCode = 230 // ER_UNABLE_TO_PROCESS_OUT_OF_STREAM
	ErTransactionTimeout            ErrorCode = 231 // ER_TRANSACTION_TIMEOUT
	ErActiveTimer                   ErrorCode = 232 // ER_ACTIVE_TIMER
	ErTupleFieldCountLimit          ErrorCode = 233 // ER_TUPLE_FIELD_COUNT_LIMIT
	ErCreateConstraint              ErrorCode = 234 // ER_CREATE_CONSTRAINT
	ErFieldConstraintFailed         ErrorCode = 235 // ER_FIELD_CONSTRAINT_FAILED
	ErTupleConstraintFailed         ErrorCode = 236 // ER_TUPLE_CONSTRAINT_FAILED
	ErCreateForeignKey              ErrorCode = 237 // ER_CREATE_FOREIGN_KEY
	ErForeignKeyIntegrity           ErrorCode = 238 // ER_FOREIGN_KEY_INTEGRITY
	ErFieldForeignKeyFailed         ErrorCode = 239 // ER_FIELD_FOREIGN_KEY_FAILED
	ErComplexForeignKeyFailed       ErrorCode = 240 // ER_COMPLEX_FOREIGN_KEY_FAILED
	ErWrongSpaceUpgradeOptions      ErrorCode = 241 // ER_WRONG_SPACE_UPGRADE_OPTIONS
	ErNoElectionQuorum              ErrorCode = 242 // ER_NO_ELECTION_QUORUM
	ErSSL                           ErrorCode = 243 // ER_SSL
	ErSplitBrain                    ErrorCode = 244 // ER_SPLIT_BRAIN
	ErOldTerm                       ErrorCode = 245 // ER_OLD_TERM
	ErInterferingElections          ErrorCode = 246 // ER_INTERFERING_ELECTIONS
	ErIteratorPosition              ErrorCode = 247 // ER_ITERATOR_POSITION
	ErDefaultValueType              ErrorCode = 248 // ER_DEFAULT_VALUE_TYPE
	ErUnknownAuthMethod             ErrorCode = 249 // ER_UNKNOWN_AUTH_METHOD
	ErInvalidAuthData               ErrorCode = 250 // ER_INVALID_AUTH_DATA
	ErInvalidAuthRequest            ErrorCode = 251 // ER_INVALID_AUTH_REQUEST
	ErWeakPassword                  ErrorCode = 252 // ER_WEAK_PASSWORD
	ErOldPassword                   ErrorCode = 253 // ER_OLD_PASSWORD
	ErNoSuchSession                 ErrorCode = 254 // ER_NO_SUCH_SESSION
	ErWrongSessionType              ErrorCode = 255 // ER_WRONG_SESSION_TYPE
	ErPasswordExpired               ErrorCode = 256 // ER_PASSWORD_EXPIRED
	ErAuthDelay                     ErrorCode = 257 // ER_AUTH_DELAY
	ErAuthRequired                  ErrorCode = 258 // ER_AUTH_REQUIRED
	ErSQLSeqScan                    ErrorCode = 259 // ER_SQL_SEQ_SCAN
	ErNoSuchEvent                   ErrorCode = 260 // ER_NO_SUCH_EVENT
	ErBootstrapNotUnanimous         ErrorCode = 261 // ER_BOOTSTRAP_NOT_UNANIMOUS
	ErCantCheckBootstrapLeader      ErrorCode = 262 // ER_CANT_CHECK_BOOTSTRAP_LEADER
	ErBootstrapConnectionNotToAll   ErrorCode = 263 // ER_BOOTSTRAP_CONNECTION_NOT_TO_ALL
	ErNilUUID                       ErrorCode = 264 // ER_NIL_UUID
	ErWrongFunctionOptions          ErrorCode = 265 // ER_WRONG_FUNCTION_OPTIONS
	ErMissingSystemSpaces           ErrorCode = 266 // ER_MISSING_SYSTEM_SPACES
	ErClusterNameMismatch           ErrorCode = 267 // ER_CLUSTER_NAME_MISMATCH
	ErReplicasetNameMismatch        ErrorCode = 268 // ER_REPLICASET_NAME_MISMATCH
	ErInstanceNameDuplicate         ErrorCode = 269 // ER_INSTANCE_NAME_DUPLICATE
	ErInstanceNameMismatch          ErrorCode = 270 // ER_INSTANCE_NAME_MISMATCH
	ErSchemaNeedsUpgrade            ErrorCode = 271 // ER_SCHEMA_NEEDS_UPGRADE
	ErSchemaUpgradeInProgress       ErrorCode = 272 // ER_SCHEMA_UPGRADE_IN_PROGRESS
	ErDeprecated                    ErrorCode = 273 // ER_DEPRECATED
	ErUnconfigured                  ErrorCode = 274 // ER_UNCONFIGURED
	ErCreateDefaultFunc             ErrorCode = 275 // ER_CREATE_DEFAULT_FUNC
	ErDefaultFuncFailed             ErrorCode = 276 // ER_DEFAULT_FUNC_FAILED
	ErInvalidDec                    ErrorCode = 277 // ER_INVALID_DEC
	ErInAnotherPromote              ErrorCode = 278 // ER_IN_ANOTHER_PROMOTE
	ErShutdown                      ErrorCode = 279 // ER_SHUTDOWN
	ErFieldValueOutOfRange          ErrorCode = 280 // ER_FIELD_VALUE_OUT_OF_RANGE
	ErReplicasetNotFound            ErrorCode = 281 // ER_REPLICASET_NOT_FOUND
	ErReplicasetNoWritable          ErrorCode = 282 // ER_REPLICASET_NO_WRITABLE
	ErReplicasetMoreThanOneWritable ErrorCode = 283 // ER_REPLICASET_MORE_THAN_ONE_WRITABLE
	ErTxnCommit                     ErrorCode = 284 // ER_TXN_COMMIT
	ErReadViewBusy                  ErrorCode = 285 // ER_READ_VIEW_BUSY
	ErReadViewClosed                ErrorCode = 286 // ER_READ_VIEW_CLOSED
	ErWALQueueFull                  ErrorCode = 287 // ER_WAL_QUEUE_FULL
	ErInvalidVclock                 ErrorCode = 288 // ER_INVALID_VCLOCK
	ErSyncQueueFull                 ErrorCode = 289 // ER_SYNC_QUEUE_FULL
	ErKeyPartValueOutOfRange        ErrorCode = 290 // ER_KEY_PART_VALUE_OUT_OF_RANGE
	ErReplicaGc                     ErrorCode = 291 // ER_REPLICA_GC
	ErAlienEngine                   ErrorCode = 292 // ER_ALIEN_ENGINE
	ErMVCCUnavailable               ErrorCode = 293 // ER_MVCC_UNAVAILABLE
	ErCantUpgradeIndexedField       ErrorCode = 294 // ER_CANT_UPGRADE_INDEXED_FIELD
	ErSyncTimeout                   ErrorCode = 295 // ER_SYNC_TIMEOUT
	ErFieldIrrepresentableValue     ErrorCode = 296 // ER_FIELD_IRREPRESENTABLE_VALUE
	ErKeyPartIrrepresentableValue   ErrorCode = 297 // ER_KEY_PART_IRREPRESENTABLE_VALUE
	ErInvalidSortdataFile           ErrorCode = 298 // ER_INVALID_SORTDATA_FILE
	ErNoSuchThread                  ErrorCode = 299 // ER_NO_SUCH_THREAD
	ErUnableToProcessInThread       ErrorCode = 300 // ER_UNABLE_TO_PROCESS_IN_THREAD
	ErDictOverflow                  ErrorCode = 301 // ER_DICT_OVERFLOW
	ErNoSuchThreadGroup             ErrorCode = 302 // ER_NO_SUCH_THREAD_GROUP
	ErXlogNotFound                  ErrorCode = 303 // ER_XLOG_NOT_FOUND
	ErRecoveryPointTxnLastRow       ErrorCode = 304 // ER_RECOVERY_POINT_TXN_LAST_ROW
	ErNoSuchReadView                ErrorCode = 305 // ER_NO_SUCH_READ_VIEW
)

var errorCodeNames = map[ErrorCode]string{
	0:   "ER_UNKNOWN",
	1:   "ER_ILLEGAL_PARAMS",
	2:   "ER_MEMORY_ISSUE",
	3:   "ER_TUPLE_FOUND",
	5:   "ER_UNSUPPORTED",
	7:   "ER_READONLY",
	8:   "ER_INJECTION",
	9:   "ER_CREATE_SPACE",
	10:  "ER_SPACE_EXISTS",
	11:  "ER_DROP_SPACE",
	12:  "ER_ALTER_SPACE",
	13:  "ER_INDEX_TYPE",
	14:  "ER_MODIFY_INDEX",
	15:  "ER_LAST_DROP",
	16:  "ER_TUPLE_FORMAT_LIMIT",
	17:  "ER_DROP_PRIMARY_KEY",
	18:  "ER_KEY_PART_TYPE",
	19:  "ER_EXACT_MATCH",
	20:  "ER_INVALID_MSGPACK",
	22:  "ER_TUPLE_NOT_ARRAY",
	23:  "ER_FIELD_TYPE",
	24:  "ER_INDEX_PART_TYPE_MISMATCH",
	25:  "ER_UPDATE_SPLICE",
	26:  "ER_UPDATE_ARG_TYPE",
	27:  "ER_FORMAT_MISMATCH_INDEX_PART",
	28:  "ER_UNKNOWN_UPDATE_OP",
	29:  "ER_UPDATE_FIELD",
	30:  "ER_FUNCTION_TX_ACTIVE",
	31:  "ER_KEY_PART_COUNT",
	32:  "ER_PROC_LUA",
	33:  "ER_NO_SUCH_PROC",
	34:  "ER_NO_SUCH_TRIGGER",
	35:  "ER_NO_SUCH_INDEX_ID",
	36:  "ER_NO_SUCH_SPACE",
	37:  "ER_NO_SUCH_FIELD_NO",
	38:  "ER_EXACT_FIELD_COUNT",
	39:  "ER_FIELD_MISSING",
	40:  "ER_WAL_IO",
	41:  "ER_MORE_THAN_ONE_TUPLE",
	42:  "ER_ACCESS_DENIED",
	43:  "ER_CREATE_USER",
	44:  "ER_DROP_USER",
	45:  "ER_NO_SUCH_USER",
	46:  "ER_USER_EXISTS",
	47:  "ER_CREDS_MISMATCH",
	48:  "ER_UNKNOWN_REQUEST_TYPE",
	49:  "ER_UNKNOWN_SCHEMA_OBJECT",
	50:  "ER_CREATE_FUNCTION",
	51:  "ER_NO_SUCH_FUNCTION",
	52:  "ER_FUNCTION_EXISTS",
	53:  "ER_BEFORE_REPLACE_RET",
	54:  "ER_MULTISTATEMENT_TRANSACTION",
	55:  "ER_TRIGGER_EXISTS",
	56:  "ER_USER_MAX",
	57:  "ER_NO_SUCH_ENGINE",
	58:  "ER_RELOAD_CFG",
	59:  "ER_CFG",
	60:  "ER_SAVEPOINT_EMPTY_TX",
	61:  "ER_NO_SUCH_SAVEPOINT",
	62:  "ER_UNKNOWN_REPLICA",
	63:  "ER_REPLICASET_UUID_MISMATCH",
	64:  "ER_INVALID_UUID",
	65:  "ER_REPLICASET_UUID_IS_RO",
	66:  "ER_INSTANCE_UUID_MISMATCH",
	67:  "ER_REPLICA_ID_IS_RESERVED",
	69:  "ER_MISSING_REQUEST_FIELD",
	70:  "ER_IDENTIFIER",
	71:  "ER_DROP_FUNCTION",
	72:  "ER_ITERATOR_TYPE",
	73:  "ER_REPLICA_MAX",
	77:  "ER_NO_CONNECTION",
	78:  "ER_TIMEOUT",
	79:  "ER_ACTIVE_TRANSACTION",
	80:  "ER_CURSOR_NO_TRANSACTION",
	82:  "ER_NO_SUCH_ROLE",
	83:  "ER_ROLE_EXISTS",
	84:  "ER_CREATE_ROLE",
	85:  "ER_INDEX_EXISTS",
	86:  "ER_SESSION_CLOSED",
	87:  "ER_ROLE_LOOP",
	88:  "ER_GRANT",
	89:  "ER_PRIV_GRANTED",
	90:  "ER_ROLE_GRANTED",
	91:  "ER_PRIV_NOT_GRANTED",
	92:  "ER_ROLE_NOT_GRANTED",
	93:  "ER_MISSING_SNAPSHOT",
	94:  "ER_CANT_UPDATE_PRIMARY_KEY",
	95:  "ER_UPDATE_INTEGER_OVERFLOW",
	96:  "ER_GUEST_USER_PASSWORD",
	97:  "ER_TRANSACTION_CONFLICT",
	98:  "ER_UNSUPPORTED_PRIV",
	99:  "ER_LOAD_FUNCTION",
	100: "ER_FUNCTION_LANGUAGE",
	101: "ER_RTREE_RECT",
	102: "ER_PROC_C",
	104: "ER_PROTOCOL",
	106: "ER_WRONG_INDEX_RECORD",
	107: "ER_WRONG_INDEX_PARTS",
	108: "ER_WRONG_INDEX_OPTIONS",
	109: "ER_WRONG_SCHEMA_VERSION",
	110: "ER_MEMTX_MAX_TUPLE_SIZE",
	111: "ER_WRONG_SPACE_OPTIONS",
	112: "ER_UNSUPPORTED_INDEX_FEATURE",
	113: "ER_VIEW_IS_RO",
	114: "ER_NO_TRANSACTION",
	115: "ER_SYSTEM",
	116: "ER_LOADING",
	117: "ER_CONNECTION_TO_SELF",
	119: "ER_COMPRESSION",
	120: "ER_CHECKPOINT_IN_PROGRESS",
	121: "ER_SUB_STMT_MAX",
	122: "ER_COMMIT_IN_SUB_STMT",
	123: "ER_ROLLBACK_IN_SUB_STMT",
	124: "ER_DECOMPRESSION",
	125: "ER_INVALID_XLOG_TYPE",
	126: "ER_ALREADY_RUNNING",
	127: "ER_INDEX_FIELD_COUNT_LIMIT",
	128: "ER_LOCAL_INSTANCE_ID_IS_READ_ONLY",
	129: "ER_BACKUP_IN_PROGRESS",
	130: "ER_READ_VIEW_ABORTED",
	131: "ER_INVALID_INDEX_FILE",
	132: "ER_INVALID_RUN_FILE",
	133: "ER_INVALID_VYLOG_FILE",
	134: "ER_CASCADE_ROLLBACK",
	135: "ER_VY_QUOTA_TIMEOUT",
	136: "ER_PARTIAL_KEY",
	137: "ER_TRUNCATE_SYSTEM_SPACE",
	138: "ER_LOAD_MODULE",
	139: "ER_VINYL_MAX_TUPLE_SIZE",
	140: "ER_WRONG_DD_VERSION",
	141: "ER_WRONG_SPACE_FORMAT",
	142: "ER_CREATE_SEQUENCE",
	143: "ER_ALTER_SEQUENCE",
	144: "ER_DROP_SEQUENCE",
	145: "ER_NO_SUCH_SEQUENCE",
	146: "ER_SEQUENCE_EXISTS",
	147: "ER_SEQUENCE_OVERFLOW",
	148: "ER_NO_SUCH_INDEX_NAME",
	149: "ER_SPACE_FIELD_IS_DUPLICATE",
	150: "ER_CANT_CREATE_COLLATION",
	151: "ER_WRONG_COLLATION_OPTIONS",
	152: "ER_NULLABLE_PRIMARY",
	153: "ER_NO_SUCH_FIELD_NAME_IN_SPACE",
	154: "ER_TRANSACTION_YIELD",
	155: "ER_NO_SUCH_GROUP",
	157: "ER_SQL_BIND_TYPE",
	158: "ER_SQL_BIND_PARAMETER_MAX",
	159: "ER_SQL_EXECUTE",
	160: "ER_UPDATE_DECIMAL_OVERFLOW",
	161: "ER_SQL_BIND_NOT_FOUND",
	162: "ER_ACTION_MISMATCH",
	163: "ER_VIEW_MISSING_SQL",
	164: "ER_FOREIGN_KEY_CONSTRAINT",
	165: "ER_NO_SUCH_MODULE",
	166: "ER_NO_SUCH_COLLATION",
	167: "ER_CREATE_FK_CONSTRAINT",
	169: "ER_NO_SUCH_CONSTRAINT",
	170: "ER_CONSTRAINT_EXISTS",
	171: "ER_SQL_TYPE_MISMATCH",
	172: "ER_ROWID_OVERFLOW",
	173: "ER_DROP_COLLATION",
	174: "ER_ILLEGAL_COLLATION_MIX",
	175: "ER_SQL_NO_SUCH_PRAGMA",
	176: "ER_SQL_CANT_RESOLVE_FIELD",
	177: "ER_INDEX_EXISTS_IN_SPACE",
	178: "ER_INCONSISTENT_TYPES",
	179: "ER_SQL_SYNTAX_WITH_POS",
	180: "ER_SQL_STACK_OVERFLOW",
	181: "ER_SQL_SELECT_WILDCARD",
	182: "ER_SQL_STATEMENT_EMPTY",
	183: "ER_SQL_KEYWORD_IS_RESERVED",
	184: "ER_SQL_SYNTAX_NEAR_TOKEN",
	185: "ER_SQL_UNKNOWN_TOKEN",
	186: "ER_SQL_PARSER_GENERIC",
	188: "ER_SQL_COLUMN_COUNT_MAX",
	189: "ER_HEX_LITERAL_MAX",
	190: "ER_INT_LITERAL_MAX",
	191: "ER_SQL_PARSER_LIMIT",
	192: "ER_INDEX_DEF_UNSUPPORTED",
	194: "ER_MULTIKEY_INDEX_MISMATCH",
	195: "ER_CREATE_CK_CONSTRAINT",
	197: "ER_SQL_COLUMN_COUNT",
	198: "ER_FUNC_INDEX_FUNC",
	199: "ER_FUNC_INDEX_FORMAT",
	200: "ER_FUNC_INDEX_PARTS",
	201: "ER_NO_SUCH_FIELD_NAME",
	202: "ER_FUNC_WRONG_ARG_COUNT",
	203: "ER_BOOTSTRAP_READONLY",
	204: "ER_SQL_FUNC_WRONG_RET_COUNT",
	205: "ER_FUNC_INVALID_RETURN_TYPE",
	206: "ER_SQL_PARSER_GENERIC_WITH_POS",
	207: "ER_REPLICA_NOT_ANON",
	208: "ER_CANNOT_REGISTER",
	209: "ER_SESSION_SETTING_INVALID_VALUE",
	210: "ER_SQL_PREPARE",
	211: "ER_WRONG_QUERY_ID",
	212: "ER_SEQUENCE_NOT_STARTED",
	213: "ER_NO_SUCH_SESSION_SETTING",
	214: "ER_UNCOMMITTED_FOREIGN_SYNC_TXNS",
	216: "ER_SYNC_QUORUM_TIMEOUT",
	217: "ER_SYNC_ROLLBACK",
	218: "ER_TUPLE_METADATA_IS_TOO_BIG",
	219: "ER_XLOG_GAP",
	220: "ER_TOO_EARLY_SUBSCRIBE",
	221: "ER_SQL_CANT_ADD_AUTOINC",
	222: "ER_QUORUM_WAIT",
	223: "ER_INTERFERING_PROMOTE",
	224: "ER_ELECTION_DISABLED",
	225: "ER_TXN_ROLLBACK",
	226: "ER_NOT_LEADER",
	227: "ER_SYNC_QUEUE_UNCLAIMED",
	228: "ER_SYNC_QUEUE_FOREIGN",
	229: "ER_UNABLE_TO_PROCESS_IN_STREAM",
	230: "ER_UNABLE_TO_PROCESS_OUT_OF_STREAM",
	231: "ER_TRANSACTION_TIMEOUT",
	232: "ER_ACTIVE_TIMER",
	233: "ER_TUPLE_FIELD_COUNT_LIMIT",
	234: "ER_CREATE_CONSTRAINT",
	235: "ER_FIELD_CONSTRAINT_FAILED",
	236: "ER_TUPLE_CONSTRAINT_FAILED",
	237: "ER_CREATE_FOREIGN_KEY",
	238: "ER_FOREIGN_KEY_INTEGRITY",
	239: "ER_FIELD_FOREIGN_KEY_FAILED",
	240: "ER_COMPLEX_FOREIGN_KEY_FAILED",
	241: "ER_WRONG_SPACE_UPGRADE_OPTIONS",
	242: "ER_NO_ELECTION_QUORUM",
	243: "ER_SSL",
	244: "ER_SPLIT_BRAIN",
	245: "ER_OLD_TERM",
	246: "ER_INTERFERING_ELECTIONS",
	247: "ER_ITERATOR_POSITION",
	248: "ER_DEFAULT_VALUE_TYPE",
	249: "ER_UNKNOWN_AUTH_METHOD",
	250: "ER_INVALID_AUTH_DATA",
	251: "ER_INVALID_AUTH_REQUEST",
	252: "ER_WEAK_PASSWORD",
	253: "ER_OLD_PASSWORD",
	254: "ER_NO_SUCH_SESSION",
	255: "ER_WRONG_SESSION_TYPE",
	256: "ER_PASSWORD_EXPIRED",
	257: "ER_AUTH_DELAY",
	258: "ER_AUTH_REQUIRED",
	259: "ER_SQL_SEQ_SCAN",
	260: "ER_NO_SUCH_EVENT",
	261: "ER_BOOTSTRAP_NOT_UNANIMOUS",
	262: "ER_CANT_CHECK_BOOTSTRAP_LEADER",
	263: "ER_BOOTSTRAP_CONNECTION_NOT_TO_ALL",
	264: "ER_NIL_UUID",
	265: "ER_WRONG_FUNCTION_OPTIONS",
	266: "ER_MISSING_SYSTEM_SPACES",
	267: "ER_CLUSTER_NAME_MISMATCH",
	268: "ER_REPLICASET_NAME_MISMATCH",
	269: "ER_INSTANCE_NAME_DUPLICATE",
	270: "ER_INSTANCE_NAME_MISMATCH",
	271: "ER_SCHEMA_NEEDS_UPGRADE",
	272: "ER_SCHEMA_UPGRADE_IN_PROGRESS",
	273: "ER_DEPRECATED",
	274: "ER_UNCONFIGURED",
	275: "ER_CREATE_DEFAULT_FUNC",
	276: "ER_DEFAULT_FUNC_FAILED",
	277: "ER_INVALID_DEC",
	278: "ER_IN_ANOTHER_PROMOTE",
	279: "ER_SHUTDOWN",
	280: "ER_FIELD_VALUE_OUT_OF_RANGE",
	281: "ER_REPLICASET_NOT_FOUND",
	282: "ER_REPLICASET_NO_WRITABLE",
	283: "ER_REPLICASET_MORE_THAN_ONE_WRITABLE",
	284: "ER_TXN_COMMIT",
	285: "ER_READ_VIEW_BUSY",
	286: "ER_READ_VIEW_CLOSED",
	287: "ER_WAL_QUEUE_FULL",
	288: "ER_INVALID_VCLOCK",
	289: "ER_SYNC_QUEUE_FULL",
	290: "ER_KEY_PART_VALUE_OUT_OF_RANGE",
	291: "ER_REPLICA_GC",
	292: "ER_ALIEN_ENGINE",
	293: "ER_MVCC_UNAVAILABLE",
	294: "ER_CANT_UPGRADE_INDEXED_FIELD",
	295: "ER_SYNC_TIMEOUT",
	296: "ER_FIELD_IRREPRESENTABLE_VALUE",
	297: "ER_KEY_PART_IRREPRESENTABLE_VALUE",
	298: "ER_INVALID_SORTDATA_FILE",
	299: "ER_NO_SUCH_THREAD",
	300: "ER_UNABLE_TO_PROCESS_IN_THREAD",
	301: "ER_DICT_OVERFLOW",
	302: "ER_NO_SUCH_THREAD_GROUP",
	303: "ER_XLOG_NOT_FOUND",
	304: "ER_RECOVERY_POINT_TXN_LAST_ROW",
	305: "ER_NO_SUCH_READ_VIEW",
}
