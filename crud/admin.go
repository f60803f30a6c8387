package crud

import (
	"context"

	"github.com/tntsql/tarantool/iproto"
	"github.com/vmihailenco/msgpack/v5"
)

// Truncate empties a space on every storage (crud.truncate).
func (c *Client) Truncate(ctx context.Context, space string, opts ...Option) error {
	res := c.do(ctx, false, "crud.truncate", space, options(opts))
	return res.raw(func(data []byte) error {
		return c.values(data, func(*iproto.Decoder) error { return nil })
	})
}

// StorageStatus is one storage instance as crud.storage_info sees it.
type StorageStatus struct {
	// Status is "running" when crud is ready on it, "uninitialized" when
	// crud.init_storage was not called there, "error" when the router
	// could not ask it (Message says why).
	Status   string `msgpack:"status"`
	IsMaster bool   `msgpack:"is_master"`
	Message  string `msgpack:"message"`
}

// StorageInfo asks every storage of the cluster for its state
// (crud.storage_info), by instance (UUID, or name on 3.x).
func (c *Client) StorageInfo(ctx context.Context, opts ...Option) (map[string]StorageStatus, error) {
	var out map[string]StorageStatus
	res := c.do(ctx, true, "crud.storage_info", options(opts))
	err := res.raw(func(data []byte) error {
		return c.values(data, func(d *iproto.Decoder) error {
			raw, err := d.Raw()
			if err != nil {
				return err
			}
			return msgpack.Unmarshal(raw, &out)
		})
	})
	return out, err
}

// OpStats are the statistics of one operation on a space, as
// crud.stats keeps them on a router (crud.cfg{stats = true}).
type OpStats struct {
	OK    Counter `msgpack:"ok"`
	Error Counter `msgpack:"error"`
	// Details holds select's and pairs' storage-side details (map_reduces,
	// tuples_fetched, tuples_lookup) when crud has them.
	Details map[string]any `msgpack:"details"`
}

// Counter counts the calls of one outcome and their time.
type Counter struct {
	Count          uint64  `msgpack:"count"`
	Time           float64 `msgpack:"time"`            // seconds in all
	Latency        float64 `msgpack:"latency"`         // seconds: the recent average (or quantile)
	LatencyAverage float64 `msgpack:"latency_average"` // seconds
	// LatencyQuantileRecent is set with quantile statistics.
	LatencyQuantileRecent float64 `msgpack:"latency_quantile_recent"`
}

// Stats returns the router's statistics of a space (crud.stats(space)),
// by operation ("insert", "select", "get", ...). The Client's requests
// go to one router each: the statistics are that router's.
func (c *Client) Stats(ctx context.Context, space string) (map[string]OpStats, error) {
	var out map[string]OpStats
	res := c.do(ctx, true, "crud.stats", space)
	err := res.raw(func(data []byte) error {
		return c.values(data, func(d *iproto.Decoder) error {
			if d.Peek() == iproto.KindNil {
				return nil
			}
			raw, err := d.Raw()
			if err != nil {
				return err
			}
			return msgpack.Unmarshal(raw, &out)
		})
	})
	return out, err
}
