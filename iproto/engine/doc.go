// Package engine is the connection engine of the Tarantool binary
// protocol, on top of the wire codec in package iproto: dialing,
// authentication, pipelined requests, replies handed to their callers,
// watchers and streams. The SQL driver (package tarantool) and the native
// API (package box) both use it and never import each other.
//
// Dial connects, reads the greeting, negotiates features with IPROTO_ID
// (servers before 2.10 answer "unknown request type": no features),
// authenticates and applies session settings. A Conn is shared by any
// number of goroutines: each request gets a unique sync, concurrent
// requests are coalesced into few writes, and one goroutine at a time
// reads replies and hands them to their [Future]s: the connection's
// reader goroutine under load, or a caller that waits alone for its reply,
// which then costs one wake-up instead of two. No goroutine is started per
// request.
//
// Conn.Send returns a Future, Future.Wait and Conn.Do a Response: small
// handles on request state the connection pools, which a Release hands
// back; a Response used after its Release, or a Future waited for twice,
// gives ErrReleased and never another request's reply. A request whose
// context ends, or whose Config.RequestTimeout passes, returns at once;
// if it was not yet written it never is, and a late reply is discarded.
// When the connection breaks, every request in flight fails with a
// *ConnError telling whether it was written (and may have run).
// Conn.Watch subscribes to watcher events (2.10+) per key and per
// subscriber: the connection sends WATCH once per key and acknowledges
// each event itself.
//
// A Config with several addresses (a replica set) or a TargetSessionAttrs
// makes Dial try the hosts until one has the role asked for; the
// connection then follows its instance's role (Conn.Role, RoleLost):
// pushed by box.status on 2.10+, polled before (role.go). A Config.Tracer
// sees every request, dial, reconnection and role change (trace.go);
// Conn.Stats counts what the connection did.
//
// # Who owns what
//
// Each piece of a Conn's state has one owner at a time; the table says who,
// and the function that passes it on.
//
//	state                     owner                                  passed by
//	------------------------  -------------------------------------  ------------------------------------------
//	socket read side, br,     the read-token holder (reading, under  readFor (caller takes it: it leads),
//	rbuf, replyReader         pmu): the reader goroutine or one      lead's end / releaseToken (dropped when
//	                          leading caller of Wait                 nothing is owed), signalReader (to the
//	                                                                 reader goroutine), awaitToken (the reader
//	                                                                 goroutine takes it back after idleGrace)
//	read deadline             the token holder (replyReader: the     interruptRead sets a past deadline to wake
//	                          RequestTimeout stall limit inside a    a leader whose context ended, only while it
//	                          reply); cleared before a hand-off      waits for a packet to begin (leadState.mu)
//	pending table             pmu                                    Send adds, the token holder completes,
//	                                                                 fail empties it once and closes it
//	write queue: wbuf, wsegs, wmu                                    Send appends; dropUnwritten marks a given-up
//	dropped, droppedBytes,                                           request (and cuts such out past half the
//	batch, werr                                                      queue); the writer takes the whole queue
//	socket write side, spare, wlock (one batch on the socket at a    writeLoop, or a lone Send that gets wlock
//	nbWrite                   time, in order)                        with TryLock and writes without blocking
//	holding                   the token holder, while it hands out   releaseWrites (before its next read)
//	                          buffered replies: writes wait for it
//	watched keys              eventMu                                Watch / the returned unwatch
//	role, roleLost            atomic; written by the box.status      setRole (closes roleLost once, after the
//	                          callback (reader goroutine) or by      Tracer has seen the change)
//	                          pollRole (before 2.10)
//	Stats counters            atomics, each added by the goroutine   Stats reads them
//	                          that does what it counts
//	request state (future)    its handle's generation and one of:    Send takes it from the pool; complete
//	                          the pending table, the token holder,   (token holder) or fail; Wait or Release
//	                          the waiter                             returns it to the pool, last of all
//
// The state of a request goes back to the pool only when nothing in the
// engine refers to it any more: no longer pending, its timer stopped, its
// context callbacks finished.
package engine
