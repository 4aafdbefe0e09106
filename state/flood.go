package state

import (
	"context"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// FloodCounter counts each user's updates per minute, shared by every instance.
type FloodCounter struct {
	rdb  redis.UniversalClient
	keys Keys
}

// NewFloodCounter returns a counter over rdb.
func NewFloodCounter(rdb redis.UniversalClient, keys Keys) *FloodCounter {
	return &FloodCounter{rdb: rdb, keys: keys}
}

// floodKeep is how long a minute's count outlives its minute.
const floodKeep = 2 * time.Minute

// Flood counts one more update of userID in the minute of now and returns the minute's
// count so far, this one included.
func (f *FloodCounter) Flood(ctx context.Context, userID int64, now time.Time) (int64, error) {
	key := f.keys.Flood(userID, now.Unix()/60)
	var incr *redis.IntCmd
	_, err := f.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		incr = p.Incr(ctx, key)
		p.Expire(ctx, key, floodKeep)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("count updates of user %d: %w", userID, err)
	}
	return incr.Val(), nil
}
