package crud_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tntsql/tarantool/crud"
	"github.com/tntsql/tarantool/internal/tnttest"
)

// benchConcurrency is the requests in flight: goroutines for this
// package, fibers for net.box.
const benchConcurrency = 300

// netboxCrud is the Lua client the benchmarks compare with: net.box
// calling the router's crud functions from benchConcurrency fibers on one
// connection; it prints the seconds the n calls took.
const netboxCrud = `
local netbox, fiber, clock = require('net.box'), require('fiber'), require('clock')
local uri, op, n, conc, base = arg[1], arg[2], tonumber(arg[3]), tonumber(arg[4]), tonumber(arg[5])
local conn = netbox.connect(uri)
assert(conn:ping(), 'cannot connect to ' .. uri)
local next, done = 0, fiber.channel(conc)
local t0 = clock.monotonic()
for _ = 1, conc do
    fiber.create(function()
        while next < n do
            next = next + 1
            local i = next
            local res, err
            if op == 'get' then
                res, err = conn:call('crud.get', {'customers', i % 1000 + 1})
            else
                res, err = conn:call('crud.insert_object', {'customers', {id = base + i, name = 'bench', age = 1}, {noreturn = true}})
            end
            if err ~= nil then io.stderr:write(tostring(err.str or err), '\n') os.exit(1) end
        end
        done:put(true)
    end)
end
for _ = 1, conc do done:get() end
print(clock.monotonic() - t0)
os.exit(0)
`

// runNetbox runs netboxCrud for b.N calls of op and reports its time per
// call as ns/op.
func runNetbox(b *testing.B, cl *tnttest.Cluster, op string, base uint64) {
	script := filepath.Join(b.TempDir(), "netbox_crud.lua")
	if err := os.WriteFile(script, []byte(netboxCrud), 0o644); err != nil {
		b.Fatal(err)
	}
	uri := tnttest.User + ":" + tnttest.Password + "@" + cl.Routers[0].Addr
	b.ResetTimer()
	out, err := exec.Command(cl.Routers[0].Bin, script, uri, op, strconv.Itoa(b.N), strconv.Itoa(benchConcurrency), strconv.FormatUint(base, 10)).CombinedOutput()
	b.StopTimer()
	if err != nil {
		b.Fatalf("net.box: %v\n%s", err, out)
	}
	secs, err := strconv.ParseFloat(strings.TrimSpace(string(out)), 64)
	if err != nil {
		b.Fatalf("net.box printed %q", out)
	}
	b.ReportMetric(secs*1e9/float64(b.N), "ns/op")
	b.ReportMetric(float64(b.N)/secs, "calls/s")
}

// benchClient connects to router 0 only, as the net.box client does.
func benchClient(b *testing.B) (*crud.Client, *tnttest.Cluster) {
	cl := tnttest.SharedCluster(b)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := crud.Connect(ctx, cl.RouterDSN(0, ""))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { c.Close() })
	return c, cl
}

// insertBase gives each benchmark run ids of its own.
var insertBase atomic.Uint64

func init() { insertBase.Store(1 << 32) }

func BenchmarkGet(b *testing.B) {
	c, cl := benchClient(b)
	ctx := context.Background()
	for id := uint64(1); id <= 1000; id++ {
		if err := c.ReplaceObject(ctx, "customers", Customer{ID: id, Name: "bench", Age: age(1)}).Err(); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("crud", func(b *testing.B) {
		b.ReportAllocs()
		b.SetParallelism(benchConcurrency / max(1, runtimeProcs()))
		var n atomic.Uint64
		start := time.Now()
		b.RunParallel(func(pb *testing.PB) {
			var cu Customer
			for pb.Next() {
				id := n.Add(1)%1000 + 1
				if err := c.Get(ctx, "customers", id).Decode(&cu); err != nil {
					b.Error(err)
					return
				}
			}
		})
		b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "calls/s")
	})
	b.Run("netbox", func(b *testing.B) { runNetbox(b, cl, "get", 0) })
}

func BenchmarkInsert(b *testing.B) {
	c, cl := benchClient(b)
	ctx := context.Background()
	b.Run("crud", func(b *testing.B) {
		b.ReportAllocs()
		b.SetParallelism(benchConcurrency / max(1, runtimeProcs()))
		base := insertBase.Add(1 << 24)
		var n atomic.Uint64
		start := time.Now()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				id := base + n.Add(1)
				if err := c.InsertObject(ctx, "customers", Customer{ID: id, Name: "bench", Age: age(1)}, crud.NoReturn()).Err(); err != nil {
					b.Error(err)
					return
				}
			}
		})
		b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "calls/s")
	})
	b.Run("netbox", func(b *testing.B) { runNetbox(b, cl, "insert", insertBase.Add(1<<24)) })
}

// runtimeProcs is GOMAXPROCS, which RunParallel multiplies the
// parallelism by.
func runtimeProcs() int { return runtime.GOMAXPROCS(0) }
