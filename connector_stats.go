package tarantool

import (
	"sync"

	"github.com/tntsql/tarantool/iproto/engine"
)

// ConnectorStats are the counters of the sockets behind a Connector's
// database/sql pool, beside sql.DB.Stats (which counts the pool's
// connections, not the requests on them): the engine's counters summed
// over every socket the Connector has opened, InFlight over the open ones.
type ConnectorStats struct {
	engine.Stats
	OpenSockets int    // sockets open now
	Dialed      uint64 // sockets opened in all, replacements of broken ones included
}

// Stats returns the counters of the Connector's sockets. Use it with a
// pool opened by sql.OpenDB(connector); sql.Open keeps its Connector to
// itself.
func (c *Connector) Stats() ConnectorStats { return c.sockets.stats() }

// socketSet is every socket a Connector has dialed: the open ones, and
// the counters of those that have closed.
type socketSet struct {
	mu      sync.Mutex
	open    []*engine.Conn
	retired engine.Stats
	dialed  uint64
}

func (s *socketSet) add(ic *engine.Conn) {
	s.mu.Lock()
	s.open = append(s.open, ic)
	s.dialed++
	s.mu.Unlock()
}

// stats folds the sockets that have closed into the retired counters and
// sums the rest.
func (s *socketSet) stats() ConnectorStats {
	s.mu.Lock()
	defer s.mu.Unlock()
	total := s.retired
	open := s.open[:0]
	for _, ic := range s.open {
		st := ic.Stats()
		select {
		case <-ic.Done():
			st.InFlight = 0
			s.retired = s.retired.Add(st)
		default:
			open = append(open, ic)
		}
		total = total.Add(st)
	}
	clear(s.open[len(open):])
	s.open = open
	return ConnectorStats{Stats: total, OpenSockets: len(open), Dialed: s.dialed}
}
