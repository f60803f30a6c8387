package box

import (
	"reflect"
	"sync"
	"testing"

	"github.com/tntsql/tarantool/iproto"
)

// TestFirstPlans checks the slots of the first destination types, filled
// by goroutines at once: each type in one slot at most, and every plan,
// from a slot or not, decodes what decodePlan's does.
func TestFirstPlans(t *testing.T) {
	types := []reflect.Type{
		reflect.TypeFor[struct{ A int }](), reflect.TypeFor[struct{ B int }](), reflect.TypeFor[struct{ C int }](),
		reflect.TypeFor[struct{ D int }](), reflect.TypeFor[struct{ E int }](), reflect.TypeFor[struct{ F int }](),
		reflect.TypeFor[struct{ G int }](), reflect.TypeFor[struct{ H int }](), reflect.TypeFor[struct{ I int }](),
		reflect.TypeFor[struct{ J int }](), reflect.TypeFor[struct{ K int }](), reflect.TypeFor[struct{ L int }](),
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range types {
				typ := types[(i+g)%len(types)]
				v := reflect.New(typ).Elem()
				d := iproto.NewDecoder([]byte{0x91, 0x2a}) // [42]
				if err := destinationPlan(typ)(d, v, nil, 0); err != nil {
					t.Error(typ, err)
					return
				}
				if got := v.Field(0).Int(); got != 42 {
					t.Errorf("%v: decoded %d, want 42", typ, got)
				}
			}
		}()
	}
	wg.Wait()
	seen := map[reflect.Type]bool{}
	for i := range firstPlans {
		p := firstPlans[i].Load()
		if p == nil {
			continue
		}
		if seen[p.t] {
			t.Errorf("%v in two slots", p.t)
		}
		seen[p.t] = true
	}
	if len(seen) == 0 {
		t.Error("no slot filled")
	}
}
