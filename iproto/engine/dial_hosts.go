package engine

import (
	"context"
	"math/rand/v2"
)

// dialHosts tries cfg's addresses in turn (shuffled with LoadBalanceHosts)
// and returns the first connection whose instance suits
// cfg.TargetSessionAttrs. With TargetPreferStandby, the first instance
// that connected is kept in reserve while a read-only one is looked for.
func dialHosts(ctx context.Context, cfg *Config) (*Conn, error) {
	addrs := cfg.Addresses()
	if cfg.LoadBalanceHosts {
		rand.Shuffle(len(addrs), func(i, j int) { addrs[i], addrs[j] = addrs[j], addrs[i] })
	}
	target := cfg.TargetSessionAttrs
	one := cfg.Clone()
	one.FallbackAddresses = nil
	var reserve *Conn
	var tries []HostTry
	for _, addr := range addrs {
		if ctx.Err() != nil {
			break
		}
		one.Address = addr
		c, err := dialTraced(ctx, one)
		if err != nil {
			tries = append(tries, HostTry{Address: addr, Err: err})
			continue
		}
		if target == TargetAny || target.Accepts(c.Role()) {
			if reserve != nil {
				reserve.Close()
			}
			return c, nil
		}
		if target == TargetPreferStandby && reserve == nil {
			reserve = c
			continue
		}
		tries = append(tries, HostTry{Address: addr, Err: &WrongRoleError{Address: addr, Role: c.Role(), Target: target}})
		c.Close()
	}
	if reserve != nil {
		return reserve, nil
	}
	if err := ctx.Err(); err != nil && len(tries) < len(addrs) {
		tries = append(tries, HostTry{Address: "(the rest)", Err: err})
	}
	return nil, &HostsError{Target: target, Tries: tries}
}
