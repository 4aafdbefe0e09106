package state

import (
	"context"
	"net"
	"strings"

	"github.com/redis/go-redis/v9"
)

// unitKey is the context key of the Unit whose update is being handled.
type unitKey struct{}

// WithUnit returns ctx carrying u, the unit of work of the update it handles, so that
// UnitHook can tell u when the handling writes.
func WithUnit(ctx context.Context, u *Unit) context.Context {
	return context.WithValue(ctx, unitKey{}, u)
}

// withoutUnit is ctx with no unit: for writes that cannot change what a unit reads ahead.
func withoutUnit(ctx context.Context) context.Context {
	if u, _ := ctx.Value(unitKey{}).(*Unit); u == nil {
		return ctx
	}
	return context.WithValue(ctx, unitKey{}, (*Unit)(nil))
}

// UnitHook is the Redis client's hook that keeps what was read ahead for an update honest:
// once the handling of an update (its context carries the Unit, see WithUnit) sends Redis
// a command that is not a plain read — a write, or a script — what was read ahead of the
// records is no longer served, since the write may have changed it. Before this, a handler
// had to read what was read ahead before writing anything, by convention.
type UnitHook struct{}

var _ redis.Hook = UnitHook{}

func (UnitHook) DialHook(next redis.DialHook) redis.DialHook {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		return next(ctx, network, addr)
	}
}

func (UnitHook) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		markWrite(ctx, cmd)
		return next(ctx, cmd)
	}
}

func (UnitHook) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		for _, cmd := range cmds {
			if markWrite(ctx, cmd) {
				break
			}
		}
		return next(ctx, cmds)
	}
}

// markWrite tells the unit in ctx, if any, that cmd may write; it reports whether it did.
func markWrite(ctx context.Context, cmd redis.Cmder) bool {
	u, _ := ctx.Value(unitKey{}).(*Unit)
	if u == nil || readOnly[strings.ToLower(cmd.Name())] {
		return false
	}
	u.wrote.Store(true)
	return true
}

// readOnly are the commands that cannot change what a unit read ahead; anything else,
// scripts included, counts as a write.
var readOnly = map[string]bool{
	"get": true, "mget": true, "strlen": true, "exists": true, "ttl": true, "pttl": true, "type": true,
	"hget": true, "hmget": true, "hgetall": true, "hexists": true, "hlen": true, "hkeys": true, "hvals": true,
	"smembers": true, "sismember": true, "smismember": true, "scard": true,
	"zrange": true, "zrangebyscore": true, "zrevrange": true, "zrevrangebyscore": true, "zscore": true, "zcard": true, "zcount": true,
	"llen": true, "lrange": true, "lindex": true,
	"scan": true, "hscan": true, "sscan": true, "zscan": true, "ping": true, "dump": true,
	"evalsha_ro": true, "eval_ro": true,
}
