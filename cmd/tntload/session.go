package main

import (
	"context"
	"fmt"
	"os"
	"sync/atomic"

	"github.com/tntsql/tarantool/internal/tnttest"
)

// session holds the clients of one invocation.
type session struct {
	c      *config
	box    *boxTarget // nil unless a box client runs
	sql    *sqlTarget // nil unless database/sql runs
	sqlDef *sqlTarget // the same with database/sql's default pool; nil unless sqldefault runs
	nb     *netbox    // nil unless a net.box client runs
	tmpDir string     // netbox.lua lives here
}

// openSession connects the clients c asks for.
func openSession(ctx context.Context, c *config, srv *server) (s *session, err error) {
	s = &session{c: c}
	defer func() {
		if err != nil {
			s.close()
		}
	}()
	for _, cl := range c.clients {
		switch {
		case (cl.id == "box" || cl.id == "box1") && s.box == nil:
			if s.box, err = openBox(ctx, srv.dsn(), c.keys()); err != nil {
				return nil, err
			}
		case cl.id == "sql" && s.sql == nil:
			if s.sql, err = openSQL(ctx, srv.dsn(), c.pool, c.keys()); err != nil {
				return nil, err
			}
		case cl.id == "sqldefault" && s.sqlDef == nil:
			if s.sqlDef, err = openSQL(ctx, srv.dsn(), 0, c.keys()); err != nil {
				return nil, err
			}
		case (cl.id == "netbox" || cl.id == "netbox1") && s.nb == nil:
			bin, err := tnttest.Binary()
			if err != nil {
				return nil, fmt.Errorf("net.box needs a tarantool binary: %w", err)
			}
			if s.tmpDir, err = os.MkdirTemp("", "tntload-"); err != nil {
				return nil, err
			}
			if s.nb, err = newNetbox(bin, s.tmpDir, srv.cfg, c.keys()); err != nil {
				return nil, err
			}
		}
	}
	return s, nil
}

func (s *session) close() {
	if s.box != nil {
		s.box.close()
	}
	if s.sql != nil {
		s.sql.close()
	}
	if s.sqlDef != nil {
		s.sqlDef.close()
	}
	if s.tmpDir != "" {
		os.RemoveAll(s.tmpDir)
	}
}

func (s *session) netboxBin() string {
	if s.nb == nil {
		return "(not run)"
	}
	return s.nb.bin
}

// countRuns returns how many runs runAll will make.
func (s *session) countRuns() int {
	n := 0
	for _, r := range s.c.rows {
		for _, cl := range s.c.clients {
			if cl.supports(r) {
				n++
			}
		}
	}
	return n
}

// runAll runs every row with every client, row by row, so that the runs
// compared with each other are close in time. It returns the results so
// far when ctx ends.
func (s *session) runAll(ctx context.Context, pr *progress) ([]result, error) {
	var results []result
	for _, r := range s.c.rows {
		for _, cl := range s.c.clients {
			if !cl.supports(r) {
				continue
			}
			p := s.c.plan(cl)
			var claimed atomic.Int64
			finish := pr.start(fmt.Sprintf("%s, %s ×%d", rowTitles[r], cl.name, p.conc), p.n, &claimed)
			res, err := s.runOne(ctx, r, cl, p, &claimed)
			out := result{row: r, client: cl, conc: p.conc}
			if cl.id == "sql" {
				out.pool = s.c.pool
			}
			if err == nil && res.err != nil {
				out.err = res.err.Error()
			}
			if err == nil {
				out.sum = summarize(res.latency, res.requests, res.elapsed)
			} else {
				out.err = err.Error()
			}
			finish(out)
			if ctx.Err() != nil {
				return results, ctx.Err()
			}
			results = append(results, out)
		}
	}
	return results, nil
}

func (s *session) runOne(ctx context.Context, r row, cl client, p plan, claimed *atomic.Int64) (runResult, error) {
	switch cl.id {
	case "netbox", "netbox1":
		return s.nb.run(ctx, r, p, claimed)
	case "sql":
		return runGo(ctx, s.sql, r, p, claimed)
	case "sqldefault":
		return runGo(ctx, s.sqlDef, r, p, claimed)
	default:
		return runGo(ctx, s.box, r, p, claimed)
	}
}
