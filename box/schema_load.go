package box

import (
	"context"
	"errors"
	"fmt"
	"math"

	"github.com/tntsql/tarantool/iproto"
	"github.com/tntsql/tarantool/iproto/engine"
)

// Schema returns the schema the connection last loaded, loading it first
// if it never was.
func (c *Conn) Schema(ctx context.Context) (*Schema, error) {
	if s := c.sch.Load(); s != nil {
		return s, nil
	}
	ic, err := c.conn(ctx)
	if err != nil {
		return nil, err
	}
	return c.reloadSchema(ctx, ic, nil)
}

// RefetchSchema loads the schema again and returns it.
func (c *Conn) RefetchSchema(ctx context.Context) (*Schema, error) {
	ic, err := c.conn(ctx)
	if err != nil {
		return nil, err
	}
	return c.loadSchema(ctx, ic)
}

// currentSchema returns the schema to resolve names with: the loaded one
// while the server has reported no other version on ic, a fresh one
// otherwise.
func (c *Conn) currentSchema(ctx context.Context, ic *engine.Conn) (*Schema, error) {
	s := c.sch.Load()
	if s != nil && s.Version == ic.SchemaVersion() {
		return s, nil
	}
	return c.reloadSchema(ctx, ic, s)
}

// reloadSchema loads the schema unless another goroutine replaced stale
// while this one waited.
func (c *Conn) reloadSchema(ctx context.Context, ic *engine.Conn, stale *Schema) (*Schema, error) {
	c.smu.Lock()
	defer c.smu.Unlock()
	if s := c.sch.Load(); s != stale && s != nil && s.Version == ic.SchemaVersion() {
		return s, nil
	}
	return c.loadSchemaLocked(ctx, ic)
}

func (c *Conn) loadSchema(ctx context.Context, ic *engine.Conn) (*Schema, error) {
	c.smu.Lock()
	defer c.smu.Unlock()
	return c.loadSchemaLocked(ctx, ic)
}

// errSchemaRace is returned when DDL kept changing the schema while it was
// read.
var errSchemaRace = errors.New("tarantool: the schema changed while it was being read; try again")

// loadSchemaLocked reads _vspace and _vindex in one round trip. Both
// replies must carry the same schema version, or DDL ran in between and
// the pair is read again.
func (c *Conn) loadSchemaLocked(ctx context.Context, ic *engine.Conn) (*Schema, error) {
	for try := 0; try < 5; try++ {
		// Both selects go out together: one round trip.
		fs, err := sendSelectAll(ic, vspaceID)
		if err != nil {
			return nil, fmt.Errorf("tarantool: loading the schema: %w", err)
		}
		fi, ierr := sendSelectAll(ic, vindexID)
		spaces, sv, err := waitAll(ctx, fs)
		if ierr != nil {
			return nil, fmt.Errorf("tarantool: loading the schema: %w", ierr)
		}
		indexes, iv, ierr := waitAll(ctx, fi)
		if err == nil {
			err = ierr
		}
		if err != nil {
			return nil, fmt.Errorf("tarantool: loading the schema: %w", err)
		}
		if sv != iv {
			continue
		}
		sp, err := decodeSpaces(spaces)
		if err != nil {
			return nil, err
		}
		ix, err := decodeIndexes(indexes)
		if err != nil {
			return nil, err
		}
		s := newSchema(sv, sp, ix)
		c.sch.Store(s)
		return s, nil
	}
	return nil, errSchemaRace
}

func sendSelectAll(ic *engine.Conn, space uint32) (engine.Future, error) {
	return ic.Send(&iproto.Select{SpaceID: space, Iterator: iproto.IterAll, Limit: math.MaxUint32}, nil)
}

// waitAll returns the tuples of a system view and the schema version of
// the reply.
func waitAll(ctx context.Context, f engine.Future) ([]any, uint64, error) {
	resp, err := f.Wait(ctx)
	if err != nil {
		return nil, 0, err
	}
	defer resp.Release()
	tuples, err := resp.DecodeData()
	return tuples, resp.Header().SchemaVersion, err
}
